"""`cadence rate` and the weekly answers through the write path: refusals in one line with nothing written;
answers and revisions in exports that import back byte for byte; stores of every version take them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cadence.record.answers import answer_week
from cadence.record.runs import open_run
from cadence.record.writes import Recorder
from cadence.store import NewEvent, Store
from cadence.store.learning import answers
from cadence.store.migrations import SCHEMA_VERSION
from helpers import Cli, PlanWriter, StoreOpener
from plans import plan, plan_table, task
from stores import build_at_version

PLAN = plan(
    plan_table("Answers", start=None, weeks=4, makeup_days=1),
    task("comment", "Thoughtful comments", days="weekdays", unit="comments", target=2),
    task("post", "Post", days=["fri"]),
)


@pytest.fixture
def planned(cli: Cli, write_plan: PlanWriter) -> str:
    path = str(write_plan(PLAN))
    # first used on Tuesday 2026-12-01 (tracking from then), the comments done on Tuesday and Wednesday
    assert cli("check", "comment", "--plan", path, CADENCE_NOW="2026-12-01T20:00").code == 0
    assert cli("check", "comment", "--plan", path).code == 0
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("comment", "8"), "an answer is a whole number from 1 (not at all automatic) to 7 (completely), not '8'"),
        (("comment", "0"), "an answer is a whole number from 1 (not at all automatic) to 7 (completely), not '0'"),
        (("comment", "6.5"), "an answer is a whole number from 1 (not at all automatic) to 7 (completely), not '6.5'"),
        (("coment", "6"), "unknown task 'coment'; did you mean 'comment'?"),
        (("comment", "6", "--date", "2026-11-30"), "cannot answer for 2026-11-30: tracking began on Tue 2026-12-01"),
        (
            ("comment", "6", "--date", "2026-12-03"),
            "cannot answer for 2026-12-03: it is in the future (today is 2026-12-02)",
        ),
        (
            ("post", "6"),
            "'post' has no done occurrence by Wed 2026-12-02: its automaticity counts from the first;"
            " check it in once done",
        ),
    ],
)
def test_rate_refuses_in_one_line_and_writes_nothing(
    cli: Cli, planned: str, args: tuple[str, ...], message: str
) -> None:
    before = cli("export", "--format", "csv", "--plan", planned).out
    result = cli("rate", *args, "--plan", planned)
    assert (result.code, result.out, result.err) == (1, "", f"cadence: error: {message}\n")
    assert cli("export", "--format", "csv", "--plan", planned).out == before


def test_rate_records_an_answer_that_undo_takes_back(
    cli: Cli, planned: str, open_store: StoreOpener, tmp_path: Path
) -> None:
    result = cli("rate", "comment", "6", "--date", "yesterday", "--plan", planned)
    assert result.out == (
        "Answered 6 of 7 for comment on Tue 2026-12-01: 'Thoughtful comments' is something I do automatically.\n"
    )
    assert cli("rate", "comment", "7", "--plan", planned).code == 0
    store = open_store(tmp_path / "home")
    assert [(a.task, a.day, a.value) for a in answers(store, 1)] == [
        ("comment", date(2026, 12, 1), 6),
        ("comment", date(2026, 12, 2), 7),
    ]
    assert cli("undo", "--plan", planned).out == "Undid answer for Thoughtful comments on Wed 02 Dec: 7 of 7.\n"
    assert [a.value for a in answers(store, 1)] == [6]


def test_the_weekly_answers_are_one_batch_with_the_skips(
    write_plan: PlanWriter, open_store: StoreOpener, tmp_path: Path
) -> None:
    from cadence.plan import load_plan

    path = write_plan(PLAN)
    store = open_store(tmp_path / "home")
    loaded = load_plan(path).plan
    lived = open_run(store, loaded, date(2026, 12, 1), str(path))
    recorder = Recorder(store, lived.schedule, date(2026, 12, 4), "tui", lived.number)
    recorder.check_in("comment")
    recorder.check_in("post")
    given = answer_week(recorder, [("comment", 5), ("post", None)])
    assert [(g.task.id, g.value) for g in given] == [("comment", 5), ("post", None)]
    assert [(e.kind, e.task, e.amount, e.batch) for e in store.events()[-2:]] == [
        ("rating", "comment", 5.0, 4),
        ("rating", "post", None, 4),
    ]
    assert [(e.kind, e.task) for e in recorder.undo()] == [("rating", "comment"), ("rating", "post")]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_answers_and_revisions_travel_in_exports_that_import_back_the_same(
    cli: Cli, planned: str, tmp_path: Path, fmt: str
) -> None:
    assert cli("rate", "comment", "5", "--plan", planned).code == 0
    text = Path(planned).read_text(encoding="utf-8")
    store = Store.open(tmp_path / "home")
    assert store is not None
    try:
        note = json.dumps({"file": planned, "applied": ["hold"], "before": text, "after": text + '\n# "quoted"\n'})
        store.append([NewEvent("plan-revised", None, date(2026, 12, 2), note=note, run=1)], "cli")
    finally:
        store.close()
    exported = cli("export", "--format", fmt, "--plan", planned).out
    if fmt == "json":
        assert json.loads(exported)["version"] == 4
    (tmp_path / f"export.{fmt}").write_text(exported, encoding="utf-8")
    other = str(tmp_path / "other")
    assert cli("import", str(tmp_path / f"export.{fmt}"), "--home", other).code == 0
    assert cli("export", "--format", fmt, "--home", other, "--plan", planned).out == exported


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("rating", {"task": "comment", "amount": 9.0}, "an answer is a whole number from 1 to 7, not 9"),
        (
            "plan-revised",
            {"note": "{}"},
            "a plan-revised event's note must hold the file and its text before and after",
        ),
    ],
)
def test_an_import_refuses_a_broken_answer_or_revision(
    cli: Cli, tmp_path: Path, kind: str, fields: dict[str, object], message: str
) -> None:
    event = {
        "id": 1, "batch": 1, "recorded": "2026-12-02T09:00:00+00:00", "kind": kind, "task": None,
        "day": "2026-12-02", "until": None, "metric": None, "amount": None, "note": None, "target_batch": None,
        "source": "cli", "run": 1, "plan": None, "uid": 7, "origin": "a1", "lamport": 1,
    }  # fmt: skip
    document = {"format": "cadence-events", "version": 4, "plan_starts": [], "events": [{**event, **fields}]}
    (tmp_path / "bad.json").write_text(json.dumps(document), encoding="utf-8")
    result = cli("import", str(tmp_path / "bad.json"), "--home", str(tmp_path / "other"))
    assert (result.code, result.err) == (1, f"cadence: error: {tmp_path / 'bad.json'}: event 1: {message}\n")


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_earlier_store_takes_answers_and_revisions(version: int, open_store: StoreOpener, tmp_path: Path) -> None:
    home = tmp_path / "home"
    build_at_version(home, version)
    store = open_store(home)
    assert store.version == SCHEMA_VERSION == 9
    note = json.dumps({"file": "plan.toml", "applied": ["hold"], "before": "a", "after": "b"})
    store.append(
        [
            NewEvent("rating", "comment", date(2026, 1, 6), amount=6, run=0),
            NewEvent("plan-revised", None, date(2026, 1, 6), note=note, run=0),
        ]
    )
    assert [(a.task, a.value) for a in answers(store, 0)] == [("comment", 6)]
    assert [e.kind for e in store.events()][-2:] == ["rating", "plan-revised"]
    if version >= 2:
        first = store.events()[0]
        assert (first.kind, first.task, first.day) == ("checkin", "comment", "2026-01-05")


def test_plan_show_says_whose_reminders_faded(
    cli: Cli, write_plan: PlanWriter, open_store: StoreOpener, tmp_path: Path
) -> None:
    from datetime import timedelta

    from helpers import begin_run

    text = plan(
        plan_table("Fading", start=date(2026, 11, 2), weeks=4, makeup_days=1, rest_days=["sun"]),
        task("comment", "Comments", days="weekdays", at="08:30", unit="comments", target=2),
        task("post", "Post", days="weekdays", at="09:00", remind="always"),
    )
    path = write_plan(text)
    store = open_store(tmp_path / "home")
    begin_run(store, path)
    day = date(2026, 11, 2)
    while day < date(2026, 11, 18):
        if day.weekday() < 5:
            store.append(
                [
                    NewEvent("checkin", "comment", day, amount=2, run=1),
                    NewEvent("checkin", "post", day, amount=1, run=1),
                ]
            )
        day += timedelta(days=1)
    for monday, value in ((date(2026, 11, 2), 6), (date(2026, 11, 9), 7), (date(2026, 11, 16), 7)):
        store.append([NewEvent("rating", task_id, monday, amount=value, run=1) for task_id in ("comment", "post")])
    wednesday = {"CADENCE_NOW": "2026-11-18T09:00"}
    shown = cli("plan", "show", "--plan", str(path), **wednesday).out.splitlines()
    assert shown[-1] == "Reminders faded: automatic: comment (answers 6, 7, 7; weeks 1 and 2 100% done)"
    data = json.loads(cli("plan", "show", "--json", "--plan", str(path), **wednesday).out)
    assert data["faded"] == [
        {"task": "comment", "reason": "automatic", "answers": [6, 7, 7], "adherence": 1.0, "weeks": [1, 2]}
    ]
