"""Syncing in the background: the TUI and the daemon sync without a key press or a command waiting on the network,
and neither `today` nor the TUI's first frame loads the hub's driver."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.hub.config import hub_key
from cadence.store import NewEvent, Store
from cadence.store.sync import waiting
from cadence.tui.app import make_app
from helpers import Cli, StoreOpener, begin_run, wait_until
from machines import Machine, write_plan
from postgres import Hub

WEDNESDAY = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def silent_hub(tmp_path: Path) -> Iterator[str]:
    """A hub that takes the connection and never answers: a sync waits on it until its timeout."""
    folder = tmp_path / "silent"
    folder.mkdir()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(folder / ".s.PGSQL.5432"))
    listener.listen(64)
    try:
        yield f"postgresql://ana:secret@/cadence?host={folder}&port=5432&connect_timeout=3"
    finally:
        listener.close()


def loaded_modules(code: str, env: dict[str, str]) -> dict[str, object]:
    probe = f"import sys, json\n{code}\nprint(json.dumps({{'psycopg': 'psycopg' in sys.modules, **found}}))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, **env}, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_today_and_a_write_never_load_psycopg_or_wait_for_the_hub(silent_hub: str, tmp_path: Path) -> None:
    env = {"CADENCE_SYNC_URL": silent_hub}
    today = loaded_modules(
        "import io, contextlib\nfrom cadence.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    found = {'code': main(['today', '--json'])}",
        env,
    )
    assert today == {"psycopg": False, "code": 0}
    started = time.monotonic()
    check = loaded_modules(
        "import io, contextlib\nfrom cadence.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    found = {'code': main(['check', 'comment'])}",
        env,
    )
    assert check == {"psycopg": False, "code": 0}
    assert time.monotonic() - started < 2.5  # the hub would have kept it 3 seconds; its sync waits elsewhere


def _lock_free(home: Path) -> bool:
    import fcntl

    with open(home / "sync.lock", "rb") as file:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


TUI_PROBE = """
import asyncio, os, sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from cadence.clock import Clock
from cadence.bundled import bundled_plans
from cadence.config import PlanSource
from cadence.store import Store
from cadence.tui.app import make_app

async def main() -> None:
    home = Path(os.environ["CADENCE_HOME"])
    store = Store.open(home)
    plan = bundled_plans()["social-half-marathon"]
    app = make_app(PlanSource(plan, "plan"), store, Clock(datetime(2026, 12, 2, 9, tzinfo=ZoneInfo("UTC"))),
                   os.environ, None, reminders=False, home=home)
    async with app.run_test() as pilot:
        await pilot.pause()
        global found
        found = {"first_frame": "psycopg" in sys.modules}
        for _ in range(100):
            await asyncio.sleep(0.05)
            if "psycopg" in sys.modules:
                break
        found["later"] = "psycopg" in sys.modules
    store.close()

