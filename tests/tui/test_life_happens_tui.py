"""Life happens, and the weekly rhythm holds (issue 20), through the TUI with Pilot: `>` with its four ways,
the note, results for another day, the day view's own skip, the header's counters and the week's note, the
heatmap's broken days, and a first-run question that is there from the first frame."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.geometry import Region
from textual.widgets import Input, Static

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.store import NewEvent
from cadence.store.runs import current_run
from cadence.tui.app import CadenceApp, make_app
from cadence.tui.screens.confirm import ConfirmScreen
from cadence.tui.screens.day import DayScreen
from cadence.tui.screens.results import ResultsScreen
from cadence.tui.screens.skip import SkipScreen
from cadence.tui.screens.start import StartScreen
from cadence.tui.screens.today import TodayScreen
from cadence.tui.widgets.grid import PlanGrid
from cadence.tui.widgets.header import TodayHeader
from cadence.tui.widgets.items import ItemList
from helpers import StoreOpener, begin_run
from plans import plan, plan_table, task
from weekly import WEEKLY

LONDON = ZoneInfo("Europe/London")
Factory = Callable[..., CadenceApp]
Logged = tuple[str, str | None, str | None, float | None, str | None]


@pytest.fixture
def weekly(open_store: StoreOpener, tmp_path: Path) -> Factory:
    """The app on the weekly plan at `now`, in use since its first day (Mon 2026-11-23), with `history`."""

    def make(now: datetime, history: tuple[NewEvent, ...] = (), text: str = WEEKLY) -> CadenceApp:
        path = tmp_path / "weekly.toml"
        path.write_text(text)
        store = open_store(tmp_path / "home")
        begin_run(store, path, date(2026, 11, 23))
        run = current_run(store, "LinkedIn and X")
        if history:
            store.append([event._replace(run=run.number if run else None) for event in history])
        return make_app(PlanSource(path, "weekly.toml"), store, Clock(now), os.environ, reminders=False)

    return make


def at(day: int, month: int = 12, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def logged(app: CadenceApp) -> list[Logged]:
    """What the app wrote: (kind, task, day, amount, note or metric), the run's start aside."""
    return [
        (e.kind, e.task, e.day, e.amount, e.note or e.metric) for e in app.state.store.events() if e.kind != "start"
    ]


def header(app: CadenceApp) -> list[str]:
    return str(app.screen.query_one(TodayHeader).render()).splitlines()


def rows(app: CadenceApp) -> list[list[str]]:
    return [[cell.plain for cell in ItemList.cells(row)] for row in app.screen.query_one(ItemList).rows_shown]


def said(app: CadenceApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def shown(app: CadenceApp, selector: str) -> list[str]:
    """The lines a widget of the screen on top draws, as laid out at its width."""
    widget = app.screen.query_one(selector, Static)
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [line.text.rstrip() for line in lines]


async def type_into(pilot: object, app: CadenceApp, field: str, text: str) -> None:
    """Put `text` in a field of the screen on top, focus it and press enter."""
    found = app.screen.query_one(field, Input)
    found.value = text
    found.focus()
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_a_skip_is_excused_in_the_header_never_done(weekly: Factory) -> None:
    app = weekly(at(25, 11))  # Wednesday of week 1: comments and a post of three this week
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert header(app)[1] == "streak 0 days   today 0/2 done  ░░░░░░░░░░░░░░░░░░░░"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SkipScreen)
        await type_into(pilot, app, "#reason", "sick")
        assert logged(app) == [("skip", "comment", "2026-11-25", None, "sick")]
        assert header(app)[1] == "streak 0 days   today 0/1 done  ░░░░░░░░░░░░░░░░░░░░  1 excused"


