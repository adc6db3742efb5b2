"""How the screens look, at 100×30 (pytest-textual-snapshot). Update with --snapshot-update."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

import pytest

from cadence.clock import Clock
from cadence.paths import PlanSource, bundled_plans
from cadence.store import NewEvent
from cadence.tui.app import CadenceApp, make_app
from helpers import StoreOpener

LONDON = ZoneInfo("Europe/London")
SIZE = (100, 30)


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
    """The plan (p): every week's targets by day, phases and deload volumes, the cursor on today."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SIZE, press=["p"])  # type: ignore[operator]


def test_review(snap_compare: object, app_at: AppAt) -> None:
    """The review (v): adherence by week and day, the heatmap, tasks with their results, rates per metric
    and verdicts, and the "(no task)" row of results logged without a task."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=SIZE, press=["v"])  # type: ignore[operator]


def test_review_goals(snap_compare: object, app_at: AppAt) -> None:
    """The whole review on a tall terminal, down to its goals: each count goal with its sources as bars
    (connections: outreach 3 and "(no task)" 1; replies feed no goal), and the followers level goal, from 850,
    with its readings (856, 871, then 868 and 890 in week 2) as a sparkline over two weeks and its trend."""
    assert snap_compare(app_at(WEDNESDAY), terminal_size=(100, 64), press=["v"])  # type: ignore[operator]


def test_rest_day(snap_compare: object, app_at: AppAt) -> None:
    """Sunday, a rest day: the rest banner, the optional weekly review, Saturday's block to make up."""
    sunday = datetime(2026, 12, 6, 10, 0, tzinfo=LONDON)
    assert snap_compare(app_at(sunday), terminal_size=SIZE)  # type: ignore[operator]


def test_error_view(snap_compare: object, app_at: AppAt) -> None:
    """A plan broken at start (a misspelt key, an unknown weekday): the error view, each error at its line."""
    broken = (
        bundled_plans()["social-half-marathon"].read_text().replace('days = ["tue", "thu"]', 'days = ["tue", "thurs"]')
    )
    broken = broken.replace("target = { start = 2, peak = 6 }", "taget = { start = 2, peak = 6 }")
    assert snap_compare(app_at(WEDNESDAY, broken), terminal_size=SIZE)  # type: ignore[operator]
