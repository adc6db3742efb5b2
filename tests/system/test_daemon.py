"""Reminders on a real D-Bus session bus with a recording notification server."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

import pytest

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.reminders.notify import DesktopNotifier, Notifier, RecordingNotifier
from cadence.reminders.scheduler import Reminders
from cadence.store import Event, NewEvent, Store
from cadence.store.claims import was_sent
from daemon_plans import PLAN, plan_text
from helpers import begin_run
from notification_server import NotificationServer, PrivateBus, serve
from plans import plan, task

LONDON = ZoneInfo("Europe/London")


class Running:
    def __init__(self, reminders: Reminders, store: Store, started: float, clock: Clock) -> None:
        self.reminders = reminders
        self.store = store
        self.started = started
        self.clock = clock

    def real_delay(self, instant: datetime) -> float:
        """Seconds after `started` at which the clock shows `instant`."""
        return (instant - self.clock.now()).total_seconds() + (time.monotonic() - self.started)


class Start(Protocol):
    async def __call__(self, text: str, now: datetime, notifier: Notifier | None = None) -> Running: ...


@pytest.fixture
async def start(tmp_path: Path) -> AsyncIterator[Start]:
    """Start Reminders on a plan with its clock at `now`; stopped after the test."""
    running: list[Running] = []

    async def go(text: str, now: datetime, notifier: Notifier | None = None) -> Running:
        plan = tmp_path / "plan.toml"
        if not plan.exists() or plan.read_text() != text:
            plan.write_text(text)
        store = Store.open(tmp_path / "home")
        assert store is not None
        begin_run(store, plan)  # the home has used the plan since its first day
        clock = Clock(now)
        started = time.monotonic()
        reminders = Reminders(PlanSource(plan, "plan.toml"), store, clock, notifier or DesktopNotifier(), os.environ)
        await reminders.start()
        found = Running(reminders, store, started, clock)
        running.append(found)
        return found

    yield go
    for found in running:
        await found.reminders.stop()
        found.store.close()


def records(store: Store) -> list[Event]:
    """What was recorded, leaving out the start of the run that the plan's first use wrote."""
    return [event for event in store.events() if event.kind != "start"]


async def until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def test_a_due_reminder_arrives_within_a_second(desktop: NotificationServer, start: Start) -> None:
    now = datetime(2026, 12, 2, 8, 59, 58, 500000, tzinfo=LONDON)
    running = await start(plan_text(), now)
    due = running.real_delay(datetime(2026, 12, 2, 9, 0, tzinfo=LONDON))
    [arrived] = await desktop.wait_for(1)
    late = arrived.at - running.started - due
    assert -0.05 <= late <= 1.0
    assert (arrived.summary, arrived.body) == ("Comments", "3 comments")
    assert set(arrived.actions) >= {"Done", "Snooze"}


async def test_done_records_the_check_in(desktop: NotificationServer, start: Start) -> None:
    running = await start(plan_text(), datetime(2026, 12, 2, 8, 59, 59, tzinfo=LONDON))
    [arrived] = await desktop.wait_for(1)
    desktop.press(arrived, "Done")
    await until(lambda: records(running.store))
    [event] = records(running.store)
    assert (event.kind, event.task, event.day, event.amount, event.source) == (
        "checkin",
        "comment",
        "2026-12-02",
        3.0,
        "daemon",
    )


async def test_snooze_sends_the_reminder_again_after_the_snooze_time(desktop: NotificationServer, start: Start) -> None:
    running = await start(plan_text(), datetime(2026, 12, 2, 8, 59, 59, tzinfo=LONDON))
    [arrived] = await desktop.wait_for(1)
    pressed = running.clock.now()
    desktop.press(arrived, "Snooze")
    scheduler = running.reminders.scheduler
    await until(lambda: scheduler.get_job("reminder:comment:2026-12-02:snooze:1") is not None)
    job = scheduler.get_job("reminder:comment:2026-12-02:snooze:1")
    wait = (job.next_run_time - running.clock.real(pressed)).total_seconds()
    assert 600 <= wait < 601  # ten minutes, as [notify] snooze says
    job.modify(next_run_time=datetime.now(job.next_run_time.tzinfo))  # let ten minutes pass
    scheduler.wakeup()
    again = await desktop.wait_for(2)
    assert (again[1].summary, again[1].body) == ("Comments", "3 comments")


