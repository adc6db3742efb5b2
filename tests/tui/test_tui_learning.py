"""A plan that learns in the TUI: the weekly question, the Review's `a` with proposals accepted and declined
one by one, written as one revision that `u` undoes, and the Plan screen's week line with its minutes."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Static

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.store import NewEvent, Store
from cadence.store.learning import answers, revisions
from cadence.tui.app import CadenceApp, make_app
from cadence.tui.screens.proposals import ProposalsScreen
from cadence.tui.screens.question import QuestionScreen
from cadence.tui.screens.review import ReviewScreen
from helpers import StoreOpener, begin_run
from learning import EXAMPLE, half_in, replies, write_history

LONDON = ZoneInfo("Europe/London")


def app_on(tmp_path: Path, store: Store, now: datetime, weeks: int, **history: object) -> CadenceApp:
    path = tmp_path / "plan.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    begin_run(store, path)
    write_history(store, 1, weeks, **history)  # type: ignore[arg-type]
    return make_app(PlanSource(path, "plan.toml"), store, Clock(now), os.environ, reminders=False)


async def asked(pilot: object, app: CadenceApp) -> None:
    """Until the app has looked for the week's question, after its first frames (then one frame more)."""
    for _ in range(100):
        await pilot.pause(0.02)  # type: ignore[attr-defined]
        if app.asked is not None:
            await pilot.pause()  # type: ignore[attr-defined]
            return
    raise AssertionError("the app never looked for the week's question")


def said(app: CadenceApp) -> str:
    if isinstance(app.screen, ProposalsScreen):
        return "\n".join(
            str(app.screen.query_one(f"#{part}", Static).render()) for part in ("proposal-head", "proposal")
        )
    return str(app.screen.query_one("#question", Static).render())


async def test_the_first_morning_of_a_week_asks_about_last_weeks_tasks(open_store: StoreOpener, tmp_path: Path) -> None:
    store = open_store(tmp_path / "home")
    app = app_on(tmp_path, store, datetime(2026, 11, 9, 7, 45, tzinfo=LONDON), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await asked(pilot, app)
        assert isinstance(app.screen, QuestionScreen)
        assert "Thoughtful comments is something I do automatically." in said(app)
        assert "1 of 3" in said(app)
        await pilot.press("6", "s")
        assert "Write an article is something I do automatically." in said(app)
        await pilot.press("7")
        await pilot.pause()
        assert not isinstance(app.screen, QuestionScreen)
    assert sorted((a.task, a.day, a.value or 0) for a in answers(store, 1)) == [
        ("article", date(2026, 11, 9), 7),
        ("comment", date(2026, 11, 9), 6),
        ("outreach", date(2026, 11, 9), 0),  # skipped
    ]
    assert len({event.batch for event in store.events() if event.kind == "rating"}) == 1
    again = make_app(
        app.state.source, store, Clock(datetime(2026, 11, 10, 8, 0, tzinfo=LONDON)), os.environ, reminders=False
    )
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(again.screen, QuestionScreen)  # answered this week


@pytest.mark.parametrize(
    ("now", "asking"), [(datetime(2026, 11, 10, 8, 0), True), (datetime(2026, 11, 11, 8, 0), False)]
)
async def test_not_now_asks_again_on_the_next_opening_in_the_first_two_days(
    open_store: StoreOpener, tmp_path: Path, now: datetime, asking: bool
) -> None:
    store = open_store(tmp_path / "home")
    app = app_on(tmp_path, store, datetime(2026, 11, 9, 7, 45, tzinfo=LONDON), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await asked(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, QuestionScreen)
    assert answers(store, 1) == []
    later = make_app(app.state.source, store, Clock(now.replace(tzinfo=LONDON)), os.environ, reminders=False)
    async with later.run_test(size=(80, 24)) as pilot:
        await asked(pilot, later)
        assert isinstance(later.screen, QuestionScreen) is asking


WEDNESDAY_5 = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
"""Past the weekly question's two days: the Review is what the tests open."""


def struggling(tmp_path: Path, store: Store) -> CadenceApp:
    """Weeks 3 and 4 done at 55%, and the notes weak beside the comments: a hold and a halving."""
    return app_on(tmp_path, store, WEDNESDAY_5, 4, did=half_in((3, 4)), results=replies)


async def test_a_declined_proposal_is_left_out_and_the_accepted_one_is_written_and_undone(
    open_store: StoreOpener, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "home")
    app = struggling(tmp_path, store)
    plan = tmp_path / "plan.toml"
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.press("v", "a")
        await pilot.pause()
        assert isinstance(app.screen, ProposalsScreen)
        assert said(app).startswith(
            "Proposal 1 (1 more after it) for plan.toml\nrule 1: weeks 3 and 4 were 55% and 55% done"
        )
        assert "+target = [2, 3, 4, 5, 6, 6, 7, 8]   # one more each week" in said(app)
        await pilot.press("n")
        assert said(app).startswith("Proposal 2 (the last) for plan.toml\nrule 2: 'outreach' was weak")
        assert "+target = [2, 3, 4, 5, 6, 9, 11, 12]   # one more each week" in said(app)  # without the hold
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "Plan revised on Wed 02 Dec: weak:outreach" in str(app.screen.query_one("#learned", Static).render())
        assert plan.read_text(encoding="utf-8") == EXAMPLE.replace(
            "{ start = 2, peak = 9 }", "[2, 3, 4, 5, 6, 9, 11, 12]"
        ).replace("target = 4\n", "target = [4, 4, 4, 4, 4, 2, 2, 2]\n")
        assert [r.applied for r in revisions(store, 1)] == [("weak:outreach",)]
        outreach = app.state.loaded.plan.task("outreach") if app.state.loaded else None
        assert outreach is not None and outreach.target == (4, 4, 4, 4, 4, 2, 2, 2)  # read again at once
        await pilot.press("t", "u")
        await pilot.pause()
    assert plan.read_text(encoding="utf-8") == EXAMPLE
    assert revisions(store, 1) == []


async def test_accepting_both_writes_one_revision_and_escape_writes_nothing(
    open_store: StoreOpener, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "home")
    app = struggling(tmp_path, store)
    plan = tmp_path / "plan.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", "a", "y", "escape")
        await pilot.pause()
        assert plan.read_text(encoding="utf-8") == EXAMPLE and revisions(store, 1) == []
        await pilot.press("a", "y", "y")
        await pilot.pause()
    assert [r.applied for r in revisions(store, 1)] == [("hold", "weak:outreach")]
    assert "target = [2, 3, 4, 5, 6, 8, 9, 11]" in plan.read_text(encoding="utf-8")


async def test_a_plan_edited_while_choosing_is_not_written(open_store: StoreOpener, tmp_path: Path) -> None:
    store = open_store(tmp_path / "home")
    app = struggling(tmp_path, store)
    plan = tmp_path / "plan.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", "a", "y")
        edited = EXAMPLE.replace("Personal notes", "Notes")
        plan.write_text(edited, encoding="utf-8")  # an editor's save while the dialog is open
        await pilot.press("y")
        await pilot.pause()
        shown = [str(message.message) for message in [*app.said, *app.held]]
    assert plan.read_text(encoding="utf-8") == edited and revisions(store, 1) == []
    assert any("changed since the proposals were made; nothing was written" in message for message in shown)


