"""Revisions of the plan file through the write path: written only in the named values, undone byte for byte
(a property over the bundled plans and the golden plans with comments), refused when they cannot be made."""

from __future__ import annotations

import difflib
import json
import os
import stat
import tempfile
import tomllib
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.bundled import bundled_plans
from cadence.core.changes import Change
from cadence.core.model import Ramp
from cadence.errors import UserError
from cadence.plan import check_text
from cadence.plan.revise import revise as written
from cadence.record import revisions
from cadence.record.runs import open_run
from cadence.record.writes import undo
from cadence.store import Store
from helpers import Cli, PlanWriter
from learning import EXAMPLE

GOLDEN = Path(__file__).resolve().parents[1] / "golden_plans"
PLANS = [*bundled_plans().values(), *sorted(GOLDEN.glob("*.toml"))]
TODAY = date(2026, 12, 2)


@st.composite
def changes(draw: st.DrawFn, text: str) -> list[Change]:
    """Some values of the plan's tasks, blocks and weeks changed as adapt may change them."""
    plan, _ = check_text(text, "plan.toml", warnings=False)
    assert plan is not None
    found: list[Change] = []
    for task in plan.tasks:
        if task.kind == "task" and draw(st.booleans()):
            weeks = st.lists(st.integers(0, 30), min_size=plan.weeks, max_size=plan.weeks).filter(any)
            found.append(Change("task", task.id, "target", tuple(draw(weeks))))
            if isinstance(task.target, Ramp) and task.target.peak_week is not None:
                found.append(Change("task", task.id, "peak_week", None))
        if draw(st.booleans()):
            found.append(Change(task.kind, task.id, "required", draw(st.booleans())))
    for number in draw(st.sets(st.integers(1, plan.weeks), max_size=2)):
        found.append(
            Change("week", number, "volume", draw(st.sampled_from([Fraction(1, 2), Fraction(4, 5), Fraction(6, 5)])))
        )
    return found


CHANGED_KEYS = ("target", "peak_week", "required", "volume", "number", "[[week]]")


@pytest.mark.slow  # sixty drawn revisions of every bundled and golden plan
@settings(max_examples=60)
@given(st.data())
def test_a_revision_changes_only_the_named_values_and_undo_puts_back_every_byte(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(PLANS), label="plan")
    before = source.read_bytes().decode("utf-8")
    wanted = data.draw(changes(before), label="changes")
    after = written(before, wanted)
    if after == before:
        return
    removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "-+"]
    for line in removed:  # only the lines of the named keys, or a new [[week]] and the blank line before it
        assert not line[2:].strip() or line[2:].strip().split(" ", 1)[0].strip() in CHANGED_KEYS, line
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        path.write_bytes(before.encode("utf-8"))
        os.chmod(path, 0o640)
        store = Store.open(Path(folder) / "home")
        assert store is not None
        try:
            plan, _ = check_text(before, "plan.toml", warnings=False)
            assert plan is not None
            run = open_run(store, plan, TODAY, str(path)).number
            assert run is not None
            revisions.revise(store, run, path, "plan.toml", before, after, ["test"], TODAY, "test")
            assert path.read_bytes() == after.encode("utf-8")
            assert stat.S_IMODE(path.stat().st_mode) == 0o640
            assert [event.kind for event in undo(store, "test", run)] == ["plan-revised"]
            assert path.read_bytes() == before.encode("utf-8")
            assert stat.S_IMODE(path.stat().st_mode) == 0o640
            assert [e.kind for e in store.events()] == ["start", "plan-revised", "undo"]
        finally:
            store.close()


@pytest.fixture
def plan(write_plan: PlanWriter) -> Path:
    return write_plan(EXAMPLE)


def test_a_revision_records_the_text_before_and_after_and_the_review_marks_its_day(cli: Cli, plan: Path) -> None:
    store = Store.open(Path(os.environ["CADENCE_HOME"]))
    assert store is not None
    try:
        found, _ = check_text(EXAMPLE, "plan.toml")
        assert found is not None
        run = open_run(store, found, TODAY, str(plan)).number
        assert run is not None
        after = EXAMPLE.replace("target = 4\n", "target = [4, 4, 4, 4, 2, 2, 2, 2]\n")
        revisions.revise(store, run, plan, "plan.toml", EXAMPLE, after, ["weak:outreach"], TODAY, "cli")
        note = json.loads(store.events()[-1].note or "")
    finally:
        store.close()
    assert note == {"file": str(plan.resolve()), "applied": ["weak:outreach"], "before": EXAMPLE, "after": after}
    review = cli("review", "--plan", str(plan))
    assert "Plan revised\n  Wed 2026-12-02: weak:outreach ('cadence adapt')" in review.out
    data = json.loads(cli("review", "--json", "--plan", str(plan)).out)
    assert data["revisions"] == [{"date": "2026-12-02", "applied": ["weak:outreach"]}]
    assert cli("undo", "--plan", str(plan)).out == (
        "Undid revision of plan.toml (1 change), whose earlier text is back in the file.\n"
    )
    assert plan.read_text(encoding="utf-8") == EXAMPLE


def _revised(plan: Path, run_store: Store) -> int:
    found, _ = check_text(EXAMPLE, "plan.toml")
    assert found is not None
    run = open_run(run_store, found, TODAY, str(plan)).number
    assert run is not None
    return run