async def test_a_reminder_already_done_is_not_sent(desktop: NotificationServer, start: Start, store: Store) -> None:
    # Written before the reminders start: history from before runs (run 0), which the plan takes.
    store.append([NewEvent("checkin", "comment", datetime(2026, 12, 2).date(), amount=3, run=0)])
    running = await start(
        plan_text(at="09:00") + '\n[[task]]\nid = "post"\ntitle = "Post"\nat = "09:00"\n',
        datetime(2026, 12, 2, 8, 59, 59, tzinfo=LONDON),
    )
    [only] = await desktop.wait_for(1)
    await asyncio.sleep(0.5)
    assert only.summary == "Post" and len(desktop.received) == 1
    assert was_sent(running.store, "reminder:comment:2026-12-02")


CATCH_UP = plan(PLAN, task("outreach", "Outreach", at="06:30"), task("video", "Video", at="08:15"))


async def test_catch_up_folds_old_misses_into_one_and_sends_recent_ones_late(
    desktop: NotificationServer, start: Start
) -> None:
    text = CATCH_UP.format(at="07:00", title="Comments", zone="Europe/London")
    await start(text, datetime(2026, 12, 2, 9, 0, tzinfo=LONDON))
    received = await desktop.wait_for(2)
    await asyncio.sleep(0.3)
    assert [(n.summary, n.body) for n in desktop.received] == [
        ("Video", "1 time"),  # 45 minutes late: within the hour of grace, sent once
        ("Missed while away: 2 reminders", "06:30 Outreach\n07:00 Comments"),
    ]
    assert len(received) == 2


async def test_nothing_fires_twice_across_restarts(desktop: NotificationServer, start: Start, tmp_path: Path) -> None:
    first = await start(plan_text(), datetime(2026, 12, 2, 8, 59, 59, tzinfo=LONDON))
    await desktop.wait_for(1)
    await first.reminders.stop()
    await start(plan_text(), datetime(2026, 12, 2, 9, 0, 30, tzinfo=LONDON))
    await asyncio.sleep(1.0)
    assert len(desktop.received) == 1


@pytest.mark.parametrize(
    ("zone", "first_pass", "second_pass", "at"),
    [
        # Berlin falls back on 2026-10-25: 02:30 CEST, then 02:30 CET an hour later
        ("Europe/Berlin", "2026-10-25T02:29:59+02:00", "2026-10-25T02:29:59+01:00", "02:30"),
        # New York falls back on 2026-11-01: 01:30 EDT, then 01:30 EST
        ("America/New_York", "2026-11-01T01:29:59-04:00", "2026-11-01T01:29:59-05:00", "01:30"),
    ],
)
async def test_fall_back_fires_once(
    desktop: NotificationServer, start: Start, zone: str, first_pass: str, second_pass: str, at: str
) -> None:
    text = plan_text(at=at, zone=zone).replace("start = 2026-11-30", "start = 2026-10-05")
    first = await start(text, datetime.fromisoformat(first_pass))
    await desktop.wait_for(1)
    await first.reminders.stop()
    await start(text, datetime.fromisoformat(second_pass))
    await asyncio.sleep(2.0)
    assert [n.summary for n in desktop.received] == ["Comments"]


@pytest.mark.parametrize(
    ("zone", "now", "at"),
    [
        # Berlin springs forward on 2027-03-28: 02:30 does not exist and is sent at 03:30 CEST
        ("Europe/Berlin", "2027-03-28T03:29:59+02:00", "02:30"),
        ("America/New_York", "2027-03-14T03:29:59-04:00", "02:30"),
    ],
)
async def test_spring_forward_fires_once(
    desktop: NotificationServer, start: Start, zone: str, now: str, at: str
) -> None:
    text = plan_text(at=at, zone=zone).replace("start = 2026-11-30", "start = 2027-03-01")
    await start(text, datetime.fromisoformat(now))
    await desktop.wait_for(1)
    await asyncio.sleep(1.5)
    assert [n.summary for n in desktop.received] == ["Comments"]


