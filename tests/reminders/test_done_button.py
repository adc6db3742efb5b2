"""The reminders' Done button writes through the one write path, with the plan's own rules."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.core.alarms import Alarm
from cadence.core.model import Plan
from cadence.plan import check_text
from cadence.record.runs import open_run
from cadence.reminders.notify import RecordingNotifier
from cadence.reminders.scheduler import Reminders
from cadence.store import Event, Store

LONDON = ZoneInfo("Europe/London")
PLAN = """[plan]
name = "Done button"
start = 2026-11-23
weeks = 2
timezone = "Europe/London"
makeup_days = 1

[[task]]
id = "comment"
title = "Comments"
at = "09:00"
unit = "comments"
target = 3
"""


def check(text: str) -> Plan:
    plan, diagnostics = check_text(text, "plan.toml")
    assert plan is not None, diagnostics
    return plan


@pytest.fixture
async def reminders(tmp_path: Path) -> AsyncIterator[Reminders]:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    store = Store.open(tmp_path / "home")
    assert store is not None
    clock = Clock(datetime(2026, 12, 2, 10, 0, tzinfo=LONDON))
    open_run(store, check(PLAN), date(2026, 11, 23), str(plan))  # in use since the plan's first day
    found = Reminders(PlanSource(plan, "plan.toml"), store, clock, RecordingNotifier(), os.environ)
    await found.start()
    try:
        yield found
    finally:
        await found.stop()
        store.close()


def records(reminders: Reminders) -> list[Event]:
    """What was recorded, leaving out the start of the run that the plan's first use wrote."""
    return [event for event in reminders.store.events() if event.kind != "start"]


def alarm(day: date) -> Alarm:
    at = datetime.combine(day, time(9, 0), tzinfo=LONDON).astimezone(UTC)
    return Alarm(f"reminder:comment:{day.isoformat()}", "reminder", at, time(9, 0), day, "comment")


async def test_done_checks_in_the_days_target_from_the_daemon(reminders: Reminders) -> None:
    await reminders.done(alarm(date(2026, 12, 2)))
    assert [(e.kind, e.task, e.day, e.amount, e.note, e.source) for e in records(reminders)] == [
        ("checkin", "comment", "2026-12-02", 3.0, "from a notification", "daemon")
    ]


async def test_done_on_yesterdays_reminder_makes_it_up(reminders: Reminders) -> None:
    await reminders.done(alarm(date(2026, 12, 1)))
    assert [(e.day, e.amount) for e in records(reminders)] == [("2026-12-01", 3.0)]


async def test_done_past_the_make_up_window_records_nothing_and_says_why(
    reminders: Reminders, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="cadence.scheduler"):
        await reminders.done(alarm(date(2026, 11, 30)))
    assert records(reminders) == []
    assert caplog.messages == [
        "Done was pressed but nothing was recorded: too late to make up 2026-11-30: the plan allows 1 day"
        " (add --force to correct the log)"
    ]
