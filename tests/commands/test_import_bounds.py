"""The bounds the README names hold alike for what is imported and what is typed: days in the years cadence
plans in, numbers that are numbers, notes no longer than an export's CSV reads back, `recorded` a moment, and an
undo of a batch the file holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Cli, PlanWriter
from plans import plan, plan_table, task

EVENT = {
    "id": 1, "batch": 1, "recorded": "2026-12-02T09:00:00+00:00", "kind": "checkin", "task": "comment",
    "day": "2026-12-02", "until": None, "metric": None, "amount": 1.0, "note": None, "target_batch": None,
    "source": "cli", "run": 0, "plan": None,
}  # fmt: skip
UNDO = {**EVENT, "id": 2, "batch": 2, "kind": "undo", "task": None, "day": None, "amount": None, "target_batch": 1}
LONG = 131_073
"""One character more than a field of an export's CSV may hold."""


def export(*events: dict[str, object], starts: list[dict[str, str]] | None = None) -> str:
    document = {"format": "cadence-events", "version": 2, "plan_starts": starts or [], "events": list(events)}
    return json.dumps(document)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            export({**EVENT, "day": "0001-01-01"}),
            "event 1: 'day' must be a date in the years 1000 to 8999, not 0001-01-01",
        ),
        (
            export({**EVENT, "day": "9999-12-31"}),
            "event 1: 'day' must be a date in the years 1000 to 8999, not 9999-12-31",
        ),
        (
            export({**EVENT, "kind": "skip", "until": "9000-01-01"}),
            "event 1: 'until' must be a date in the years 1000 to 8999, not 9000-01-01",
        ),
        (
            export(EVENT, starts=[{"plan": "P", "start": "0999-12-27", "recorded": "2026-12-02T09:00:00+00:00"}]),
            "plan start 1 must be a date in the years 1000 to 8999, not 0999-12-27",
        ),
        (export({**EVENT, "amount": "5"}), "event 1: 'amount' must be a number, not '5'"),
        (export({**EVENT, "batch": "1"}), "event 1: 'batch' must be a number, not '1'"),
        (export({**EVENT, "amount": True}), "event 1: 'amount' must be a number, not True"),
        (
            export({**EVENT, "note": "n" * LONG}),
            "event 1: 'note' holds 131,073 characters; a field holds at most 131,072 (128 KiB, what an export's"
            " CSV reads back)",
        ),
        (
            export({**EVENT, "task": "t" * 20_000_000}),
            "event 1: 'task' holds 20,000,000 characters; a field holds at most 131,072 (128 KiB, what an"
            " export's CSV reads back)",
        ),
        (
            export({**EVENT, "recorded": "x"}),
            "event 1: 'recorded' must be a date and time like 2026-12-01T09:00:00+00:00, not 'x'",
        ),
        (
            export({**EVENT, "recorded": "2026-12-02"}),
            "event 1: 'recorded' must be a date and time like 2026-12-01T09:00:00+00:00, not '2026-12-02'",
        ),
        (
            export({**EVENT, "recorded": "0001-01-01T00:00:00"}),
            "event 1: 'recorded' must fall in the years 1000 to 8999, not 0001-01-01T00:00:00",
        ),
        (
            export(EVENT, {**UNDO, "target_batch": 99}),
            "event 2 undoes batch 99, which is not in the file; an undo names a batch before it",
        ),
    ],
    ids=[
        "day 0001-01-01",
        "day 9999-12-31",
        "until 9000",
        "plan start 0999",
        "amount '5'",
        "batch '1'",
        "amount true",
        "a note 1 over",
        "a task of 20 million",
        "recorded x",
        "recorded a day",
        "recorded 0001",
        "undo of no batch",
    ],
)
def test_an_import_past_a_bound_the_readme_names_is_refused_in_one_line_and_writes_nothing(
    cli: Cli, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "export.json"
    path.write_text(content)
    home = tmp_path / "fresh"
    result = cli("import", str(path), "--home", str(home))
    assert (result.code, result.out, result.err) == (1, "", f"cadence: error: {path}: {message}\n")
    assert cli("export", "--format", "csv", "--home", str(home)).out.count("\n") == 1


def test_an_import_at_the_bounds_is_taken(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(export({**EVENT, "day": "1000-01-01", "note": "n" * (LONG - 1)}, UNDO))
    assert cli("import", str(path), "--home", str(tmp_path / "fresh")).code == 0


def test_a_csv_import_with_a_day_outside_the_years_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    header = "id,batch,recorded,kind,task,day,until,metric,amount,note,target_batch,source,run,plan"
    path.write_text(f"{header}\n1,1,2026-12-02T09:00:00+00:00,checkin,comment,0001-01-01,,,1,,,cli,0,\n")
    result = cli("import", str(path), "--home", str(tmp_path / "fresh"))
    assert result.err == f"cadence: error: {path}:2: 'day' must be a date in the years 1000 to 8999, not 0001-01-01\n"


PLAN = plan(plan_table("Bounds", weeks=2), task("comment", "Comments", target=3))


@pytest.mark.parametrize(
    ("words", "what"),
    [(["check", "comment", "--note"], "the note"), (["skip", "comment", "--reason"], "the reason")],
)
def test_a_note_or_reason_typed_longer_than_an_export_holds_is_refused(
    cli: Cli, write_plan: PlanWriter, words: list[str], what: str
) -> None:
    path = str(write_plan(PLAN))
    result = cli(*words, "n" * LONG, "--plan", path)
    assert (result.code, result.out, result.err) == (
        1,
        "",
        f"cadence: error: {what} holds 131,073 characters; it may hold 131,072 (128 KiB, what an export reads back)\n",
    )
    assert cli(*words, "n" * (LONG - 1), "--plan", path).code == 0
    [event] = [e for e in json.loads(cli("export", "--format", "json").out)["events"] if e["kind"] != "start"]
    assert len(event["note"]) == LONG - 1
