"""The one write path: record.py alone turns intentions into events, with every guard in one place."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cadence.core.calendar import Schedule
from cadence.errors import UserError
from cadence.plan import check_text
from cadence.record.writes import COMMAND_LINE, Entry, Recorder, ResultForm, parse_results
from cadence.store import Store
from plans import plan, plan_table, task

SRC = Path(__file__).resolve().parents[2] / "src" / "cadence"

PLAN = plan(
    plan_table("Write path", weeks=2, timezone=None, makeup_days=1),
    task("comment", "Comments", days="weekdays", unit="comments", target=4),
    task("post", "Post", days=["mon"]),
)
WEDNESDAY = date(2026, 12, 2)


@pytest.fixture
def recorder(tmp_path: Path) -> Iterator[Recorder]:
    plan, diagnostics = check_text(PLAN, "plan.toml")
    assert plan is not None, diagnostics
    store = Store.open(tmp_path / "home")
    assert store is not None
    try:
        yield Recorder(store, Schedule(plan, date(2026, 11, 23)), WEDNESDAY, "test")
    finally:
        store.close()


def _logged(recorder: Recorder) -> list[tuple[str, str | None, str | None, float | None, str]]:
    return [(e.kind, e.task, e.day, e.amount, e.source) for e in recorder.store.events()]


MERGES = {"hub/sync.py"}
"""The one module besides the write path that writes the log: the hub's sync adds what it pulled, once."""


def _merges(tree: ast.Module) -> list[int]:
    """The lines where a module reaches the store's merge (`cadence.store.sync.merge`), however it names it."""
    modules = {"cadence.store.sync"}  # the names it binds to the store's sync module
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "cadence.store.sync":
            lines += [node.lineno for alias in node.names if alias.name == "merge"]
        if isinstance(node, ast.ImportFrom) and node.module == "cadence.store":
            modules |= {alias.asname or alias.name for alias in node.names if alias.name == "sync"}
        if isinstance(node, ast.Import):
            modules |= {alias.asname for alias in node.names if alias.name == "cadence.store.sync" and alias.asname}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "merge":
            receiver = ast.unparse(node.value)
            if receiver in modules or "store" in receiver.lower():
                lines.append(node.lineno)
    return lines


