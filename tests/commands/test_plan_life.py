"""A plan's life: tracking from the first use, start, use, runs, shift, repeat-week, finishing, switching."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from cadence.store import Store
from helpers import Cli, PlanWriter
from planned import Planned, items
from plans import goal, plan, plan_table, task
from stores import build_at_version

FLOATING = plan(
    plan_table("Life", start=None, weeks=3, rest_days=["sun"], makeup_days=1),
    task("comment", "Comments", days="weekdays", unit="comments", target=2, duration="20m", results=["connections"]),
    task("post", "Post", days=["mon", "thu"], unit="posts"),
    goal("connections", "Connections", metric="connections", target=10, by="week 3"),
)
FIXED = plan(
    plan_table("Fixed", start=date(2026, 11, 16), weeks=4, makeup_days=1),
    task("comment", "Comments", days="weekdays", unit="comments", target=2),
)


@pytest.fixture
def life(cli: Cli, write_plan: PlanWriter) -> Planned:
    return Planned(cli, write_plan(FLOATING, "life.toml"))


@pytest.fixture
def fixed(cli: Cli, write_plan: PlanWriter) -> Planned:
    return Planned(cli, write_plan(FIXED, "fixed.toml"))


# --------------------------------------------------------------------------- tracking from the first use


def test_first_use_on_a_wednesday_owes_nothing_from_before(life: Planned) -> None:
    data = life.json("today")
    assert (data["start"], data["tracking_from"], data["week"], data["run"]) == ("2026-11-30", "2026-12-02", 1, 1)
    assert items(data) == [("comment", 2, "open")]
    assert data["makeup"] == []  # Tuesday was before cadence was used
    tuesday = life.json("today", "--date", "2026-12-01")
    assert items(tuesday) == [("comment", 2, "untracked")]
    assert tuesday["untracked"] is True


def test_adherence_streak_and_pace_count_from_the_tracking_start(life: Planned) -> None:
    life("today")
    assert life("check", "comment").code == 0
    assert life("log", "connections=2", "--task", "comment").code == 0
    assert life("check", "comment", at="2026-12-03T09:00").code == 0  # Thursday's post is left undone
    saturday = "2026-12-05T12:00"
    review = life.json("review", at=saturday)
    assert review["adherence"] == round(2 / 3, 4)  # Wed comment, Thu comment done; Thu post missed
    assert review["weeks"] == [{"number": 1, "adherence": round(2 / 3, 4)}]
    [connections] = review["goals"]
    # four days tracked: too early to project (one connection on day 1 does not make a pace)
    assert (connections["current"], connections["projected"], connections["pace"]) == (2, None, "too_early")
    streak = life.json("streak", at=saturday)
    assert (streak["current"], streak["longest"]) == (0, 1)


def test_a_fixed_plan_first_used_in_its_week_3(fixed: Planned) -> None:
    data = fixed.json("today")
    assert (data["start"], data["week"], data["tracking_from"], data["makeup"]) == (
        "2026-11-16",
        3,
        "2026-12-02",
        [],
    )
    assert items(fixed.json("today", "--date", "2026-11-24")) == [("comment", 2, "untracked")]
    assert fixed.json("review")["adherence"] is None
    assert (fixed.json("streak")["current"], fixed.json("streak")["longest"]) == (0, 0)
    shown = fixed.json("plan", "show")
    assert [week["number"] for week in shown["weeks"]] == [1, 2, 3, 4]  # the plan as written
    assert shown["tracking_from"] == "2026-12-02"


def test_a_forced_back_dated_check_in_moves_the_tracking_start(life: Planned) -> None:
    life("today")
    refused = life("check", "comment", "--date", "2026-12-01")
    assert (refused.code, refused.err) == (
        1,
        "cadence: error: cannot check in for 2026-12-01: tracking began on Wed 2026-12-02"
        " (add --force to move the tracking start back to it)\n",
    )
    assert life("check", "comment", "--date", "2026-12-01", "--force").code == 0
    data = life.json("today")
    assert data["tracking_from"] == "2026-12-01"
    assert items(life.json("today", "--date", "2026-11-30")) == [("comment", 2, "untracked"), ("post", 1, "untracked")]
    assert life("undo").out == "Undid check-in of Comments 2 on Tue 01 Dec.\n"
    assert life.json("today")["tracking_from"] == "2026-12-02"


# --------------------------------------------------------------------------- start


def test_start_monday_on_a_floating_plan(life: Planned) -> None:
    result = life("start", "monday")
    assert result.out == (
        "Run 1 of Life: week 1 starts on Mon 2026-12-07, tracking from Mon 2026-12-07; it ends on Sun 2026-12-27.\n"
    )
    assert life("today").out.splitlines()[0] == "Life starts on Mon 2026-12-07, in 5 days."
    assert life.json("today")["week"] is None


def test_start_on_a_past_date_tracks_from_it(life: Planned) -> None:
    result = life("start", "2026-11-25")
    assert result.out == (
        "Run 1 of Life: week 1 starts on Wed 2026-11-25, tracking from Wed 2026-11-25; it ends on Tue 2026-12-15.\n"
    )
    data = life.json("today")
    assert (data["start"], data["tracking_from"], data["week"]) == ("2026-11-25", "2026-11-25", 2)
    assert [(i["id"], i["date"]) for i in data["makeup"]] == [("comment", "2026-12-01")]


def test_start_after_records_needs_restart_which_keeps_the_earlier_run(life: Planned) -> None:
    life("check", "comment")
    before = life.export()
    refused = life("start", "monday")
    assert (refused.code, refused.err) == (
        1,
        "cadence: error: 'Life' is under way (run 1, since Wed 2026-12-02); add --restart to begin a new run,"
        " which keeps this one in 'cadence runs'\n",
    )
    assert life.export() == before
    restarted = life("start", "today", "--restart")
    assert restarted.out == (
        "A new run 2 of Life: week 1 starts on Wed 2026-12-02, tracking from Wed 2026-12-02;"
        " it ends on Tue 2026-12-22.\n"
    )
    data = life.json("today")
    assert (data["run"], items(data)) == (2, [("comment", 2, "open")])
    assert data["items"][0]["done"] == 0  # run 1's check-in stays in run 1
    listed = life.json("runs")
    assert [(r["number"], r["plan"], r["start"], r["current"]) for r in listed] == [
        (1, "Life", "2026-11-30", False),
        (2, "Life", "2026-12-02", True),
    ]
    assert life("undo").out == "Undid start on Wed 02 Dec.\n"
    assert life.json("today")["items"][0]["done"] == 2  # back on run 1


def test_start_refuses_a_plan_whose_file_fixes_its_days(fixed: Planned) -> None:
    before = fixed.export()
    result = fixed("start", "monday")
    assert (result.code, result.err) == (
        1,
        "cadence: error: 'Fixed' fixes its days in the plan file (start = 2026-11-16); edit 'start' there to move it\n",
    )
    assert fixed.export() == before


# --------------------------------------------------------------------------- use and switching


def test_use_writes_a_missing_config(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    path = write_plan(FLOATING, "life.toml")
    result = cli("use", str(path))
    config = tmp_path / "config" / "cadence" / "config.toml"
    assert result.code == 0, result.err
    assert result.out == (
        f"Using Life ({path}), written to {config}; its first use starts it on this week's Monday,"
        " or choose the day with 'cadence start'.\n"
    )
    assert tomllib.loads(config.read_text()) == {"plan": str(path)}
    assert json.loads(cli("today", "--json").out)["plan"] == "Life"


def test_use_keeps_the_other_keys_and_says_there_is_a_run(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    path = write_plan(FLOATING, "life.toml")
    config = tmp_path / "config" / "cadence" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('plan = "old.toml"\n\n[sync]\nurl = "postgresql://hub.example/cadence"\nmember = "ana"\n')
    cli("today", "--plan", str(path))
    result = cli("use", str(path))
    assert result.out.endswith("it has a run already (run 1, tracking since Wed 2026-12-02), which goes on.\n")
    assert tomllib.loads(config.read_text()) == {
        "plan": str(path),
        "sync": {"url": "postgresql://hub.example/cadence", "member": "ana"},
    }


def test_use_refuses_a_plan_with_errors_and_changes_nothing(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    config = tmp_path / "config" / "cadence" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('plan = "old.toml"\n')
    broken = write_plan('[plan]\nname = "Broken"\nweeks = 0\n', "broken.toml")
    result = cli("use", str(broken))
    assert result.code == 1
    assert result.err == (
        f"{broken}:3:9: error: 'weeks' in [plan] must be an integer from 1 to 104, not the integer 0\n"
        f"{broken}: not switched; the plan in use stays as it was\n"
    )
    assert config.read_text() == 'plan = "old.toml"\n'


def test_events_of_one_plan_never_count_for_another(cli: Cli, write_plan: PlanWriter) -> None:
    first = Planned(cli, write_plan(FLOATING, "life.toml"))
    other = Planned(cli, write_plan(FLOATING.replace('name = "Life"', 'name = "Other"'), "other.toml"))
    first("check", "comment")
    first("log", "connections=4", "--task", "comment")
    data = other.json("today")
    assert [(i["id"], i["done"]) for i in data["items"]] == [("comment", 0)]
    assert other.json("review")["goals"][0]["current"] == 0
    assert [(r["number"], r["plan"]) for r in other.json("runs")] == [(1, "Life"), (2, "Other")]


# --------------------------------------------------------------------------- history from before runs


def test_history_from_before_runs_goes_to_the_first_plan_used(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    home = tmp_path / "home"
    build_at_version(home, 3)  # 'Old plan' floating from Mon 2026-01-05, a check-in of comment 3 that day
    path = write_plan(
        plan(
            plan_table("Old plan", start=None, weeks=2),
            task("comment", "Comments", unit="comments", target=3),
        ),
        "old.toml",
    )
    data = json.loads(cli("today", "--json", "--plan", str(path), CADENCE_NOW="2026-01-05T20:00").out)
    assert (data["run"], data["start"], data["tracking_from"]) == (0, "2026-01-05", "2026-01-05")
    assert [(i["id"], i["done"], i["status"]) for i in data["items"]] == [("comment", 3, "done")]
    store = Store.open(home)
    assert store is not None
    try:
        assert [(e.kind, e.run) for e in store.events()] == [("checkin", 0), ("start", 0)]
    finally:
        store.close()


# --------------------------------------------------------------------------- found by living with it


def test_use_keeps_comments_and_refuses_a_config_with_errors(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    path = write_plan(FLOATING, "life.toml")
    config = tmp_path / "config" / "cadence" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('# my settings\nplan = "old.toml"  # the old one\n\n[sync]  # the hub\nmember = "ana"\n')
    assert cli("use", str(path)).code == 0
    assert config.read_text() == f'# my settings\nplan = "{path}"\n\n[sync]  # the hub\nmember = "ana"\n'
    config.write_text('colours = "dark"\n')
    refused = cli("use", str(path))
    assert (refused.code, refused.err) == (
        1,
        f"cadence: error: {config}:1:1: error: unknown key 'colours' in config.toml; it may hold: plan, theme,"
        " reminders, sync, serve\n",
    )
    assert config.read_text() == 'colours = "dark"\n'


@pytest.mark.parametrize(
    ("args", "at", "message"),
    [
        (
            ("shift", "3000000"),
            "2026-12-02T09:00",
            "shift by 365 days (52w) at most, not '3000000'; a new start suits longer breaks",
        ),
        (
            ("shift", "53w"),
            "2026-12-02T09:00",
            "shift by 365 days (52w) at most, not '53w'; a new start suits longer breaks",
        ),
        (("check", "comment", "2000000"), "2026-12-02T09:00", "the amount must be at most 1,000,000, not '2000000'"),
        (
            ("today",),
            "9999-12-31T09:00",
            "CADENCE_NOW 9999-12-31T09:00 is outside the years cadence plans in (1000 to 8999)",
        ),
    ],
)
def test_numbers_no_plan_could_use_are_refused(
    cli: Cli, write_plan: PlanWriter, args: tuple[str, ...], at: str, message: str
) -> None:
    planned = Planned(cli, write_plan(FLOATING, "life.toml"))
    before = planned.export()
    result = planned(*args, at=at)
    assert (result.code, result.err) == (1, f"cadence: error: {message}\n")
    assert planned.export() == before
    assert planned("today").code == 0  # the home is as usable as before
