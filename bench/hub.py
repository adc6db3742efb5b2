"""The hub's targets: a sync of 10,000 events into an empty hub, a sync with nothing new, and `today --json`
with `[sync]` configured beside the same home without it.

Runs a PostgreSQL server of its own (as the tests do, `tests/postgres.py`): a
Unix socket in a temporary folder, no network. Each figure is the wall time of
a whole `cadence` process, as a person runs it.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import postgres  # the tests' server, from beside the benchmarks

EVENTS = 10_000
Report = Callable[[str, str, str, bool], bool]


def _fill(home: Path, cadence: str, env: dict[str, str]) -> None:
    """A home whose run holds 10,000 check-ins and results, written in batches as days of use would."""
    from cadence.store import NewEvent, Store

    subprocess.run([cadence, "today", "--home", str(home)], env=env, stdout=subprocess.DEVNULL, check=True)
    store = Store.open(home)
    assert store is not None
    try:
        day = date(2026, 11, 30)
        for first in range(1, EVENTS, 50):  # the run's start is the first event
            store.append(
                [
                    NewEvent("checkin", "comment", day - timedelta(days=n % 300), amount=1, run=1)
                    if n % 5
                    else NewEvent("result", "comment", day, metric="replies", amount=1, run=1)
                    for n in range(first, min(first + 50, EVENTS))
                ]
            )
        assert store.count() == EVENTS
    finally:
        store.close()


def measure(
    report: Report,
    folder: Path,
    wall: Callable[[list[str], dict[str, str]], float],
    env: dict[str, str],
    side_by_side: Callable[..., tuple[float, float]],
) -> list[bool]:
    """The hub's figures (none, with a line saying why, where PostgreSQL is not installed)."""
    cadence = str(Path(sys.executable).parent / "cadence")
    server = postgres.started()
    if server is None:
        print("SKIP  the hub: no PostgreSQL server programs (initdb, pg_ctl) here")
        return []
    try:
        return _measure(report, folder, wall, env, side_by_side, server, cadence)
    finally:
        server.stop()
        server.remove()


def _measure(
    report: Report,
    folder: Path,
    wall: Callable[[list[str], dict[str, str]], float],
    env: dict[str, str],
    side_by_side: Callable[..., tuple[float, float]],
    server: postgres.Server,
    cadence: str,
) -> list[bool]:
    pristine = folder / "hub-home"
    _fill(pristine, cadence, env)
    firsts = []
    for number in range(5):  # each into a new, empty hub, from a home that never synced
        hub = postgres.Hub(server, f"bench_{number}")
        hub.create()
        url = hub.add("member", f"bench{number}")
        home = folder / f"hub-home-{number}"
        shutil.copytree(pristine, home)
        synced = {**env, "CADENCE_HOME": str(home), "CADENCE_SYNC_URL": url}
        firsts.append(wall([cadence, "sync"], synced))
        assert hub.rows("SELECT COUNT(*) FROM cadence.events") == [(EVENTS,)]
        if number < 4:
            hub.remove()
    first = statistics.median(firsts)
    nothing = statistics.median(wall([cadence, "sync"], synced) for _ in range(11))
    results = [
        report(
            f"cadence sync, {EVENTS:,} events into an empty hub",
            f"median {first * 1000:.0f} ms",
            "<= 2 s",
            first <= 2.0,
        ),
        report("cadence sync with nothing new", f"median {nothing * 1000:.0f} ms", "<= 300 ms", nothing <= 0.300),
    ]
    # today --json in the same home, with [sync] in config.toml and without.
    configured = folder / "hub-config"
    (configured / "cadence").mkdir(parents=True)
    (configured / "cadence" / "config.toml").write_text(f'[sync]\nurl = "{url}"\n')
    plain = folder / "hub-config-none"
    plain.mkdir()
    argv = [cadence, "today", "--json"]
    with_sync, without = side_by_side(
        lambda: wall(argv, {**env, "CADENCE_HOME": str(home), "XDG_CONFIG_HOME": str(configured)}),
        lambda: wall(argv, {**env, "CADENCE_HOME": str(home), "XDG_CONFIG_HOME": str(plain)}),
    )
    ratio = with_sync / without
    results.append(
        report(
            "cadence today --json with [sync] configured vs without",
            f"median {with_sync * 1000:.1f} ms vs {without * 1000:.1f} ms = {ratio:.3f}x",
            "<= 1.05x",
            ratio <= 1.05,
        )
    )
    hub.remove()
    return results