found = {}
asyncio.run(main())
"""


def test_the_tuis_first_frame_loads_no_psycopg_and_its_sync_does_later(silent_hub: str) -> None:
    found = loaded_modules(TUI_PROBE, {"CADENCE_SYNC_URL": silent_hub})
    assert found == {"psycopg": True, "first_frame": False, "later": True}


async def test_a_key_press_is_written_while_a_sync_waits_on_a_silent_hub(
    silent_hub: str, open_store: StoreOpener, tmp_path: Path
) -> None:
    plan = write_plan(tmp_path)
    home = tmp_path / "home"
    store = open_store(home)
    begin_run(store, plan)
    env = {**os.environ, "CADENCE_SYNC_URL": silent_hub}
    app = make_app(PlanSource(plan, "plan.toml"), store, Clock(WEDNESDAY), env, None, reminders=False, home=home)
    async with app.run_test() as pilot:
        await pilot.pause()
        deadline = time.monotonic() + 10
        while app.syncing is None or not _lock_taken(home):  # the sync has begun waiting on the hub
            assert time.monotonic() < deadline, "the sync did not start"
            await pilot.pause(0.05)
        pressed = time.monotonic()
        await pilot.press("space")
        await pilot.pause()
        assert time.monotonic() - pressed < 1.0
        assert [(e.kind, e.task, e.amount) for e in store.events() if e.kind != "start"] == [
            ("checkin", "comment", 3.0)
        ]
        while not _lock_free(home):  # let the sync give up before the store is closed
            assert time.monotonic() < deadline + 10, "the sync never gave up"
            await pilot.pause(0.1)
        await pilot.pause(1.2)  # its outcome is told in the next tick
        told = [n.message for n in [*app.said, *app.held] if n.message.startswith("sync:")]
        assert told == ["sync: hub unreachable, 2 events waiting"]


def _lock_taken(home: Path) -> bool:
    return (home / "sync.lock").exists() and not _lock_free(home)


async def test_the_open_tui_sends_a_check_in_and_shows_what_another_machine_sent(
    cli: Cli, hub: Hub, open_store: StoreOpener, tmp_path: Path
) -> None:
    url = hub.add("member", "ana")
    plan = write_plan(tmp_path)
    other = Machine(cli, tmp_path / "laptop", plan, url)
    other.offline("log", "replies=2")
    assert other.sync().code == 0
    home = tmp_path / "home"
    store = open_store(home)
    begin_run(store, plan)
    env = {**os.environ, "CADENCE_SYNC_URL": url}
    app = make_app(PlanSource(plan, "plan.toml"), store, Clock(WEDNESDAY), env, None, reminders=False, home=home)
    async with app.run_test() as pilot:
        deadline = time.monotonic() + 20
        while not [e for e in store.events() if e.kind == "result"]:  # pulled at the first sync
            assert time.monotonic() < deadline, "the other machine's result did not arrive"
            await pilot.pause(0.1)
        await pilot.press("space")
        while hub.rows("SELECT COUNT(*) FROM cadence.events WHERE kind = 'checkin'") != [(1,)]:
            assert time.monotonic() < deadline, "the check-in did not reach the hub"
            await pilot.pause(0.1)
        while app.syncing is not None and _lock_taken(home):
            await pilot.pause(0.1)
    assert other.sync().out.endswith("received 2 events.\n")  # the TUI's run start and its check-in


def test_the_daemon_syncs_at_start_and_after_each_write(cli: Cli, hub: Hub, tmp_path: Path) -> None:
    url = hub.add("member", "ana")
    plan = write_plan(tmp_path)
    other = Machine(cli, tmp_path / "laptop", plan, url)
    other.offline("check", "post")
    assert other.sync().code == 0
    home = tmp_path / "home"
    script = Path(sys.executable).parent / "cadence"
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    process = subprocess.Popen(
        [str(script), "daemon", "--plan", str(plan), "--home", str(home)],
        env={**env, "CADENCE_SYNC_URL": url, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: _kinds(home).count("checkin") == 1 or process.poll() is not None, "the laptop's check-in")
        assert process.poll() is None, process.communicate()[1]
        store = Store.open(home)
        assert store is not None
        try:  # a write no command follows up (as the Done button's): the daemon sees it waiting
            store.append([NewEvent("checkin", "comment", date(2026, 12, 2), amount=3, run=1)], "daemon")
            wait_until(lambda: waiting(store, hub_key(url, "ana")) == 0, "the daemon to send it")
        finally:
            store.close()
        assert hub.rows("SELECT task FROM cadence.events WHERE kind = 'checkin' ORDER BY seq") == [
            ("post",),
            ("comment",),
        ]
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    key = hub_key(url, "ana")
    assert [line.split(" ", 3)[3] for line in err.splitlines() if "synced with" in line] == [
        f"synced with {key}: sent 1 event, received 2 events",  # its run's start; the laptop's start and check-in
        f"synced with {key}: sent 1 event, received 0 events",
    ]


def _kinds(home: Path) -> list[str]:
    if not (home / "cadence.db").exists():
        return []
    store = Store.open(home, create=False)
    assert store is not None
    try:
        return [event.kind for event in store.events()]
    finally:
        store.close()


def test_a_sync_is_due_every_five_minutes_and_after_a_write_while_the_hub_answers(store: Store, tmp_path: Path) -> None:
    from cadence.hub.config import parse
    from cadence.hub.live import Syncer

    syncer = Syncer(tmp_path / "home", None, parse("postgresql://ana@hub.example/cadence", None, {}, "url"))
    assert syncer.due(store, now=1000.0)  # at start
    syncer.last = 1000.0
    assert not syncer.due(store, now=1001.0)  # nothing written, nothing due yet
    store.append([NewEvent("checkin", "comment", date(2026, 12, 2), amount=1, run=1)])
    assert syncer.due(store, now=1001.0)  # a write waits: due at once while the hub answers
    syncer.answering = False
    assert not syncer.due(store, now=1299.0)  # an unreachable hub is tried again after five minutes
    assert syncer.due(store, now=1300.0)
    syncer.running = True
    assert not syncer.due(store, now=2000.0)  # one at a time
