"""Every screen at every width (issue 25): messages on a line of their own that covers nothing, the key bar a
finished plan offers, redo beside undo, extra work as "+N", and Today's columns kept as rows change."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

import pytest
from textual.widgets import DataTable
from textual.widgets._toast import Toast

from cadence.reminders.notify import RecordingNotifier
from cadence.store import NewEvent
from cadence.tui.app import CadenceApp
from cadence.tui.screens.confirm import ConfirmScreen
from cadence.tui.screens.plan import PlanScreen
from cadence.tui.screens.review import ReviewScreen
from cadence.tui.screens.today import TodayScreen
from cadence.tui.widgets.keybar import KeyBar
from cadence.tui.widgets.said import SaidLine
from life import LONDON, Factory
from plans import plan, plan_table, task


def drawn(app: CadenceApp) -> list[str]:
    """The screen's lines as the terminal gets their text."""
    return ["".join(segment.text for segment in strip).rstrip() for strip in app.screen._compositor.render_strips()]


def keys(app: CadenceApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def settle(pilot: object, condition: Callable[[], bool]) -> None:
    for _ in range(100):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        if condition():
            return
    raise AssertionError("the condition never held")


@pytest.mark.slow  # waits two real seconds for the summary at 07:30
async def test_the_morning_summary_takes_a_line_of_its_own_on_every_screen_and_covers_nothing(life: Factory) -> None:
    app = life(notifier=RecordingNotifier(), now=datetime(2026, 12, 2, 7, 29, 58, tzinfo=LONDON))
    async with app.run_test(size=(80, 24)) as pilot:
        line = app.screen.query_one(SaidLine)
        await settle(pilot, lambda: bool(line.messages()))
        await pilot.pause()
        assert list(app.screen.query(Toast)) == []  # nothing floats over the rows
        [summary] = line.messages()
        assert summary.splitlines() == [
            "Life: today",
            "Week 2 of 4.",
            "Thoughtful comments in my niche, every weekday: 3 comments at 08:30",
            "Make up: Thoughtful comments in my niche, every weekday, Post",
        ]
        lines = drawn(app)
        assert all(f" {said}" in lines for said in summary.splitlines())  # whole, a line each
        rows = app.screen.query_one("#items-scroll").region
        assert not line.region.overlaps(rows) and line.region.bottom <= 23  # the key bar stays under it
        assert " Thoughtful comments in my niche, every weekday" in " ".join(lines)
        for screen, key in ((PlanScreen, "p"), (ReviewScreen, "v")):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen)
            said = app.screen.query_one(SaidLine)
            assert said.messages() == [
                "Life: today: Week 2 of 4. · Thoughtful comments in my niche, every weekday: 3 comments at 08:30 ·"
                " Make up: Thoughtful comments in my niche, every weekday, Post"
            ]  # its lines joined: on these screens it wraps where the width ends
            content = app.screen.query_one("#grid" if key == "p" else "VerticalScroll").region
            assert not said.region.overlaps(content)
            assert drawn(app)[-1].endswith("? Keys  q Quit")  # the key bar stays under the line


FINISHED = plan(
    plan_table("Floating", start=None, weeks=2, rest_days=["sun"]),
    task("comment", "Comments", days="weekdays", unit="comments", target=3),
)


async def test_a_finished_plan_offers_what_it_can_do_and_n_asks_before_a_new_run(life: Factory) -> None:
    app = life(text=FINISHED, history=False, now=datetime(2026, 12, 9, 9, 0, tzinfo=LONDON))  # week 3 of 2
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert keys(app) == " n New run  u Undo  U Redo  p Plan  v Review  ? Keys  q Quit "
        before = len(app.state.store.events())
        await pilot.press("space", "s", "greater_than_sign")  # nothing to check in, skip or shift
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and len(app.state.store.events()) == before
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == (
            "Begin Floating again on Mon 14 Dec, in a new run? This run and its record stay ('cadence runs')."
        )
        await pilot.press("n")  # no: nothing begins
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and len(app.state.store.events()) == before
        await pilot.press("n", "y")
        await pilot.pause()
        assert app.state.schedule is not None and app.state.schedule.start == date(2026, 12, 14)
        assert keys(app).startswith(" space Done s Skip r Results n Note > Life u Undo U Redo")


async def test_a_finished_plan_with_fixed_days_offers_no_new_run(life: Factory) -> None:
    app = life(history=False, now=datetime(2026, 12, 30, 9, 0, tzinfo=LONDON))  # Life ran four weeks from 11-23
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.pause()
        assert keys(app) == " u Undo  U Redo  p Plan  v Review  ? Keys  q Quit "


