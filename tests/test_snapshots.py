"""How the screens look, at 100×30 (pytest-textual-snapshot). Update with --snapshot-update."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cadence.clock import Clock
from cadence.paths import PlanSource, bundled_plans
from cadence.store import NewEvent, Store
from cadence.tui.app import CadenceApp, make_app

LONDON = ZoneInfo("Europe/London")
SIZE = (100, 30)


def app_at(tmp_path: Path, now: datetime, text: str | None = None) -> CadenceApp:
    plan = tmp_path / "plan.toml"
    source = bundled_plans()["social-half-marathon"].read_text()
    plan.write_text(
        (text or source).replace("weeks = 12 ", 'start = 2026-11-23\ntimezone = "Europe/London"\nweeks = 12 ')
    )
    store = Store.open(tmp_path / "home")
    assert store is not None
    day = date(2026, 11, 23)
    history = []
    for offset in range(9):
        current = date.fromordinal(day.toordinal() + offset)
        if current.weekday() < 5:
            history.append(NewEvent("checkin", "comment", current, amount=3 if offset % 4 else 2))
            history.append(NewEvent("checkin", "outreach", current, amount=2))
    history.append(NewEvent("result", "comment", date(2026, 11, 25), metric="replies", amount=4))
    history.append(NewEvent("result", "outreach", date(2026, 11, 26), metric="connections", amount=3))
    store.append(history)
    return make_app(PlanSource(plan, "plan.toml"), store, Clock(now), os.environ, reminders=False)


WEDNESDAY = datetime(2026, 12, 2, 9, 30, tzinfo=LONDON)


def test_today(snap_compare: object, tmp_path: Path) -> None:
    assert snap_compare(app_at(tmp_path, WEDNESDAY), terminal_size=SIZE)  # type: ignore[operator]


def test_plan(snap_compare: object, tmp_path: Path) -> None:
    assert snap_compare(app_at(tmp_path, WEDNESDAY), terminal_size=SIZE, press=["p"])  # type: ignore[operator]


def test_review(snap_compare: object, tmp_path: Path) -> None:
    assert snap_compare(app_at(tmp_path, WEDNESDAY), terminal_size=SIZE, press=["v"])  # type: ignore[operator]


def test_rest_day(snap_compare: object, tmp_path: Path) -> None:
    sunday = datetime(2026, 12, 6, 10, 0, tzinfo=LONDON)
    assert snap_compare(app_at(tmp_path, sunday), terminal_size=SIZE)  # type: ignore[operator]


def test_error_view(snap_compare: object, tmp_path: Path) -> None:
    broken = (
        bundled_plans()["social-half-marathon"].read_text().replace('days = ["tue", "thu"]', 'days = ["tue", "thurs"]')
    )
    broken = broken.replace("target = { start = 2, peak = 6 }", "taget = { start = 2, peak = 6 }")
    assert snap_compare(app_at(tmp_path, WEDNESDAY, broken), terminal_size=SIZE)  # type: ignore[operator]
