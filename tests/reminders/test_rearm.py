"""The reminders follow the store: a shift made by another process re-arms the running daemon at once."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.reminders.notify import RecordingNotifier
from cadence.reminders.scheduler import Reminders
from cadence.store import Store
from helpers import Cli
from plans import plan, plan_table, task

LONDON = ZoneInfo("Europe/London")
PLAN = plan(
    plan_table("Rearm", start=date(2026, 11, 30), weeks=2),
    task("comment", "Comments", days="weekdays", at="18:00", unit="comments", target=3),
)


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[Reminders]:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    store = Store.open(tmp_path / "home")
    assert store is not None
    reminders = Reminders(
        PlanSource(path, "plan.toml"),
        store,
        Clock(datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)),
        RecordingNotifier(),
        os.environ,
    )
    await reminders.start()
    try:
        yield reminders
    finally:
        await reminders.stop()
        store.close()


def armed(reminders: Reminders) -> list[str]:
    return sorted(job.id for job in reminders.scheduler.get_jobs() if job.id.startswith("reminder:"))


async def test_a_shift_from_the_command_line_re_arms_the_running_reminders(
    running: Reminders, cli: Cli, tmp_path: Path
) -> None:
    assert armed(running) == ["reminder:comment:2026-12-02", "reminder:comment:2026-12-03"]
    shifted = cli("shift", "1", "--rotate", "--plan", str(tmp_path / "plan.toml"), "--home", str(tmp_path / "home"))
    assert shifted.code == 0, shifted.err
    await running.watch()  # what the daemon does every second
    assert armed(running) == ["reminder:comment:2026-12-03"]  # today is free; Wednesday's work is tomorrow
    assert running.schedule is not None and running.schedule.is_shifted(date(2026, 12, 2))
    cli("undo", "--plan", str(tmp_path / "plan.toml"), "--home", str(tmp_path / "home"))
    await running.watch()
    assert armed(running) == ["reminder:comment:2026-12-02", "reminder:comment:2026-12-03"]


async def test_nothing_was_missed_before_the_first_use(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.replace('at = "18:00"', 'at = "07:00"'))
    store = Store.open(tmp_path / "home")
    assert store is not None
    notifier = RecordingNotifier()
    clock = Clock(datetime(2026, 12, 2, 9, 0, tzinfo=LONDON))  # cadence is opened for the first time at 09:00
    reminders = Reminders(PlanSource(path, "plan.toml"), store, clock, notifier, os.environ)
    try:
        await reminders.start()
        assert notifier.sent == []  # the 07:00 reminder was before cadence was used: not "missed while away"
    finally:
        await reminders.stop()
        store.close()
