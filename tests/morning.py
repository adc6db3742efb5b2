"""The TUI tests' morning: a plan with a daily comment and a Wednesday post, the app built on it on Wed 2 Dec
at 09:30, and what its screen and log show."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.pilot import Pilot

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.reminders.notify import RecordingNotifier
from cadence.store import Event
from cadence.tui.app import CadenceApp, make_app
from cadence.tui.widgets.items import ItemList
from helpers import StoreOpener, begin_run
from plans import LINKEDIN, plan, plan_table, task

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime(2026, 12, 2, 9, 30, tzinfo=LONDON)
DAY = date(2026, 12, 2)


def plan_text(title: str = "Comments") -> str:
    """The plan; the errors the tests expect need its layout: `weeks` on line 4, the comment's `at` on line 12."""
    return plan(
        plan_table("Morning plan", rest_days=["sun"]),
        task("comment", title, days="weekdays", at="08:30", unit="comments", target=3, **LINKEDIN),
        task("post", "Post", days=["wed"], at="12:00", unit="posts"),
    )


AppFactory = Callable[..., CadenceApp]


def stored(app: CadenceApp) -> list[Event]:
    """What the app's event log recorded, as stored (the start of the plan's run aside)."""
    return [event for event in app.state.store.events() if event.kind != "start"]


def events(app: CadenceApp) -> list[tuple[str, str | None, str | None, float | None, str | None]]:
    return [(e.kind, e.task, e.day, e.amount, e.note or e.metric) for e in stored(app)]


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds; fail after four seconds."""
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never held")


def row_texts(app: CadenceApp) -> list[list[str]]:
    items = app.screen.query_one(ItemList)
    return [[cell.plain for cell in ItemList.cells(row)] for row in items.rows_shown]


def morning_app(open_store: StoreOpener, tmp_path: Path) -> AppFactory:
    """Build the app on a plan and the test's store, which is closed after the test, once the app has exited."""

    def build(
        text: str = plan_text(),
        now: datetime = WEDNESDAY,
        reminders: bool = False,
        notifier: RecordingNotifier | None = None,
    ) -> CadenceApp:
        plan = tmp_path / "plan.toml"
        plan.write_text(text)
        store = open_store(tmp_path / "home")
        begin_run(store, plan, date(2026, 11, 23))  # in use since the plan's first day
        return make_app(PlanSource(plan, "plan.toml"), store, Clock(now), os.environ, notifier, reminders=reminders)

    return build