@pytest.mark.parametrize(
    ("size", "bar"),
    [
        ((80, 24), " space Done s Skip r Results n Note > Life u Undo U Redo p Plan v Review ? Keys"),
        (
            (110, 32),
            " space Done  s Skip  r Results  n Note  > Life  u Undo  U Redo  p Plan  v Review  ? Keys  q Quit ",
        ),
    ],
)
async def test_redo_is_offered_where_undo_is(life: Factory, size: tuple[int, int], bar: str) -> None:
    app = life()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert keys(app) == bar


async def test_extra_work_reads_plus_n_and_the_columns_never_move(life: Factory) -> None:
    app = life()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        heading = next(line for line in drawn(app) if line.startswith(" When"))
        await pilot.press("space", "plus", "down", "s")  # comments 3 of 3 then one more; the post skipped
        await pilot.pause()
        lines = drawn(app)
        assert next(line for line in lines if line.startswith(" When")) == heading
        comments = next(line for line in lines if "Thoughtful" in line)
        assert comments.split("  ")[-2:] == ["3 +1", "✓ done"]
        assert comments.index("3 +1") == heading.index("Done")
        await pilot.press("minus", "up", "u")  # back to 3, then the skip undone
        await pilot.pause()
        assert next(line for line in drawn(app) if line.startswith(" When")) == heading


TWINS = plan(
    plan_table("Life", rest_days=["sun"], makeup_days=1),
    task("post", "Publish a short post", days="weekdays", duration="30m", results=["replies", "connections"]),
    task("posts-linkedin", "Publish a short post on LinkedIn, with a picture", days="weekdays", duration="20m",
         results=["replies", "connections", "followers"]),
)  # fmt: skip


def twins(app: CadenceApp) -> None:
    """Both tasks done each weekday of week 1, with results for every metric."""
    run = app.state.run
    events = []
    for day in range(23, 28):
        when = date(2026, 11, day)
        for task_id in ("post", "posts-linkedin"):
            events.append(NewEvent("checkin", task_id, when, amount=1, run=run))
            for metric in ("replies", "connections", "followers"):
                events.append(NewEvent("result", task_id, when, metric=metric, amount=7, run=run))
    app.state.store.append(events)


def task_cells(app: CadenceApp) -> list[list[str]]:
    table = app.screen.query_one("#tasks", DataTable)
    return [[cell.plain for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_the_review_at_80_leads_cut_titles_with_ids_cut_no_shorter_than_what_tells_them_apart(
    life: Factory,
) -> None:
    app = life(text=TWINS, history=False)
    twins(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert task_cells(app) == [
            ["Publish a short post", "5 times", "replies 35,…", "14.0/h,…", "0 times", "too early"],
            ["posts-linkedin Publi…", "5 times", "replies 35,…", "21.0/h,…", "0 times", "too early"],
        ]  # the cut title led by its id; the lists cut between their parts, their room given to the titles
        table = app.screen.query_one("#tasks", DataTable)
        assert table.virtual_size.width <= table.size.width  # every column on the screen


@pytest.mark.parametrize("width", [80, 110, 200])
async def test_no_cell_of_the_review_is_cut_inside_a_number(life: Factory, width: int) -> None:
    app = life(text=TWINS, history=False)
    twins(app)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        table = app.screen.query_one("#tasks", DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        for row in task_cells(app):
            cells = dict(zip(labels, row, strict=True))
            assert re.fullmatch(r"-|\d+\.\d/(h|ea)(, \d+\.\d/(h|ea))*(,…)?", cells["Rate"]), cells["Rate"]
            assert re.fullmatch(r"-|[a-z]+ \d+(, [a-z]+ \d+)*(,…)?", cells["Results"]), cells["Results"]
        if width == 200:  # the room goes to titles: every one whole
            assert [row[0] for row in task_cells(app)] == [
                "Publish a short post", "Publish a short post on LinkedIn, with a picture"
            ]  # fmt: skip


async def test_today_at_200_keeps_its_columns_beside_the_titles(life: Factory) -> None:
    app = life()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        heading = next(line for line in drawn(app) if line.startswith(" When"))
        title = "Thoughtful comments in my niche, every weekday make up"  # the longest item, Tuesday's make-up
        assert heading.index("Target") == heading.index("Item") + len(title) + 2
