"""How the screens look (pytest-textual-snapshot): at 100×30, at the three sizes a person lives in (80×24,
110×32 and 200×60), and without colour (NO_COLOR=1). Update with --snapshot-update, then look at the SVGs."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

import pytest

from cadence.bundled import bundled_plans
from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.store import NewEvent
from cadence.tui.app import CadenceApp, make_app
from helpers import StoreOpener

LONDON = ZoneInfo("Europe/London")
SIZE = (100, 30)
SMALL = (80, 24)
MIDDLE = (110, 32)
LARGE = (200, 60)


class AppAt(Protocol):
    def __call__(self, now: datetime, text: str | None = None) -> CadenceApp: ...


@pytest.fixture
def app_at(open_store: StoreOpener, tmp_path: Path) -> AppAt:
    """The app at `now` on the bundled plan (or `text`), from Mon 2026-11-23, with nine days of history.

    Its store is closed after the test, once the app has exited.
    """

    def build(now: datetime, text: str | None = None) -> CadenceApp:
        plan = tmp_path / "plan.toml"
        source = bundled_plans()["social-half-marathon"].read_text()
        plan.write_text(
            (text or source).replace("weeks = 12 ", 'start = 2026-11-23\ntimezone = "Europe/London"\nweeks = 12 ')
        )
        store = open_store(tmp_path / "home")
        day = date(2026, 11, 23)
        history = []
        for offset in range(9):
            current = date.fromordinal(day.toordinal() + offset)
            if current.weekday() < 5:
                history.append(NewEvent("checkin", "comment", current, amount=3 if offset % 4 else 2, run=0))
                history.append(NewEvent("checkin", "outreach", current, amount=2, run=0))
        # run 0: history from before runs, which the plan takes on first use (tracking from 2026-11-23)
        history.append(NewEvent("result", "comment", date(2026, 11, 25), metric="replies", amount=4, run=0))
        history.append(NewEvent("result", "outreach", date(2026, 11, 26), metric="connections", amount=3, run=0))
        history.append(NewEvent("result", None, date(2026, 11, 27), metric="connections", amount=1, run=0))
        for reading_day, followers in ((24, 856), (27, 871), (30, 868), (31, 890)):
            when = date(2026, 11, 1) + timedelta(days=reading_day - 1)
            history.append(NewEvent("reading", None, when, metric="followers", amount=followers, run=0))
        store.append(history)
        return make_app(PlanSource(plan, "plan.toml"), store, Clock(now), os.environ, reminders=False)

    return build


WEDNESDAY = datetime(2026, 12, 2, 9, 30, tzinfo=LONDON)


def test_today(snap_compare: object, app_at: AppAt) -> None:
    """Today on Wednesday of week 2: the header and progress bar, today's open items, Tuesday's make-ups."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SIZE)  # type: ignore[operator]


def test_plan(snap_compare: object, app_at: AppAt) -> None:
    """The plan (p) at 100×30: every day's items as done/planned with their symbols, phases and deload volumes
    in the phase column, the cursor on today."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SIZE, press=["p"])  # type: ignore[operator]


def test_review(snap_compare: object, app_at: AppAt) -> None:
    """The review (v) at 100×30: adherence by week, the heatmap by symbol, tasks with their results, rates per
    metric, streaks and verdicts, and the "(no task)" row of results logged without a task."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SIZE, press=["v"])  # type: ignore[operator]


def test_review_goals(snap_compare: object, app_at: AppAt) -> None:
    """The whole review on a tall terminal, down to its goals: each count goal with its sources as bars
    (connections: outreach 3 and "(no task)" 1; replies feed no goal), and the followers level goal, from 850,
    with its readings (856, 871, then 868 and 890 in week 2) as a sparkline over two weeks and its trend."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=(100, 64), press=["v"])  # type: ignore[operator]


def test_rest_day(snap_compare: object, app_at: AppAt) -> None:
    """Sunday, a rest day: "· rest day" in the header, the rest banner, the optional weekly review, and
    Saturday's block to make up."""
    sunday = datetime(2026, 12, 6, 10, 0, tzinfo=LONDON)
    assert snap_compare(app_at(sunday), terminal_size=SIZE)  # type: ignore[operator]


def test_error_view(snap_compare: object, app_at: AppAt) -> None:
    """A plan broken at start (a misspelt key, an unknown weekday): the error view, each error at its line."""
    broken = (
        bundled_plans()["social-half-marathon"].read_text().replace('days = ["tue", "thu"]', 'days = ["tue", "thurs"]')
    )
    broken = broken.replace("target = { start = 2, peak = 6 }", "taget = { start = 2, peak = 6 }")
    assert snap_compare(app_at(WEDNESDAY, broken), terminal_size=SIZE)  # type: ignore[operator]


def test_today_80x24(snap_compare: object, app_at: AppAt) -> None:
    """Today at 80×24: the header, today's open items with ○ open, Tuesday's make-ups (↺), the whole key bar."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SMALL)  # type: ignore[operator]


def test_plan_80x24(snap_compare: object, app_at: AppAt) -> None:
    """The plan at 80×24: Mon to Sun without a horizontal scroll, each item as done/planned with its symbol
    (ids cut to fit), the symbols' legend, the cursor on today, the week's line and the whole key bar."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SMALL, press=["p"])  # type: ignore[operator]


