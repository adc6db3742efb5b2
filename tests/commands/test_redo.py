"""`cadence redo`: the last step undone, applied again as new events; a new change ends what can be redone."""

from __future__ import annotations

import json
from typing import Any

import pytest

from helpers import Cli, PlanWriter
from plans import plan, plan_table, task

PLAN = plan(
    plan_table("Redo", makeup_days=2),
    task("comment", "Comments", unit="comments", target=4),
    task("post", "Post", days=["wed"]),
)


@pytest.fixture
def run(cli: Cli, write_plan: PlanWriter) -> Cli:
    """Commands on the plan, in use since its first day; the clock on Wed 2026-12-02."""
    plan = write_plan(PLAN)
    assert cli("today", "--plan", str(plan), CADENCE_NOW="2026-11-23T09:00").code == 0

    def with_plan(*args: str, **env: str) -> object:
        return cli(*args, "--plan", str(plan), **env)

    return with_plan  # type: ignore[return-value]


def said(run: Cli, *args: str) -> str:
    result = run(*args)
    assert (result.code, result.err) == (0, ""), result.err
    return result.out


def done(run: Cli, day: str = "2026-12-02") -> dict[str, float]:
    today: dict[str, Any] = json.loads(run("today", "--json", "--date", day).out)
    return {item["id"]: item["done"] for item in today["items"]}


def test_undo_one_step_too_far_and_take_it_back(run: Cli) -> None:
    """A TUI `u` took back today's check-in; a CLI undo after it took back yesterday's: redo brings it back."""
    said(run, "check", "comment", "--date", "yesterday")
    said(run, "check", "comment", "1")
    assert said(run, "undo") == "Undid check-in of Comments 1 on Wed 02 Dec.\n"
    assert said(run, "undo") == "Undid check-in of Comments 4 on Tue 01 Dec.\n"
    assert said(run, "redo") == "Redid check-in of Comments 4 on Tue 01 Dec.\n"
    assert (done(run, "2026-12-01"), done(run)) == ({"comment": 4}, {"comment": 0, "post": 0})
    assert said(run, "redo") == "Redid check-in of Comments 1 on Wed 02 Dec.\n"
    assert done(run) == {"comment": 1, "post": 0}
    refused = run("redo")
    assert (refused.code, refused.out, refused.err) == (
        1,
        "",
        "cadence: error: nothing to redo: no change was undone since the last one made\n",
    )


def test_a_redo_is_new_events_and_can_itself_be_undone(run: Cli) -> None:
    said(run, "log", "replies=3", "connections=1", "--task", "comment", "--new-metric")
    said(run, "undo")
    before = json.loads(run("export", "--format", "json").out)["events"]
    assert (
        said(run, "redo")
        == "Redid result replies 3 for Comments on Wed 02 Dec; result connections 1 for Comments on Wed 02 Dec.\n"
    )
    after = json.loads(run("export", "--format", "json").out)["events"]
    assert after[: len(before)] == before  # nothing written before was changed or removed
    logged, undo, redone = before[-3], before[-1], after[len(before)]
    assert [(e["kind"], e["metric"], e["amount"], e["target_batch"]) for e in after[len(before) :]] == [
        ("result", "replies", 3, logged["batch"]),
        ("result", "connections", 1, logged["batch"]),
    ]
    assert (undo["kind"], redone["batch"] > undo["batch"]) == ("undo", True)
    assert (
        said(run, "undo")
        == "Undid result replies 3 for Comments on Wed 02 Dec; result connections 1 for Comments on Wed 02 Dec.\n"
    )
    assert said(run, "redo").startswith("Redid result replies 3")


def test_a_new_change_after_an_undo_ends_what_can_be_redone(run: Cli) -> None:
    """As in an editor: applying the undone step over later work would mix two histories."""
    said(run, "check", "comment", "2")
    said(run, "undo")
    said(run, "check", "post")
    assert run("redo").err == "cadence: error: nothing to redo: no change was undone since the last one made\n"
    assert done(run) == {"comment": 0, "post": 1}


def test_undo_and_redo_of_a_skip_and_a_shift_name_their_days(run: Cli) -> None:
    said(run, "skip", "--all", "--from", "2026-12-03", "--to", "2026-12-04", "--reason", "trip")
    said(run, "shift", "2", "--from", "2026-12-07", "--rotate")
    assert said(run, "undo") == "Undid shift of 2 days from Mon 07 Dec.\n"
    assert said(run, "undo") == "Undid skip of everything from Thu 03 Dec to Fri 04 Dec.\n"
    assert said(run, "redo") == "Redid skip of everything from Thu 03 Dec to Fri 04 Dec.\n"
    assert said(run, "redo") == "Redid shift of 2 days from Mon 07 Dec.\n"
    assert json.loads(run("plan", "show", "--json").out)["weeks"][-1]["days"][-1]["date"] == "2026-12-22"


def test_undo_of_a_check_in_with_a_note_says_the_note_goes_with_it(run: Cli) -> None:
    said(run, "check", "comment", "2", "--note", "a good thread")
    assert said(run, "undo") == "Undid check-in of Comments 2 with its note on Wed 02 Dec.\n"
    assert said(run, "redo") == "Redid check-in of Comments 2 with its note on Wed 02 Dec.\n"