async def test_the_plan_screens_week_line_says_minutes_done_of_planned(open_store: StoreOpener, tmp_path: Path) -> None:
    store = open_store(tmp_path / "home")
    app = app_on(tmp_path, store, datetime(2026, 11, 11, 9, 0, tzinfo=LONDON), 1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert (
            str(app.screen.query_one("#week-line", Static).render())
            == "Week 2, volume 1, 0 of 295 min done   ✗ broke the streak: Mon 09"
        )
        await pilot.press("up")
        assert str(app.screen.query_one("#week-line", Static).render()) == "Week 1, volume 1, 295 of 295 min done"
        await pilot.press("down", "down")
        assert str(app.screen.query_one("#week-line", Static).render()) == "Week 3, volume 1, 295 min planned"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_a_proposal_as_it_looks(
    snap_compare: object, open_store: StoreOpener, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The first proposal (the hold) over the Review, at the two sizes a person lives in: its rule and figures,
    the diff in colour, the keys."""
    app = struggling(tmp_path, open_store(tmp_path / "home"))
    assert snap_compare(app, terminal_size=size, press=["v", "a"])  # type: ignore[operator]


def test_the_weekly_question_as_it_looks(snap_compare: object, open_store: StoreOpener, tmp_path: Path) -> None:
    """Monday of week 2 at 80×24: the first of last week's three tasks, the scale 1 to 7, skip and not now."""
    app = app_on(tmp_path, open_store(tmp_path / "home"), datetime(2026, 11, 9, 7, 45, tzinfo=LONDON), 1)
    assert snap_compare(app, terminal_size=(80, 24))  # type: ignore[operator]


async def test_a_key_pressed_at_once_answers_the_weekly_question(open_store: StoreOpener, tmp_path: Path) -> None:
    """The question is in the first frame: a 7 typed as the app opens is an answer, not a key for Today."""
    store = open_store(tmp_path / "home")
    app = app_on(tmp_path, store, datetime(2026, 11, 9, 7, 45, tzinfo=LONDON), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "2 of 3" in said(app)
    assert [(a.task, a.value) for a in answers(store, 1)] == []  # escaped by the close: nothing written yet


@pytest.mark.parametrize(
    ("day", "asked_then"),
    [(date(2026, 11, 11), True), (date(2026, 11, 12), True), (date(2026, 11, 13), False)],
)
async def test_a_week_begun_on_vacation_asks_its_question_on_the_first_days_back(
    open_store: StoreOpener, tmp_path: Path, day: date, asked_then: bool
) -> None:
    """Week 2's Monday and Tuesday were excused as a whole (a vacation booked ahead): the question waits for
    Wednesday and Thursday, the first two days back, and is not asked on Friday."""
    store = open_store(tmp_path / "home")
    app = app_on(tmp_path, store, datetime.combine(day, datetime.min.time(), LONDON).replace(hour=8), 1)
    store.append([NewEvent("skip", None, date(2026, 11, 9), until=date(2026, 11, 10), note="vacation", run=1)])
    app.state.relay()
    async with app.run_test(size=(80, 24)) as pilot:
        await asked(pilot, app)
        assert isinstance(app.screen, QuestionScreen) is asked_then


async def test_a_week_begun_as_usual_asks_no_later_than_its_second_day(open_store: StoreOpener, tmp_path: Path) -> None:
    store = open_store(tmp_path / "home")
    app = app_on(tmp_path, store, datetime(2026, 11, 11, 8, 0, tzinfo=LONDON), 1)  # Wednesday of week 2
    async with app.run_test(size=(80, 24)) as pilot:
        await asked(pilot, app)
        assert not isinstance(app.screen, QuestionScreen)
