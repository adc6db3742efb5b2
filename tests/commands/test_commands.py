"""check, skip, log, undo, streak, review, export and import through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Cli, PlanWriter
from plans import LINKEDIN, goal, plan, plan_table, task

PLAN = plan(
    plan_table("Commands", rest_days=["sun"], makeup_days=1),
    task("comment", "Comments", days="weekdays", unit="comments", target=4, duration="20m", **LINKEDIN),
    task("post", "Post", days=["tue", "thu"], unit="posts"),
    goal("connections", "Connections", metric="connections", target=20, by="week 4"),
)


@pytest.fixture
def run(cli: Cli, write_plan: PlanWriter) -> Cli:
    """Commands on the plan, in use since its first day (a first use on FIXED_NOW would track from then)."""
    plan = write_plan(PLAN)
    assert cli("today", "--plan", str(plan), CADENCE_NOW="2026-11-23T09:00").code == 0

    def with_plan(*args: str, **env: str) -> object:
        return cli(*args, "--plan", str(plan), **env)

    return with_plan  # type: ignore[return-value]


def export(run: Cli) -> str:
    result = run("export", "--format", "json")
    assert result.code == 0, result.err
    return result.out


def test_check_in_defaults_to_the_target_and_adds_up(run: Cli) -> None:
    first = run("check", "comment", "1")
    assert (first.code, first.out) == (0, "Checked in comment: 1/4 comments on Wed 2026-12-02, partial.\n")
    second = run("check", "comment")
    assert second.out == "Checked in comment: 5/4 comments on Wed 2026-12-02, done.\n"
    items = json.loads(run("today", "--json").out)["items"]
    assert [(i["id"], i["done"], i["status"]) for i in items] == [("comment", 5, "done")]


def test_back_dated_check_in_inside_the_window_makes_up_the_day(run: Cli) -> None:
    before = json.loads(run("today", "--json").out)["makeup"]
    assert [(i["id"], i["date"], i["status"]) for i in before] == [
        ("comment", "2026-12-01", "open"),
        ("post", "2026-12-01", "open"),
    ]
    assert run("check", "post", "--date", "2026-12-01").code == 0
    after = json.loads(run("today", "--json").out)["makeup"]
    assert [(i["id"], i["date"]) for i in after] == [("comment", "2026-12-01")]


def test_check_in_on_a_day_it_is_not_due_is_extra(run: Cli) -> None:
    result = run("check", "post")
    assert (
        result.out == "Checked in post: 1 post on Wed 2026-12-02, recorded as extra work (post is not due that day).\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("check", "comment", "--date", "2026-12-03"),
            "cannot check in for 2026-12-03: it is in the future (today is 2026-12-02)",
        ),
        (
            ("check", "comment", "--date", "2026-11-22"),
            "2026-11-22 is outside the plan, which runs from 2026-11-23 to 2026-12-20",
        ),
        (
            ("check", "comment", "--date", "2026-11-30"),
            "too late to make up 2026-11-30: the plan allows 1 day (add --force to correct the log)",
        ),
        (("check", "coment"), "unknown task 'coment'; did you mean 'comment'?"),
        (("check", "zzz"), "unknown task 'zzz'; the plan has: comment, post"),
        (("check", "comment", "0"), "the amount must be a number greater than 0, not '0'"),
        (("check", "comment", "-2"), "the amount must be a number greater than 0, not '-2'"),
        (("check", "comment", "lots"), "the amount must be a number greater than 0, not 'lots'"),
        (("check", "comment", "nan"), "the amount must be a number greater than 0, not 'nan'"),
        (("log", "connections"), "'connections' is not METRIC=N or METRIC@N, like connections=2 or followers@372"),
        (("log", "=3"), "'=3' is not METRIC=N or METRIC@N, like connections=2 or followers@372"),
        (
            ("log", "Connections=3"),
            "metric 'Connections' must be lower-case letters, digits, '_' and '-', like replies",
        ),
        (("log", "connections=x"), "the value of connections must be a number greater than 0, not 'x'"),
        (("log", "replies=1", "connections=-1"), "the value of connections must be a number greater than 0, not '-1'"),
        (("log", "replies=1", "--task", "coment"), "unknown task 'coment'; did you mean 'comment'?"),
        (
            ("log", "replies=1", "--date", "2026-12-05"),
            "cannot log results for 2026-12-05: it is in the future (today is 2026-12-02)",
        ),
        (("skip", "post"), "nothing to skip: 'post' is not due on Wed 2026-12-02"),
        (
            ("skip", "comment", "--date", "2026-11-25"),
            "too late to make up 2026-11-25: the plan allows 1 day (add --force to correct the log)",
        ),
        (("skip", "--all", "--from", "2026-12-10"), "--from and --to go together"),
        (
            ("skip", "--all", "--from", "2026-12-10", "--to", "2026-12-08"),
            "--to 2026-12-08 is before --from 2026-12-10",
        ),
        (
            ("skip", "--all", "--from", "2026-12-10", "--to", "2027-01-08"),
            "2027-01-08 is outside the plan, which runs from 2026-11-23 to 2026-12-20",
        ),
        (("skip", "--all", "--date", "2026-12-06"), "nothing to skip: nothing is due on Sun 2026-12-06"),
        (("undo",), "nothing to undo: the log has no event left to reverse"),
    ],
)
def test_refusals_are_one_line_exit_1_and_write_nothing(run: Cli, args: tuple[str, ...], message: str) -> None:
    before = export(run)
    result = run(*args)
    assert (result.code, result.out, result.err) == (1, "", f"cadence: error: {message}\n")
    assert export(run) == before


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("log",),
        ("skip",),
        ("skip", "post", "--all"),
        ("export",),
        ("export", "--format", "xml"),
        ("review", "--week", "two"),
    ],
)
def test_usage_errors_exit_2(run: Cli, args: tuple[str, ...]) -> None:
    before = export(run)
    result = run(*args)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert export(run) == before


def test_force_corrects_the_log_past_the_window(run: Cli) -> None:
    result = run("check", "comment", "4", "--date", "2026-11-24", "--force")
    assert result.out == "Checked in comment: 4/4 comments on Tue 2026-11-24, done.\n"


def test_planned_vacation_is_neutral_for_the_streak(run: Cli) -> None:
    run("check", "comment", "--date", "2026-12-01")
    run("check", "post", "--date", "2026-12-01")
    run("check", "comment")
    result = run("skip", "--all", "--from", "2026-12-03", "--to", "2026-12-09", "--reason", "vacation")
    assert result.out == "Skipped everything from Thu 2026-12-03 to Wed 2026-12-09: 7 occurrences excused (vacation).\n"
    later = json.loads(run("streak", "--json", CADENCE_NOW="2026-12-10T09:00").out)
    assert (later["current"], later["longest"], later["today"]) == (2, 2, "open")


def test_undo_says_what_it_reversed(run: Cli) -> None:
    run("log", "connections=2", "replies=3", "--task", "comment")
    result = run("undo")
    assert result.out == (
        "Undid result connections 2 for Comments on Wed 02 Dec; result replies 3 for Comments on Wed 02 Dec.\n"
    )


def test_streak_json(run: Cli) -> None:
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        run("check", "comment", "--date", day, CADENCE_NOW=f"{day}T20:00")
    run("check", "post", "--date", "2026-11-24", CADENCE_NOW="2026-11-24T20:00")
    data = json.loads(run("streak", "--json", CADENCE_NOW="2026-11-25T21:00").out)
    assert data == {
        "current": 3,
        "longest": 3,
        "comebacks": 0,
        "today": "kept",
        "tasks": {
            # weekdays in a plan that rests only on Sunday: times, as the Tuesday and Thursday post
            "comment": {"current": 3, "longest": 3, "strength": 0.14782, "unit": "times"},  # 1 - m**3
            "post": {"current": 1, "longest": 1, "strength": 0.051922, "unit": "times"},
        },
    }
    text = run("streak", CADENCE_NOW="2026-11-25T21:00").out
    assert text.splitlines() == [
        "Current streak: 3 days (longest 3)",
        "Comebacks: 0 (a day kept after a missed one)",
        "  task       current    longest  strength",
        "  comment    3 times    3 times  █········· 15%",
        "  post        1 time     1 time  █········· 5%",
    ]


def test_review_json(run: Cli) -> None:
    run("check", "comment", "--date", "2026-12-01")
    run("check", "comment", "2")
    run("log", "connections=3", "replies=1", "--task", "comment")
    run("log", "connections=1")
    data = json.loads(run("review", "--json").out)
    # week 1: seven occurrences missed; week 2: Monday missed, Tuesday's comments made up in full.
    # Today's partial and yesterday's open post do not count yet.
    assert data["weeks"] == [{"number": 1, "adherence": 0.0}, {"number": 2, "adherence": 0.5}]
    assert data["adherence"] == round(1 / 9, 4)
    assert data["tasks"][0] == {
        "id": "comment",
        "kind": "task",
        "channel": "linkedin",
        "unit": "comments",
        "activity": 6,
        "done": 1,
        "hours": 0.5,
        "results": {"connections": 3, "replies": 1},
        # half an hour of comments: 3 connections and 1 reply, never summed into 4 of anything
        "per_hour": {"connections": 6.0, "replies": 2.0},
        "per_occurrence": {"connections": 3.0, "replies": 1.0},
        "verdict": "too_early",
        "automaticity": None,  # no answer yet
    }
    assert data["unattributed"] == {"connections": 1}
    assert data["notes"] == []
    assert data["tasks"][1]["verdict"] == "untracked"
    assert data["goals"] == [
        {
            "id": "connections",
            "title": "Connections",
            "metric": "connections",
            "kind": "count",
            "from": None,
            "current": 4,
            "target": 20,
            "by": "2026-12-20",
            "projected": None,  # ten days tracked: too early to project
            "on_pace": None,
            "pace": "too_early",
            "checkpoints": [],
            "sources": [
                {"task": "comment", "value": 3, "share": 0.75, "per_hour": 6.0},
                {"task": None, "value": 1, "share": 0.25, "per_hour": None},
            ],
        }
    ]
    week = json.loads(run("review", "--week", "1", "--json").out)
    assert week["tasks"][0]["activity"] == 0


def test_review_rejects_a_week_outside_the_plan(run: Cli) -> None:
    result = run("review", "--week", "9")
    assert (result.code, result.err) == (1, "cadence: error: week 9 is outside the plan's weeks 1-4\n")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_export_is_identical(run: Cli, fmt: str, tmp_path: Path) -> None:
    run("check", "comment", "2.5", "--note", 'said "hi", then left')
    run("log", "connections=2", "--task", "comment")
    run("skip", "--all", "--from", "2026-12-07", "--to", "2026-12-09", "--reason", "trip, abroad")
    run("undo")
    run("skip", "post", "--date", "2026-12-01", "--reason", "sick")
    first = run("export", "--format", fmt).out
    dump = tmp_path / f"log.{fmt}"
    dump.write_text(first)
    other = tmp_path / "other-home"
    imported = run("import", str(dump), "--home", str(other))
    assert imported.out == f"Imported 6 events into {other}.\n"  # five records and the start of the run
    assert run("export", "--format", fmt, "--home", str(other)).out == first
    again = run("import", str(dump), "--home", str(other))
    assert again.code == 1
    assert again.err == f"cadence: error: {other / 'cadence.db'} already holds 6 events; import into a new home\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "id,batch\n1,1\n",
            "log.txt:1: not a cadence CSV export (the header must be"
            " id,batch,recorded,kind,task,day,until,metric,amount,note,target_batch,source,run,plan,"
            "uid,origin,lamport)",
        ),
        ('{"format": "other"}', 'log.txt: not a cadence export (no "format": "cadence-events")'),
        ("{broken", "log.txt:1:2: not valid JSON: Expecting property name enclosed in double quotes"),
        (
            "id,batch,recorded,kind,task,day,until,metric,amount,note,target_batch,source\n1,1,2026-12-02T09:00:00+00:00,checkin,comment,2026-13-02,,,1.0,,,cli\n",
            "log.txt:2: 'day' must be a date like 2026-12-01, not '2026-13-02'",
        ),
        (
            "id,batch,recorded,kind,task,day,until,metric,amount,note,target_batch,source\n1,1,2026-12-02T09:00:00+00:00,cheer,comment,2026-12-02,,,1.0,,,cli\n",
            "log.txt:2: unknown kind 'cheer'; kinds are checkin, skip, result, reading, undo, start, shift, repeat, rating,"
            " plan-revised",
        ),
        (
            "id,batch,recorded,kind,task,day,until,metric,amount,note,target_batch,source\n1,1,2026-12-02T09:00:00+00:00,checkin,comment,2026-12-02,,,lots,,,cli\n",
            "log.txt:2: 'amount' must be a number, not 'lots'",
        ),
    ],
)
def test_import_refuses_bad_files_and_writes_nothing(
    run: Cli, content: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("log.txt").write_text(content)
    result = run("import", "log.txt", "--home", str(tmp_path / "fresh"))
    assert (result.code, result.err) == (1, f"cadence: error: {message}\n")
    assert run("export", "--format", "csv", "--home", str(tmp_path / "fresh")).out.count("\n") == 1


def test_a_skip_says_when_there_is_nothing_new_to_excuse(run: Cli) -> None:
    assert run("skip", "comment", "--reason", "sick").code == 0
    again = run("skip", "comment")
    assert (again.code, again.err) == (1, "cadence: error: already excused: nothing new to excuse on Wed 2026-12-02\n")
    run("check", "post", "--date", "2026-12-01")
    done = run("skip", "post", "--date", "2026-12-01")
    assert (done.code, done.err) == (1, "cadence: error: already done: nothing to excuse on Tue 2026-12-01\n")


def test_dates_as_people_say_them(run: Cli) -> None:
    assert run("check", "comment", "--date", "yesterday").out == (
        "Checked in comment: 4/4 comments on Tue 2026-12-01, done.\n"
    )
    assert run("log", "replies=1", "--date", "-1").out == "Logged replies 1 on Tue 2026-12-01.\n"
    assert run("today", "--json", "--date", "mon").code == 0
    monday = json.loads(run("today", "--json", "--date", "mon").out)
    assert monday["date"] == "2026-11-30"  # the most recent Monday
    assert json.loads(run("today", "--json", "--date", "wednesday").out)["date"] == "2026-12-02"  # today included


def test_today_shows_the_ids_to_type(run: Cli) -> None:
    lines = run("today").out.splitlines()
    assert lines[1].startswith("Comeback: Mon 30 Nov was missed")  # the last day missed; Tuesday is still open
    assert lines[2].split()[0] == "comment"
