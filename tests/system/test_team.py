"""A coach's view of the hub: `team` and `review --member`, against a real PostgreSQL, values written out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import Cli
from machines import Machine
from plans import LINKEDIN, goal, plan, plan_table, task
from postgres import Hub

TEAM_PLAN = plan(
    plan_table("Team plan", weeks=4, rest_days=["sun"]),
    task("comment", "Comments", days="weekdays", unit="comments", target=3, **LINKEDIN),
    task("post", "Post", days=["wed"], unit="posts"),
    goal("connections", "Connections", metric="connections", target=12, by="week 4"),
)
MONDAY, TUESDAY, WEDNESDAY = "2026-11-30T09:00", "2026-12-01T09:00", "2026-12-02T09:00"


@pytest.fixture
def team(cli: Cli, hub: Hub, tmp_path: Path) -> dict[str, Any]:
    """ana since Monday (a partial Monday, a done Tuesday, the post today), bob since today, dave not yet."""
    path = tmp_path / "team.toml"
    path.write_text(TEAM_PLAN)
    ana = Machine(cli, tmp_path / "ana", path, hub.add("member", "ana"))
    bob = Machine(cli, tmp_path / "bob", path, hub.add("member", "bob"))
    hub.add("member", "dave")
    coach = hub.add("coach", "carla")
    ana.offline("check", "comment", "2", now=MONDAY)
    ana.offline("check", "comment", "3", now=TUESDAY)
    ana.offline("log", "connections=4", "--task", "comment", now=TUESDAY)
    ana.offline("check", "post", now=WEDNESDAY)
    bob.offline("check", "post", now=WEDNESDAY)
    bob.offline("check", "comment", now=WEDNESDAY)
    for machine in (ana, bob):
        assert machine.sync().code == 0
    return {"ana": ana, "coach": coach}


def test_team_json_lists_each_member(cli: Cli, team: dict[str, Any]) -> None:
    result = cli("team", "--json", CADENCE_SYNC_URL=team["coach"], CADENCE_NOW=WEDNESDAY)
    assert result.code == 0, result.err
    members = json.loads(result.out)
    recorded = [member.pop("last_recorded") for member in members]
    assert recorded[2] is None and all(when.endswith("+00:00") for when in recorded[:2])
    assert members == [
        {
            "member": "ana",
            "plan": "Team plan",
            "week": 2,
            "adherence_this_week": 0.8889,  # Monday's comments 2/3 (missed), Tuesday's 3/3, today's post 1/1
            "adherence": 0.8889,
            "streak": 1,  # Tuesday kept, today still open, Monday missed
            "goals_on_pace": 0,  # 4 connections in 3 days: too early to project (two tracked weeks first)
            "goals": 1,
            "problem": None,
        },
        {
            "member": "bob",
            "plan": "Team plan",
            "week": 2,
            "adherence_this_week": 1.0,
            "adherence": 1.0,
            "streak": 1,
            "goals_on_pace": 0,
            "goals": 1,
            "problem": None,
        },
        {
            "member": "dave",
            "plan": None,
            "week": None,
            "adherence_this_week": None,
            "adherence": None,
            "streak": None,
            "goals_on_pace": None,
            "goals": None,
            "problem": "dave has not synced any events yet",
        },
    ]


def test_team_text_is_a_table(cli: Cli, team: dict[str, Any], hub: Hub) -> None:
    result = cli("team", CADENCE_SYNC_URL=team["coach"], CADENCE_NOW=WEDNESDAY)
    assert result.out.splitlines() == [
        f"Team on carla@{hub.server.socket}:5432/{hub.database}",
        "member  plan       week  this week  so far  streak  goals on pace",
        "ana     Team plan  2     89%        89%     1       0/1",
        "bob     Team plan  2     100%       100%    1       0/1",
        "dave    -          -     -          -       -       -",
        "  dave: dave has not synced any events yet",
    ]


def test_review_member_is_the_members_own_review(cli: Cli, team: dict[str, Any]) -> None:
    ana: Machine = team["ana"]
    own = json.loads(ana.offline("review", "--json", now=WEDNESDAY).out)
    coached = cli("review", "--member", "ana", "--json", CADENCE_SYNC_URL=team["coach"], CADENCE_NOW=WEDNESDAY)
    assert coached.code == 0, coached.err
    assert json.loads(coached.out) == own
    assert (own["adherence"], own["tracking_from"]) == (0.8889, "2026-11-30")
    assert [(g["id"], g["current"], g["projected"], g["on_pace"], g["pace"]) for g in own["goals"]] == [
        ("connections", 4, None, None, "too_early")  # three days tracked
    ]
    text = cli("review", "--member", "ana", "--week", "2", CADENCE_SYNC_URL=team["coach"], CADENCE_NOW=WEDNESDAY)
    assert text.out.splitlines()[:5] == [
        "Member ana",
        "Review of Team plan, week 2, as of Wed 2026-12-02",
        "Adherence: 89%",
        "Comebacks: 1 (a day kept after a missed one)",  # Tuesday, after Monday's 2 of 3
        "  week   2  ██████████████████·· 89%",
    ]


def test_review_of_an_unknown_member_names_the_members(cli: Cli, team: dict[str, Any], hub: Hub) -> None:
    result = cli("review", "--member", "eve", CADENCE_SYNC_URL=team["coach"])
    assert (result.code, result.err) == (
        1,
        f"cadence: error: no member 'eve' on the hub carla@{hub.server.socket}:5432/{hub.database};"
        " its members: ana, bob, dave\n",
    )


def test_a_coach_writes_nothing_to_the_hub(cli: Cli, team: dict[str, Any], hub: Hub) -> None:
    before = hub.rows("SELECT COUNT(*), MAX(seq) FROM cadence.events")
    assert cli("team", CADENCE_SYNC_URL=team["coach"]).code == 0
    assert cli("review", "--member", "ana", CADENCE_SYNC_URL=team["coach"]).code == 0
    assert hub.rows("SELECT COUNT(*), MAX(seq) FROM cadence.events") == before
