"""Reminders where there is no desktop: every attached tmux client of the user, read from tmux's message log.

The tmux servers are real, on private sockets in the test's own TMUX_TMPDIR;
the client is attached from a pane of a second server. The D-Bus bus is a
private dbus-daemon, with or without a notification server on it, or none.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from attached import Attached
from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.reminders.delivery import courier
from cadence.reminders.notify import Notification
from cadence.reminders.scheduler import Reminders
from cadence.reminders.tmux import TmuxNotifier
from cadence.store import Store
from helpers import begin_run
from notification_server import NotificationServer, PrivateBus, serve
from plans import notify, plan, plan_table, task

LONDON = ZoneInfo("Europe/London")
PLAN = plan(
    plan_table("Daemon", start=date(2026, 11, 30), timezone="Europe/London"),
    notify(morning="09:00", grace="1h"),
    task("comment", "Comments", at="09:00", target=3, unit="comments"),
)
MORNING = "cadence: Daemon: today — Week 1 of 4. · Comments: 3 comments at 09:00"
REMINDER = "cadence: Comments — 3 comments"


@pytest.fixture
def attached() -> Iterator[Attached]:
    found = Attached()
    found.start()
    yield found
    found.stop()


def configure(via: str) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "cadence" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[reminders]\nvia = "{via}"\n')


async def test_a_daemon_without_d_bus_says_the_morning_and_a_reminder_on_the_attached_tmux_client(
    attached: Attached, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As over SSH: no D-Bus at all. The real daemon finds the user's tmux servers and their one client."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(PLAN)
    home = tmp_path / "home"
    script = Path(sys.executable).parent / "cadence"
    process = subprocess.Popen(
        [str(script), "daemon", "--plan", str(plan_file), "--home", str(home)],
        env={**os.environ, "CADENCE_NOW": "2026-12-02T08:59:58"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        shown = await asyncio.to_thread(attached.wait_for, 2)
        assert sorted(shown) == sorted([MORNING, REMINDER])
        assert attached.status_line().startswith("cadence: ")  # the last one, on the client's status line
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    log = (home / "daemon.log").read_text()
    assert "no desktop notifications now (no D-Bus session bus" in log
    assert "reminders go to tmux clients, else to this log" in log
    assert log.count("shown on 1 tmux client\n") == 2
    assert "Traceback" not in log


@pytest.fixture
async def bus(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[PrivateBus]:
    """A private session bus with no notification server on it (yet)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cadence-bus-"))
    found = PrivateBus(folder)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", found.address)
    yield found
    found.stop()
    shutil.rmtree(folder, ignore_errors=True)


async def started(tmp_path: Path, now: datetime) -> Reminders:
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(PLAN)
    store = Store.open(tmp_path / "home")
    assert store is not None
    begin_run(store, plan_file, now.date())  # first used today: nothing to make up
    reminders = Reminders(PlanSource(plan_file, "plan.toml"), store, Clock(now), courier(os.environ), os.environ)
    await reminders.start()
    return reminders


async def stopped(reminders: Reminders) -> None:
    await reminders.stop()
    reminders.store.close()


async def test_a_bus_with_no_notification_service_gives_way_to_tmux(
    bus: PrivateBus, attached: Attached, tmp_path: Path
) -> None:
    reminders = await started(tmp_path, datetime(2026, 12, 2, 8, 59, 59, tzinfo=LONDON))
    try:
        shown = await asyncio.to_thread(attached.wait_for, 2)
        assert sorted(shown) == sorted([MORNING, REMINDER])
    finally:
        await stopped(reminders)


@pytest.mark.parametrize(
    ("via", "on_desktop", "on_tmux"),
    [
        ("auto", ["Daemon: today", "Comments"], []),  # a service answers: the desktop, and only there
        ("desktop", ["Daemon: today", "Comments"], []),
        ("tmux", [], [MORNING, REMINDER]),
        ("log", [], []),
    ],
)
async def test_via_chooses_where_reminders_go(
    bus: PrivateBus,
    attached: Attached,
    tmp_path: Path,
    via: str,
    on_desktop: list[str],
    on_tmux: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="cadence")
    server = NotificationServer()
    connection = await serve(bus.address, server)
    configure(via)
    reminders = await started(tmp_path, datetime(2026, 12, 2, 8, 59, 59, tzinfo=LONDON))
    try:
        deadline = time.monotonic() + 10
        while sum("notify: " in r.getMessage() for r in caplog.records) < 2:  # both said, wherever they went
            assert time.monotonic() < deadline, "the reminders did not fire"
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # time for a message to arrive where it should not
        assert sorted(n.summary for n in server.received) == sorted(on_desktop)
        assert sorted(attached.messages()) == sorted(on_tmux)
    finally:
        await stopped(reminders)
        connection.disconnect()


async def test_a_notification_service_that_comes_later_is_used_at_the_next_reminder(
    bus: PrivateBus, attached: Attached
) -> None:
    said = courier(os.environ)
    assert await said.start() is None
    await said.send(Notification("first", "First", "before the desktop"))
    assert attached.wait_for(1) == ["cadence: First — before the desktop"]
    server = NotificationServer()
    connection = await serve(bus.address, server)
    try:
        await said.send(Notification("second", "Second", "on the desktop"))
        [arrived] = await server.wait_for(1)
        assert (arrived.summary, arrived.body) == ("Second", "on the desktop")
        assert attached.messages() == ["cadence: First — before the desktop"]
    finally:
        await said.close()
        connection.disconnect()


async def test_tmux_shows_a_title_as_written_and_runs_nothing(attached: Attached, tmp_path: Path) -> None:
    """`#(...)` in a tmux format runs a shell command: a plan's text is never a format."""
    planted = tmp_path / "planted"
    title = f"Launch #(touch {planted}) #{{session_name}} #[fg=red] 100%"
    tmux = TmuxNotifier(os.environ)
    assert await tmux.show(Notification("k", title, "ends with;")) == 1
    attached.wait_for(1)
    assert attached.status_line() == f"cadence: {title} — ends with;"
    await asyncio.sleep(0.3)
    assert not planted.exists()


async def test_no_client_attached_means_no_tmux_message(tmp_path: Path) -> None:
    detached = Attached("detached")
    detached.work.tmux("new-session", "-d", "-s", "work")
    try:
        assert await TmuxNotifier(os.environ).show(Notification("k", "Alone", "")) == 0
        assert detached.messages() == []
    finally:
        detached.stop()


async def test_a_notification_service_that_goes_away_gives_way_to_tmux(bus: PrivateBus, attached: Attached) -> None:
    server = NotificationServer()
    connection = await serve(bus.address, server)
    said = courier(os.environ)
    try:
        assert await said.start() is None
        await said.send(Notification("first", "First", "on the desktop"))
        assert [n.summary for n in await server.wait_for(1)] == ["First"]
        connection.disconnect()  # the desktop session ended; the bus stays
        await asyncio.sleep(0.2)
        await said.send(Notification("second", "Second", "in tmux"))
        assert attached.wait_for(1) == ["cadence: Second — in tmux"]
        assert [n.summary for n in server.received] == ["First"]
    finally:
        await said.close()