async def test_the_header_says_the_weeks_note(weekly: Factory) -> None:
    app = weekly(at(1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert header(app)[0] == "LinkedIn and X  week 2 of 8  Tue 01 Dec 2026  Deload week"


async def test_a_vacation_booked_through_life_happened_prorates_tuesdays_quota(weekly: Factory) -> None:
    monday_post = NewEvent("checkin", "post", date(2026, 11, 30), amount=1)
    app = weekly(at(1), (monday_post,))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert rows(app)[1][1] == "Post on X 1/3 this week"
        await pilot.press("greater_than_sign", "r")
        await pilot.pause()
        assert type(app.screen).__name__ == "LifeScreen"
        await type_into(pilot, app, "#life-from", "2026-12-02")  # enter goes on to the last day
        assert app.screen.focused is app.screen.query_one("#life-to", Input)
        await type_into(pilot, app, "#life-to", "2026-12-04")
        assert said(app, "#life-days").startswith("Life happened: Wed 02 Dec to Fri 04 Dec (3 days)")
        await pilot.press("1")
        await pilot.pause()
        await type_into(pilot, app, "#reason", "vacation")
        assert isinstance(app.screen, TodayScreen)
        assert logged(app)[-1] == ("skip", None, "2026-12-02", None, "vacation")
        assert rows(app)[1][1] == "Post on X 1/2 this week"  # 3 × 3/6 = 1.5, so 2, the day it is booked


async def test_life_happened_says_what_each_way_changes_before_it_is_taken(weekly: Factory) -> None:
    app = weekly(at(3))  # Thursday of week 2
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert shown(app, "#life-choices") == [  # each way's sentence wraps under itself, past its key
            " 1  Excuse Thu 03 Dec: 2 items excused, neutral for the streak; no date moves, the plan ends Sun 17 Jan",
            "    2027 as before",
            "    cadence skip --all --date 2026-12-03 --reason WHY",
            " 2  Move the plan 1 week later: Thu 03 Dec to Wed 09 Dec free, every weekday kept; the plan ends Sun 24",
            "    Jan 2027",
            "    cadence shift 1w",
            " 3  Move the plan 1 day later: Thu 03 Dec free, and every later day changes weekday: your rest day would",
            "    fall on Mondays, the Saturday block on Sundays; the plan ends Mon 18 Jan 2027",
            "    cadence shift 1 --rotate",
            " 4  Do week 2 of 8 (“Deload week”) again: Mon 07 Dec to Sun 13 Dec, then the rest a week later; the plan",
            "    ends Sun 24 Jan 2027",
            "    cadence repeat-week --week 2",
            "1-4 takes a way · escape closes",
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and logged(app) == []


async def test_two_sick_days_rotated_only_after_the_sentence_and_a_yes(weekly: Factory) -> None:
    app = weekly(at(3))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("greater_than_sign", "r")
        await pilot.pause()
        await type_into(pilot, app, "#life-from", "yesterday")
        await type_into(pilot, app, "#life-to", "today")
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert said(app, "#question").splitlines()[0] == (
            "Move every later day 2 days on? Your rest day would fall on Tuesdays, the Saturday block on Mondays."
            " 'cadence shift 1w' keeps weekdays, excusing the days keeps the dates."
        )
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "LifeScreen" and logged(app) == []  # no: nothing moved
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert logged(app) == [("shift", None, "2026-12-02", 2.0, None)]
        assert str(app.screen.query_one("#rest", Static).render()) == (
            "Shifted: a free day. The plan resumes on Fri 04 Dec."
        )
        await pilot.press("p")
        await pilot.pause()
        grid = app.screen.query_one(PlanGrid)
        assert [str(column.label).strip() for column in grid.columns.values()][-7:] == [
            "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
        ]  # fmt: skip
        heading = [cell.plain.strip() for cell in grid.get_row_at(1)][-7:]  # before week 2: its real weekdays
        assert heading == ["Mon", "Tue", "Fri", "Sat", "Sun", "Mon", "Tue"]
        later = [cell.plain.strip() for cell in grid.get_row_at(3)][-7:]  # before week 3 on
        assert later == ["Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue"]


async def test_whole_weeks_and_the_week_again_are_one_key_each_and_undone_as_one_step(weekly: Factory) -> None:
    app = weekly(at(3))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("greater_than_sign", "2")
        await pilot.pause()
        assert logged(app) == [("shift", None, "2026-12-03", 7.0, None)]
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("greater_than_sign", "4")
        await pilot.pause()
        assert [event for event in logged(app) if event[0] == "repeat"] == [("repeat", None, "2026-12-03", 2.0, None)]


async def test_n_writes_a_note_with_the_rest_of_the_target(weekly: Factory) -> None:
    app = weekly(at(1, hour=20))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteScreen"
        assert app.screen.query_one("#amount", Input).value == "2"  # week 2's target, nothing done yet
        await type_into(pilot, app, "#note", "a good thread with a recruiter")
        assert logged(app) == [("checkin", "comment", "2026-12-01", 2.0, "a good thread with a recruiter")]
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#amount", Input).value == "0"  # done: the note alone
        await type_into(pilot, app, "#note", "and a reply from her")
        assert logged(app)[-1] == ("checkin", "comment", "2026-12-01", 0.0, "and a reply from her")


async def test_results_arrive_late_and_are_dated_on_their_day(weekly: Factory) -> None:
    app = weekly(at(1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.query_one("#day", Input).value == "today"
        app.screen.query_one("#metric-connections", Input).value = "2"
        await type_into(pilot, app, "#day", "yesterday")
        assert logged(app) == [("result", "comment", "2026-11-30", 2.0, "connections")]


async def test_the_day_view_skips_with_a_reason_and_walks_the_days(weekly: Factory) -> None:
    app = weekly(at(2))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")  # yesterday, to correct it
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        assert said(app, "#day-head").startswith("Tuesday 01 December 2026")
        await pilot.press("s")
        await pilot.pause()
        await type_into(pilot, app, "#reason", "sick")
        assert logged(app) == [("skip", "comment", "2026-12-01", None, "sick")]
        assert isinstance(app.screen, DayScreen)
        await pilot.press("left")
        await pilot.pause()
        assert said(app, "#day-head").startswith("Monday 30 November 2026")


async def test_the_heatmap_marks_the_day_that_broke_the_streak(
    weekly: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    partly = NewEvent("checkin", "comment", date(2026, 11, 23), amount=2)  # 2 of 3 on Monday
    tuesday = NewEvent("checkin", "comment", date(2026, 11, 24), amount=3)
    app = weekly(at(25, 11), (partly, tuesday))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        heatmap = said(app, "#heatmap").splitlines()
        assert heatmap[:2] == ["         M T W T F S S", "week   1 ✗ ✓ ○         "]
        assert heatmap[3] == "✗ missed: work left after its make-up window, partly done or not; it broke the streak"
        title = said(app, "#review-title")
        assert title.endswith("· comebacks 1")


FLOATING = plan(plan_table("Floating", start=None, weeks=4), task("comment", "Comments", days="weekdays"))


@pytest.mark.parametrize(
    ("now", "choices"),
    [
        (datetime(2026, 12, 7, 9, 0, tzinfo=LONDON), [" t  today, Mon 07 Dec: week 1 starts now, on its first day"]),
        (
            datetime(2026, 12, 9, 9, 0, tzinfo=LONDON),
            [
                " t  today, Wed 09 Dec: week 1 starts now",
                " m  next Monday, Mon 14 Dec: a clean week from its first day",
            ],
        ),
    ],
)
async def test_the_first_run_question_offers_distinct_days_from_the_first_frame(
    open_store: StoreOpener, tmp_path: Path, now: datetime, choices: list[str]
) -> None:
    path = tmp_path / "floating.toml"
    path.write_text(FLOATING)
    store = open_store(tmp_path / "home")
    app = make_app(PlanSource(path, "floating.toml"), store, Clock(now), os.environ, reminders=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, StartScreen)  # before any pause: a key pressed at once answers it
        shown = [line for line in said(app, "#question").splitlines() if line.startswith((" t ", " m "))]
        assert shown == choices
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.state.schedule is not None and app.state.schedule.start == now.date()