def test_only_record_builds_events_or_calls_the_stores_writes() -> None:
    offenders = []
    merging = set()
    for path in sorted(SRC.rglob("*.py")):
        name = str(path.relative_to(SRC))
        if name.startswith("store/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if _merges(tree):
            merging.add(name)
        if name.startswith("record/"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "NewEvent":
                offenders.append(f"{name}:{node.lineno} names NewEvent")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver = ast.unparse(node.func.value)
                if node.func.attr in ("append", "undo", "restore") and "store" in receiver.lower():
                    offenders.append(f"{name}:{node.lineno} calls {receiver}.{node.func.attr}()")
    assert offenders == []
    assert merging == MERGES


@pytest.mark.parametrize(
    "source",
    [
        "from cadence.store.sync import merge",
        "from cadence.store import sync as marks\nmarks.merge(store, [], 'hub', 0, 0)",
        "import cadence.store.sync\ncadence.store.sync.merge(s, [], 'hub', 0, 0)",
        "import cadence.store.sync as pulled\npulled.merge(s, [], 'hub', 0, 0)",
        "home_store.merge([], 'hub', 0, 0)",
    ],
)
def test_the_walk_finds_the_stores_merge_however_it_is_named(source: str) -> None:
    assert _merges(ast.parse(source)) != []


def test_the_walk_leaves_other_merges_alone() -> None:
    assert _merges(ast.parse("import heapq\nheapq.merge([1], [2])\nfrom cadence.store import sync\nsync.state")) == []


def test_a_check_in_defaults_to_the_days_target(recorder: Recorder) -> None:
    done = recorder.check_in("comment")
    assert (done.amount, done.total, done.target, done.due, done.state) == (4.0, 4.0, 4, True, "done")
    assert _logged(recorder) == [("checkin", "comment", "2026-12-02", 4.0, "test")]


def test_a_check_in_on_a_day_not_due_is_extra_work(recorder: Recorder) -> None:
    done = recorder.check_in("post", 1)
    assert (done.total, done.target, done.due, done.state) == (1.0, 1, False, "done")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: r.check_in("coment"), "unknown task 'coment'; did you mean 'comment'?"),
        (
            lambda r: r.check_in("comment", day=date(2026, 12, 3)),
            "cannot check in for 2026-12-03: it is in the future (today is 2026-12-02)",
        ),
        (
            lambda r: r.check_in("comment", day=date(2026, 11, 30)),
            "too late to make up 2026-11-30: the plan allows 1 day (add --force to correct the log)",
        ),
        (
            lambda r: r.check_in("comment", day=date(2026, 11, 22), force=True),
            "2026-11-22 is outside the plan, which runs from 2026-11-23 to 2026-12-06",
        ),
        (lambda r: r.skip("post"), "nothing to skip: 'post' is not due on Wed 2026-12-02"),
        (lambda r: r.log([]), "no results to log"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(recorder: Recorder, call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(UserError) as refused:
        call(recorder)
    assert refused.value.lines() == [f"cadence: error: {message}"]
    assert recorder.store.events() == []


def test_a_correction_never_takes_a_day_below_zero(recorder: Recorder) -> None:
    recorder.check_in("comment", 2)
    assert recorder.correct("comment", WEDNESDAY, -5) == -2.0
    assert recorder.correct("comment", WEDNESDAY, -1) == 0
    assert recorder.store.ledger(WEDNESDAY, WEDNESDAY).amount("comment", WEDNESDAY) == 0.0
    assert [amount for _, _, _, amount, _ in _logged(recorder)] == [2.0, -2.0]


def test_a_correction_has_the_guards_of_a_check_in_and_force_corrects_a_closed_day(recorder: Recorder) -> None:
    monday = date(2026, 11, 23)  # its make-up window closed on Tuesday
    with pytest.raises(UserError) as refused:
        recorder.correct("comment", monday, 1)
    assert (
        str(refused.value) == "too late to make up 2026-11-23: the plan allows 1 day (add --force to correct the log)"
    )
    with pytest.raises(UserError) as future:
        recorder.correct("comment", date(2026, 12, 3), 1, force=True)
    assert str(future.value) == "cannot check in for 2026-12-03: it is in the future (today is 2026-12-02)"
    assert recorder.store.events() == []
    assert recorder.correct("comment", monday, 3, force=True) == 3.0
    assert [amount for _, _, _, amount, _ in _logged(recorder)] == [3.0]


def test_undo_reverses_one_call_as_a_whole(recorder: Recorder) -> None:
    recorder.log([Entry("replies", 3.0), Entry("connections", 1.0)], "comment", new_metric=True)
    recorder.check_in("comment", 1)
    assert [e.kind for e in recorder.undo()] == ["checkin"]
    assert [(e.kind, e.metric) for e in recorder.undo()] == [("result", "replies"), ("result", "connections")]
    assert recorder.undo() == []


def test_parse_results_reads_metric_equals_n_in_order() -> None:
    assert parse_results(["replies=3", " connections = 2 ", "followers@372"]) == [
        Entry("replies", 3.0),
        Entry("connections", 2.0),
        Entry("followers", 372.0, reading=True),
    ]


@pytest.mark.parametrize(
    ("words", "spelled", "message"),
    [
        (["replies"], COMMAND_LINE, "'replies' is not METRIC=N or METRIC@N, like connections=2 or followers@372"),
        (["replies"], ResultForm("metric=N", "leads=1"), "'replies' is not metric=N, like leads=1"),
        (["Replies=1"], COMMAND_LINE, "metric 'Replies' must be lower-case letters, digits, '_' and '-', like replies"),
        (["replies=inf"], COMMAND_LINE, "the value of replies must be a number greater than 0, not 'inf'"),
        (["replies=0"], COMMAND_LINE, "the value of replies must be a number greater than 0, not '0'"),
    ],
)
def test_parse_results_refuses_with_the_surfaces_words(words: list[str], spelled: ResultForm, message: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_results(words, spelled)
    assert str(refused.value) == message