async def test_a_plan_edit_re_arms_at_once(desktop: NotificationServer, start: Start, tmp_path: Path) -> None:
    await start(plan_text(at="10:00"), datetime(2026, 12, 2, 8, 59, 57, tzinfo=LONDON))
    edited = tmp_path / "plan.toml.new"
    edited.write_text(plan_text(at="09:00", title="Comments, moved"))
    edited.replace(tmp_path / "plan.toml")  # an editor's atomic save
    [arrived] = await desktop.wait_for(1)
    assert arrived.summary == "Comments, moved"


async def test_a_broken_edit_is_reported_once_and_survived(
    desktop: NotificationServer, start: Start, tmp_path: Path
) -> None:
    await start(plan_text(), datetime(2026, 12, 2, 8, 59, 56, tzinfo=LONDON))
    (tmp_path / "plan.toml").write_text(plan_text().replace('at = "09:00"', 'at = "9 sharp"'))
    first = await desktop.wait_for(1)
    assert first[0].summary == "cadence: the plan has errors"
    assert first[0].body == (
        "plan.toml:14:6: error: 'at' in [[task]] 'comment' must be a time of day like \"08:30\", not the string \"9 sharp\""
    )
    both = await desktop.wait_for(2)
    assert both[1].summary == "Comments"  # the last valid plan still reminds
    await asyncio.sleep(1.2)
    assert len(desktop.received) == 2  # reported once, not every second


async def test_markup_in_titles_and_notes_shows_literally(desktop: NotificationServer, start: Start) -> None:
    title = "[bold]Launch[/] & <b>win</b> [link"
    text = plan_text(title=title.replace("\\", "\\\\")) + 'note = "<i>bring</i> & tell"\n'
    await start(text, datetime(2026, 12, 2, 8, 59, 59, tzinfo=LONDON))
    [arrived] = await desktop.wait_for(1)
    assert arrived.summary == title  # the summary is plain text by the freedesktop spec
    assert arrived.body == "3 comments\n&lt;i&gt;bring&lt;/i&gt; &amp; tell"  # the server reads body markup


async def test_no_markup_server_gets_plain_body(
    bus_folder: Path, monkeypatch: pytest.MonkeyPatch, start: Start
) -> None:
    bus = PrivateBus(bus_folder)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    server = NotificationServer(capabilities=("body",))
    connection = await serve(bus.address, server)
    try:
        await start(plan_text() + 'note = "a & b"\n', datetime(2026, 12, 2, 8, 59, 59, tzinfo=LONDON))
        [arrived] = await server.wait_for(1)
        assert arrived.body == "3 comments\na & b"
        assert not {"Done", "Snooze"} & set(arrived.actions)  # no "actions" capability: no buttons
    finally:
        connection.disconnect()
        bus.stop()


async def test_a_wall_clock_jump_catches_up(start: Start) -> None:
    notifier = RecordingNotifier()
    running = await start(plan_text(at="09:00"), datetime(2026, 12, 2, 8, 0, tzinfo=LONDON), notifier)
    assert notifier.sent == []
    running.clock.offset += timedelta(hours=3)  # the laptop slept from 08:00 to 11:00
    await running.reminders.heartbeat()
    assert [(m.title, m.body) for m in notifier.sent] == [("Missed while away: 1 reminder", "09:00 Comments")]


async def test_no_notification_service_is_said_once_and_the_reminders_go_on(
    bus_folder: Path, monkeypatch: pytest.MonkeyPatch, start: Start, caplog: pytest.LogCaptureFixture
) -> None:
    bus = PrivateBus(bus_folder)  # a bus with no notification server on it
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    seen: list[str] = []
    try:
        running = await start(plan_text(), datetime(2026, 12, 2, 8, 59, 59, tzinfo=LONDON))
        running.reminders.on_message = lambda message: seen.append(message.title)
        await until(lambda: seen == ["Comments"])
        await running.reminders.heartbeat()
        warnings = [r.getMessage() for r in caplog.records if "no desktop notifications" in r.getMessage()]
        assert len(warnings) == 1
        assert "no notification service on the session bus" in warnings[0]
    finally:
        bus.stop()
