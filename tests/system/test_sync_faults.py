"""Syncs that go wrong: killed at random points, and a hub that stops and comes back. Nothing is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from cadence.store import NewEvent, Store
from cadence.store.sync import state, waiting
from helpers import Cli, wait_until
from machines import Machine, write_plan
from postgres import Hub, Server

KILLS = 20
"""Each round kills a sync that pushes and one that pulls, at random moments, until 20 were killed."""
PER_ROUND = 1000


def add_events(home: Path, count: int, first: int) -> None:
    """`count` check-ins of run 1, written straight into the store in batches of 100 (fast)."""
    store = Store.open(home)
    assert store is not None
    try:
        for start in range(first, first + count, 100):
            store.append(
                [
                    NewEvent("checkin", "comment", date(2026, 11, 30) + timedelta(days=n % 3), amount=n, run=1)
                    for n in range(start, min(start + 100, first + count))
                ]
            )
    finally:
        store.close()


def sync_process(machine: Machine) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "cadence"),
            "sync",
            "--home",
            str(machine.home),
            "--plan",
            str(machine.plan),
        ],
        env={**os.environ, "CADENCE_SYNC_URL": machine.url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def killed_after(syncs: list[tuple[Machine, float]]) -> list[bool]:
    """Syncs of the machines at once, each SIGKILLed after its delay unless done by then; which were killed."""
    started = time.monotonic()
    running = [(sync_process(machine), started + delay) for machine, delay in syncs]
    killed = [False] * len(running)
    for index, (process, moment) in sorted(enumerate(running), key=lambda pair: pair[1][1]):
        try:
            process.wait(timeout=max(0.0, moment - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            killed[index] = True
    return killed


def timed(machine: Machine) -> float:
    started = time.monotonic()
    assert sync_process(machine).wait(timeout=60) == 0
    return time.monotonic() - started


def uids(machine: Machine) -> set[str]:
    return {event[0] for event in machine.log()}


def intact(home: Path) -> None:
    db = sqlite3.connect(home / "cadence.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) - COUNT(DISTINCT uid) FROM events").fetchone() == (0,)
    finally:
        db.close()


def test_a_sync_killed_at_random_points_loses_nothing(cli: Cli, hub: Hub, tmp_path: Path) -> None:
    url = hub.add("member", "ana")
    plan = write_plan(tmp_path)
    laptop, desktop = Machine(cli, tmp_path / "laptop", plan, url), Machine(cli, tmp_path / "desktop", plan, url)
    laptop.offline("today")
    desktop.offline("today")
    own = uids(desktop)
    # The hub takes its time over each insert, as a distant one would: a kill often falls inside its transaction.
    hub.rows(
        "CREATE FUNCTION cadence.slowly() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN PERFORM pg_sleep(0.1); RETURN NULL; END $$"
    )
    hub.rows("CREATE TRIGGER slowly BEFORE INSERT ON cadence.events EXECUTE FUNCTION cadence.slowly()")
    # How long a sync with events takes here, and one with nothing new (starting Python, importing, connecting):
    # the kills fall between the two, where the sync is at work, and a little either side.
    add_events(laptop.home, PER_ROUND, 0)
    pushing, pulling, idle = timed(laptop), timed(desktop), timed(laptop)
    rng = random.Random(15)
    killed = rounds = 0
    # A sync done before its moment came is not a kill: go on, and aim that machine's next kill earlier (a
    # machine busier now than when the syncs were timed would otherwise let them all finish).
    scale = [1.0, 1.0]
    while killed < KILLS and rounds < 3 * KILLS:
        rounds += 1
        add_events(laptop.home, PER_ROUND, rounds * PER_ROUND)
        moments = [rng.uniform(idle * 0.6, pushing) * scale[0], rng.uniform(idle * 0.6, pulling) * scale[1]]
        hits = killed_after([(laptop, moments[0]), (desktop, moments[1])])
        killed += sum(hits)
        scale = [min(1.0, factor * 1.1) if hit else factor * 0.8 for factor, hit in zip(scale, hits, strict=True)]
        for machine in (laptop, desktop):
            intact(machine.home)
        assert hub.rows("SELECT COUNT(*) - COUNT(DISTINCT uid) FROM cadence.events") == [(0,)]
        on_hub = {uid for (uid,) in hub.rows("SELECT uid FROM cadence.events")}
        mine, theirs = uids(laptop), uids(desktop)
        assert on_hub <= mine | theirs  # the hub holds only what the machines wrote
        assert theirs - mine <= own  # the desktop holds only what came from the laptop, and its own start
    assert killed >= KILLS
    assert laptop.sync().code == 0 and desktop.sync().code == 0
    total = (rounds + 1) * PER_ROUND + 2  # the check-ins and the two starts of run 1
    assert hub.rows("SELECT COUNT(*), COUNT(DISTINCT uid) FROM cadence.events") == [(total, total)]
    assert laptop.log() == desktop.log() and len(laptop.log()) == total
    for machine in (laptop, desktop):
        store = Store.open(machine.home)
        assert store is not None
        try:
            assert waiting(store, machine.url_key()) == 0
        finally:
            store.close()


def outcome(machine: Machine) -> str:
    store = Store.open(machine.home, create=False)
    assert store is not None
    try:
        return state(store, machine.url_key()).outcome
    finally:
        store.close()


def test_a_stopped_hub_is_said_once_and_the_events_arrive_when_it_is_back(
    cli: Cli, hub: Hub, pg_server: Server, tmp_path: Path
) -> None:
    url = hub.add("member", "ana")
    plan = write_plan(tmp_path)
    laptop, desktop = Machine(cli, tmp_path / "laptop", plan, url), Machine(cli, tmp_path / "desktop", plan, url)

    def run(*args: str) -> tuple[int, str, str]:
        result = cli(*args, "--home", str(laptop.home), "--plan", str(plan), CADENCE_SYNC_URL=url)
        return result.code, result.out, result.err

    assert run("check", "comment")[0] == 0  # the hub answers: synced in the background
    wait_until(lambda: hub.rows("SELECT COUNT(*) FROM cadence.events") == [(2,)], "the first check-in on the hub")
    pg_server.stop()
    try:
        assert run("check", "post") == (0, "Checked in post: 1/1 post on Wed 2026-12-02, done.\n", "")
        wait_until(lambda: outcome(laptop) == "unreachable", "the background sync to find the hub gone")
        code, out, err = run("today")
        assert (code, err) == (0, "") and out.startswith("Two machines")
        assert run("log", "replies=1") == (
            0,
            "Logged replies 1 on Wed 2026-12-02.\n",
            "sync: hub unreachable, 2 events waiting\n",
        )
        assert run("check", "comment", "1")[2] == ""  # said once
        assert run("sync") == (1, "", "sync: hub unreachable, 3 events waiting\n")
    finally:
        pg_server.start()
    wait_until(lambda: run("sync")[0] == 0 and laptop.waiting(laptop.url_key()) == 0, "the waiting events to go")
    assert hub.rows("SELECT kind, task FROM cadence.events WHERE kind != 'start' ORDER BY seq") == [
        ("checkin", "comment"),
        ("checkin", "post"),
        ("result", None),
        ("checkin", "comment"),
    ]
    assert desktop.sync().out == f"Synced with {desktop.url_key()}: sent 0 events, received 5 events.\n"
    assert laptop.log() == desktop.log()