def test_review_80x24(snap_compare: object, app_at: AppAt) -> None:
    """The review at 80×24: adherence bars, the heatmap with a symbol per day and its legend, and the tasks
    table with its /hour, Streak and Verdict columns (the channel left to the Channels table)."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SMALL, press=["v"])  # type: ignore[operator]


def test_today_110x32(snap_compare: object, app_at: AppAt) -> None:
    """Today at 110×32: every title whole in a column as wide as the longest, Target, Done and Status beside it,
    the key bar with u Undo and U Redo."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=MIDDLE)  # type: ignore[operator]


def test_plan_110x32(snap_compare: object, app_at: AppAt) -> None:
    """The plan at 110×32: the phase column beside seven day columns, ids cut with "…" but never below what
    tells them apart, no ✗ touching the column before it."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=MIDDLE, press=["p"])  # type: ignore[operator]


def test_review_110x32(snap_compare: object, app_at: AppAt) -> None:
    """The review at 110×32: the tasks table's titles whole or led by their ids, results and rates cut between
    their parts (never inside a number), the channels table whole."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=MIDDLE, press=["v"])  # type: ignore[operator]


def test_day_80x24(snap_compare: object, app_at: AppAt) -> None:
    """The day view (enter on the plan) at 80×24 on Wednesday: its items with ids leading cut titles, its keys
    on two lines that never part a key from its word."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SMALL, press=["p", "enter"])  # type: ignore[operator]


def test_day_110x32(snap_compare: object, app_at: AppAt) -> None:
    """The day view at 110×32: every title whole, the day's state in its head, the keys on one line."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=MIDDLE, press=["p", "enter"])  # type: ignore[operator]


def test_day_200x60(snap_compare: object, app_at: AppAt) -> None:
    """The day view at 200×60: as at 110 columns, in its dialog of 110, the plan showing around it."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=LARGE, press=["p", "enter"])  # type: ignore[operator]


def test_today_200x60(snap_compare: object, app_at: AppAt) -> None:
    """Today at 200×60: every title whole, the key bar spaced out."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=LARGE)  # type: ignore[operator]


def test_plan_200x60(snap_compare: object, app_at: AppAt) -> None:
    """The plan at 200×60: the phase column with volumes and notes, whole ids in wide day columns, done/planned
    in every cell, the colour thresholds beside the legend."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=LARGE, press=["p"])  # type: ignore[operator]


def test_review_200x60(snap_compare: object, app_at: AppAt) -> None:
    """The review at 200×60: whole task titles and the channel column in the tasks table, the goals below."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=LARGE, press=["v"])  # type: ignore[operator]


def test_today_no_color(snap_compare: object, app_at: AppAt, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today with NO_COLOR=1 at 80×24: the states still read, by their symbols and words (○ open)."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SMALL)  # type: ignore[operator]


def test_plan_no_color(snap_compare: object, app_at: AppAt, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan with NO_COLOR=1 at 80×24: ✓ done, ◐ partial and ✗ missed told apart by symbol alone, today's
    cell in reverse video."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SMALL, press=["p"])  # type: ignore[operator]


def test_review_no_color(snap_compare: object, app_at: AppAt, monkeypatch: pytest.MonkeyPatch) -> None:
    """The review with NO_COLOR=1 at 80×24: the heatmap's days by symbol (✓ ◐ ✗ · ○) and its legend."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SMALL, press=["v"])  # type: ignore[operator]


FRIDAY = datetime(2026, 12, 4, 9, 30, tzinfo=LONDON)


def rotated(app_at: AppAt) -> CadenceApp:
    """The app on Friday of week 2 after two sick days rotated the rhythm (`shift 2 --rotate` from Wednesday)."""
    app = app_at(FRIDAY)
    app.state.store.append([NewEvent("shift", None, date(2026, 12, 2), amount=2, run=app.state.run)])
    app.state.relay()
    return app


def test_plan_rotated_80x24(snap_compare: object, app_at: AppAt) -> None:
    """The plan at 80×24 after a rotating shift of two days from Wed 02 Dec: every column under its real
    weekday. Week 1 is Mon to Sun; week 2 is Mon Tue Fri Sat Sun Mon Tue (Wednesday and Thursday were freed: the
    week line says so, with the days that broke the streak), and from week 3 on, a heading row of
    Wed Thu Fri Sat Sun Mon Tue: the Sunday rest falls on Tuesdays, the Saturday article on Mondays. Today,
    Friday, holds the plan's Wednesday and sits under "Fri"."""
    assert snap_compare(rotated(app_at), terminal_size=SMALL, press=["p"])  # type: ignore[operator]


def test_plan_rotated_200x60(snap_compare: object, app_at: AppAt) -> None:
    """The same at 200×60, with the phase column ("with 2 shifted" beside week 2) and whole ids."""
    assert snap_compare(rotated(app_at), terminal_size=LARGE, press=["p"])  # type: ignore[operator]


def test_life_happened_80x24(snap_compare: object, app_at: AppAt) -> None:
    """`>` at 80×24 on Wednesday: the four ways for today, each with what it changes (items excused, days
    freed, the new end, the weekdays that would move, the week named in words) and its command."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SMALL, press=["greater_than_sign"])  # type: ignore[operator]
