"""The wall clock set back an hour under a running daemon: its heartbeat notices at its next beat (30 s, well
within two minutes), and the reminders are armed again for the clock as it now reads.

The wall clock is moved with time-machine, which the scheduler and the store see as the real one; the
monotonic clock, on which the event loop sleeps, runs on, as it does when a clock is set back."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

import cadence.reminders.scheduler
from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.reminders.notify import RecordingNotifier
from cadence.reminders.scheduler import Reminders
from cadence.store import Store
from plans import notify, plan, plan_table, task

LONDON = ZoneInfo("Europe/London")


def plan_with(*tasks: str) -> str:
    return plan(plan_table("Jumps", start=date(2026, 11, 30), weeks=2), notify(grace="1h"), *tasks)


async def until(condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@pytest.mark.slow  # waits three real seconds for the reminder at 09:00
async def test_a_wall_clock_set_back_is_noticed_at_the_next_beat_and_the_reminders_follow_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    beat = 0.3
    monkeypatch.setattr(cadence.reminders.scheduler, "HEARTBEAT_SECONDS", beat)  # 30 s, scaled down
    caplog.set_level(logging.INFO, logger="cadence")
    path = tmp_path / "plan.toml"
    path.write_text(plan_with(task("comment", "Comments", at="11:00")))
    notifier = RecordingNotifier()
    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=LONDON), tick=True) as traveller:
        store = Store.open(tmp_path / "home")
        assert store is not None
        reminders = Reminders(PlanSource(path, "plan.toml"), store, Clock(), notifier, os.environ)
        try:
            await reminders.start()
            traveller.move_to(datetime(2026, 12, 2, 8, 59, 57, tzinfo=LONDON))  # set back an hour and more
            set_back = time.monotonic()
            await until(lambda: "the wall clock moved -36" in caplog.text, "the heartbeat to notice")
            assert time.monotonic() - set_back <= 3 * beat  # at the next beat: 30 s for the real heartbeat
            # The clock now reads 09:00 soon: a task due then, added now, is armed and sent at 09:00.
            path.write_text(plan_with(task("comment", "Comments", at="11:00"), task("post", "Post", at="09:00")))
            await until(lambda: [m.title for m in notifier.sent] == ["Post"], "the 09:00 reminder")
            assert datetime.now(LONDON) >= datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
        finally:
            await reminders.stop()
            store.close()
