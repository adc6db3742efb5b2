"""Living in the TUI, screen by screen: one word and symbol per state, done/planned cells, the
cursor kept, the sizes, units, streak labels, rest days and weekly quotas. Expected text written out."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.widgets import DataTable, Static

from cadence.store import NewEvent
from cadence.tui.app import CadenceApp
from cadence.tui.screens.day import DayScreen
from cadence.tui.screens.plan import PlanScreen
from cadence.tui.widgets.grid import PlanGrid
from cadence.tui.widgets.header import TodayHeader
from cadence.tui.widgets.items import ItemList
from cadence.tui.widgets.keybar import KeyBar
from helpers import Cli
from life import LONDON, PLAN, Factory
from plans import plan, plan_table, task


def rows(app: CadenceApp) -> list[list[str]]:
    return [[cell.plain for cell in ItemList.cells(row)] for row in app.screen.query_one(ItemList).rows_shown]


def grid_row(app: CadenceApp, week: int) -> list[str]:
    return [cell.plain for cell in app.screen.query_one(PlanGrid).get_row_at(week - 1)]


def styles(app: CadenceApp) -> list[str]:
    """The colour of each row's state on the screen's item list."""
    found = [ItemList.cells(row)[4] for row in app.screen.query_one(ItemList).rows_shown]
    return [str(cell.style) for cell in found if isinstance(cell, Text)]


async def test_one_word_per_state_with_the_colours_that_make_up_the_cell(life: Factory, cli: Cli) -> None:
    app = life()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert grid_row(app, 1) == [
            " 1",
            " ✗◐comment 2/3",  # partly done, its window closed: the day broke the streak, and its edge says so
            " ✓comment 3/3\n ✗post 0/1",
            " ✓comment 3/3",
            " ⊘comment 0/3\n ⊘post 0/1",
            " ✗comment 0/3",
            " ✓article 1/1",
            " ·rest",
        ]
        await pilot.press("up", "left", "enter")  # Tuesday of week 1
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        head = str(app.screen.query_one("#day-head", Static).render())
        assert head == "Tuesday 24 November 2026   week 1   the day: ✗ missed"  # the post was missed
        assert rows(app) == [
            ["08:30", "Thoughtful comments in my niche, every weekday", "3 comments", "3", "✓ done"],
            ["12:00", "Post", "1 post", "-", "✗ missed"],
        ]
        assert styles(app) == ["green", "red"]
    # the command line says the same word for the same item
    shown = cli("today", "--date", "2026-11-24", "--plan", str(app.state.source.path), CADENCE_NOW="2026-12-02T09:30")
    assert [line.split()[-1] for line in shown.out.splitlines()[1:]] == ["done", "missed"]


async def test_a_partial_day_keeps_its_word_and_its_colour(life: Factory) -> None:
    app = life()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("up", "left", "left", "enter")  # Monday of week 1: 2 of 3, window closed
        await pilot.pause()
        assert rows(app) == [
            ["08:30", "Thoughtful comments in my niche, every weekday", "3 comments", "2", "◐ partial"]
        ]
        assert styles(app) == ["yellow"]  # 67% of the target


async def test_every_cell_says_done_of_planned(life: Factory) -> None:
    app = life()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        # week 2: Mon and Tue open in the window... Mon closed now (Wednesday), Tue open, today, then days to come
        assert grid_row(app, 2) == [
            " 2",
            " ✗comment 0/3",
            " ○comment 0/3\n ○post 0/1",
            " ○comment 0/3",
            "  comment -/3\n  post -/1",
            "  comment -/3",
            "  article -/1",
            " ·rest",
        ]


async def test_the_cursor_stays_on_the_day_after_its_view_closes(life: Factory) -> None:
    app = life()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        grid = app.screen.query_one(PlanGrid)
        assert (grid.cursor_coordinate.row, grid.cursor_coordinate.column) == (1, 3)  # today, Wednesday of week 2
        await pilot.press("up", "right", "enter")  # Thursday of week 1
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert (grid.cursor_coordinate.row, grid.cursor_coordinate.column) == (0, 4)
        await pilot.press("right", "enter")  # walking the week day by day: Friday
        await pilot.pause()
        assert str(app.screen.query_one("#day-head", Static).render()).startswith("Friday 27 November 2026")
        await pilot.press("escape", "t", "p")  # to Today and back: still there
        await pilot.pause()
        assert (grid.cursor_coordinate.row, grid.cursor_coordinate.column) == (0, 5)


async def test_80_by_24_shows_every_key_the_whole_week_and_the_reviews_rate_and_verdict(life: Factory) -> None:
    app = life()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert str(bar.render()) == " space Done s Skip r Results n Note > Life u Undo U Redo p Plan v Review ? Keys"
        await pilot.press("p")
        await pilot.pause()
        grid = app.screen.query_one(PlanGrid)
        assert [str(column.label).strip() for column in grid.columns.values()] == [
            "Wk", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
        ]  # fmt: skip
        assert grid.virtual_size.width <= grid.size.width  # no horizontal scroll
        assert grid_row(app, 1)[1:3] == [" ✗◐comm 2/3", " ✓comme 3/3\n ✗post 0/1"]  # the ✗ off the week column
        await pilot.press("v")
        await pilot.pause()
        tasks = app.screen.query_one("#tasks", DataTable)
        labels = [str(column.label) for column in tasks.columns.values()]
        assert labels == ["Task", "Done", "Results", "Rate", "Streak", "Verdict"]
        assert tasks.virtual_size.width <= tasks.size.width


async def test_200_by_60_uses_the_width_for_titles(life: Factory) -> None:
    app = life()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        tasks = app.screen.query_one("#tasks", DataTable)
        first = [cell.plain for cell in tasks.get_row_at(0)]
        assert first == [
            "Thoughtful comments in my niche, every weekday", "-", "8 comments", "-", "-", "0 times", "too early",
        ]  # fmt: skip
        await pilot.press("p")
        await pilot.pause()
        assert grid_row(app, 1)[1] == " ✗◐comment 2/3"


async def test_units_read_right_on_every_screen(life: Factory) -> None:
    app = life(now=datetime(2026, 11, 28, 9, 0, tzinfo=LONDON))  # Saturday: the article, Friday to make up
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert rows(app) == [
            ["10:00-12:00", "Article [block]", "1 session", "1", "✓ done"],
            ["↺ Fri", "Thoughtful comments in my niche, every weekday make up", "3 comments", "-", "○ open"],
        ]
        await pilot.press("v")
        await pilot.pause()
        tasks = app.screen.query_one("#tasks", DataTable)
        assert [tasks.get_row_at(index)[2].plain for index in range(3)] == ["8 comments", "0 posts", "1 session"]


async def test_task_streaks_say_what_they_count(life: Factory) -> None:
    weekly = PLAN.replace("[[block]]", '[[task]]\nid = "call"\ntitle = "Call a friend"\nper_week = 1\n\n[[block]]')
    app = life(text=weekly, now=datetime(2026, 12, 6, 10, 0, tzinfo=LONDON))  # Sunday: week 2 still open
    app.state.store.append([NewEvent("checkin", "call", date(2026, 11, 27), amount=1, run=app.state.run)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        tasks = app.screen.query_one("#tasks", DataTable)
        labels = [str(column.label) for column in tasks.columns.values()]
        streak = labels.index("Streak")
        streaks = {tasks.get_row_at(index)[0].plain: tasks.get_row_at(index)[streak].plain for index in range(4)}
        assert streaks == {
            "Thoughtful comments in my niche, every weekday": "0 times",
            "Post": "0 times",
            "Call a friend": "1 week",
            "Article": "1 time",
        }


async def test_a_rest_day_shows_rest_over_no_empty_table(life: Factory) -> None:
    rest_only = plan(
        plan_table("Life", rest_days=["sun"]), task("comment", "Comments", days="weekdays", unit="comments")
    )
    app = life(text=rest_only, history=False, now=datetime(2026, 11, 29, 10, 0, tzinfo=LONDON))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one(TodayHeader).render()).splitlines()
        assert header == ["Life  week 1 of 4  Sun 29 Nov 2026", "streak 0 days   · rest day"]
        assert not app.screen.query_one("#items-scroll").display
        banner = str(app.screen.query_one("#rest", Static).render())
        assert banner == "Rest day. Rest is part of the plan: recovery is where the habit settles."


async def test_a_vacation_prorates_a_weekly_quota_on_today(life: Factory) -> None:
    weekly = plan(plan_table("Life", rest_days=["sun"]), task("post", "Post", per_week=3, unit="posts"))
    app = life(text=weekly, history=False, now=datetime(2026, 12, 3, 9, 0, tzinfo=LONDON))
    run = app.state.run
    app.state.store.append([NewEvent("skip", None, date(2026, 11, 30), until=date(2026, 12, 2), run=run)])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert rows(app) == [["", "Post 0/2 this week", "1 post", "-", "○ open"]]  # 3 × 3/6 = 1.5, so 2
        await pilot.press("space")
        await pilot.pause()
        assert rows(app) == [["", "Post 1/2 this week", "1 post", "1", "✓ done"]]
        app.state.store.append(
            [NewEvent("checkin", "post", day, amount=1, run=run) for day in (date(2026, 12, 4), date(2026, 12, 5))]
        )
        app.state.clock.offset += datetime(2026, 12, 5, 9) - datetime(2026, 12, 3, 9)  # Saturday
        app.check_day()
        await pilot.pause()
        assert rows(app) == [["", "Post 2/2 +1 this week", "1 post", "1", "✓ done"]]


def test_the_symbols_are_distinct_and_one_cell_wide() -> None:
    from cadence.tui.widgets.marks import SYMBOLS

    assert len(set(SYMBOLS.values())) == len(SYMBOLS)
    assert all(Text(symbol).cell_len == 1 for symbol in SYMBOLS.values())