def test_a_file_changed_since_the_proposals_is_not_written(plan: Path, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "home")
    assert store is not None
    try:
        run = _revised(plan, store)
        edited = EXAMPLE.replace("Personal notes", "Notes to people")
        plan.write_text(edited, encoding="utf-8")  # an editor's save after the proposals were made
        with pytest.raises(UserError) as refused:
            revisions.revise(
                store, run, plan, "plan.toml", EXAMPLE, EXAMPLE.replace("= 4\n", "= 3\n"), ["x"], TODAY, "cli"
            )
        assert str(refused.value) == (
            "plan.toml changed since the proposals were made; nothing was written (run 'cadence adapt' again)"
        )
        assert plan.read_text(encoding="utf-8") == edited
        assert [e.kind for e in store.events()] == ["start"]
        with pytest.raises(UserError) as broken:
            revisions.revise(
                store, run, plan, "plan.toml", edited, edited.replace("= 4\n", "= 0\n"), ["x"], TODAY, "cli"
            )
        assert str(broken.value).startswith("the revised plan would not check (plan.toml:24:10: error: 'target' in")
        assert [e.kind for e in store.events()] == ["start"]
    finally:
        store.close()


def test_undo_refuses_to_lose_edits_made_since_the_revision(cli: Cli, plan: Path, tmp_path: Path) -> None:
    store = Store.open(Path(os.environ["CADENCE_HOME"]))
    assert store is not None
    try:
        run = _revised(plan, store)
        after = EXAMPLE.replace("target = 4\n", "target = 3\n")
        revisions.revise(store, run, plan, "plan.toml", EXAMPLE, after, ["x"], TODAY, "cli")
    finally:
        store.close()
    plan.write_text(after + "# my own line\n", encoding="utf-8")
    result = cli("undo", "--plan", str(plan))
    assert (result.code, result.err) == (
        1,
        f"cadence: error: {plan.resolve()} changed since cadence revised it on Wed 2026-12-02; undo would lose"
        " those edits, so nothing was undone\n",
    )
    assert plan.read_text(encoding="utf-8") == after + "# my own line\n"
    plan.write_text(EXAMPLE, encoding="utf-8")  # put back by hand: undo only takes the step back in the log
    assert cli("undo", "--plan", str(plan)).code == 0
    assert plan.read_text(encoding="utf-8") == EXAMPLE


def test_adapt_refuses_a_plan_with_errors_and_the_bundled_plan(cli: Cli, write_plan: PlanWriter) -> None:
    broken = write_plan(EXAMPLE.replace("target = 4", "target = 0"), "broken.toml")
    result = cli("adapt", "--apply", "--plan", str(broken))
    assert result.code == 1
    assert result.err.startswith(f"{broken}:24:10: error: 'target' in [[task]] 'outreach' must be at least 1")
    bundled = cli("adapt", "--apply")
    assert (bundled.code, bundled.err) == (
        1,
        "cadence: error: the bundled plan is cadence's, not yours to revise: 'cadence plan new plan.toml --template"
        " social-half-marathon' copies it, and 'cadence use plan.toml' makes it yours\n",
    )
    assert cli("adapt").code == 0  # proposing writes nothing, so the bundled plan may be looked at


def test_nothing_to_propose_says_why(cli: Cli, plan: Path) -> None:
    result = cli("adapt", "--plan", str(plan), CADENCE_NOW="2026-11-10T09:00")
    assert result.out == (
        "No changes to propose for plan.toml: 0 closed weeks so far, and no rule calls for one (a hold needs two weeks"
        " under 70%, a weak task two weeks, a task without results three).\n"
    )
    assert json.loads(cli("adapt", "--json", "--plan", str(plan)).out) == {
        "plan": "plan.toml",
        "applied": False,
        "problem": None,
        "proposals": [],
    }
    assert tomllib.loads(plan.read_text(encoding="utf-8"))["plan"]["name"] == "Learning example"


def test_redo_of_an_undone_revision_writes_the_file_again_unless_it_was_edited(cli: Cli, plan: Path) -> None:
    store = Store.open(Path(os.environ["CADENCE_HOME"]))
    assert store is not None
    after = EXAMPLE.replace("target = 4\n", "target = 3\n")
    try:
        revisions.revise(store, _revised(plan, store), plan, "plan.toml", EXAMPLE, after, ["x"], TODAY, "cli")
    finally:
        store.close()
    assert cli("undo", "--plan", str(plan)).code == 0
    plan.write_text(EXAMPLE + "# my own line\n", encoding="utf-8")
    refused = cli("redo", "--plan", str(plan))
    assert (refused.code, refused.out, refused.err) == (
        1,
        "",
        f"cadence: error: {plan.resolve()} changed since the revision of Wed 2026-12-02 was undone; redo would"
        " lose those edits, so nothing was redone\n",
    )
    assert plan.read_text(encoding="utf-8") == EXAMPLE + "# my own line\n"
    plan.write_text(EXAMPLE, encoding="utf-8")
    redone = cli("redo", "--plan", str(plan))
    assert (redone.code, redone.err) == (0, "")
    assert redone.out == "Redid revision of plan.toml (1 change), whose revised text is in the file again.\n"
    assert plan.read_text(encoding="utf-8") == after
    undone = cli("undo", "--plan", str(plan))
    assert undone.out == "Undid revision of plan.toml (1 change), whose earlier text is back in the file.\n"
    assert plan.read_text(encoding="utf-8") == EXAMPLE
