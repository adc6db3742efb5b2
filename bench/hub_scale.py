"""A team at scale: a hub with 1,000 members and a year of events each (about 3.6 M events), `team --json` on it,
and 50 members syncing at once.

The generator: one member's year is written into a real home and synced by the real sync (which keeps that
member's rollup, counted by the member's own machine); the other 999 members are made from it in the database
with `generate_series` (roles, roster, events, plans and rollups in a few statements), so every member lives the
same year. Nothing is inserted one row at a time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import postgres  # the tests' server
from cadence.hub.config import URL_VARIABLE

MEMBERS = 1_000
YEAR = 3_600
"""Events in each member's year: the run's start and about ten check-ins a day."""
SYNCERS = 50
NOW = "2026-12-02T09:30"
CADENCE = str(Path(sys.executable).parent / "cadence")
Report = Callable[[str, str, str, bool], bool]
PLAN = """[plan]
name = "Team year"
start = 2025-12-01
weeks = 60
timezone = "Europe/London"

[[task]]
id = "comment"
title = "Comments"
unit = "comments"
target = 10
"""


def _year(home: Path, plan: Path, env: dict[str, str], count: int) -> None:
    """A home whose run holds `count` events: its start, then check-ins over the year before NOW."""
    from cadence.store import NewEvent, Store

    subprocess.run([CADENCE, "today", "--plan", str(plan)], env={**env, "CADENCE_HOME": str(home)}, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    store = Store.open(home)
    assert store is not None
    try:
        day = date(2026, 12, 2)
        for first in range(1, count, 100):
            store.append(
                [
                    NewEvent("checkin", "comment", day - timedelta(days=(n // 10) % 365), amount=1, run=1)
                    for n in range(first, min(first + 100, count))
                ]
            )
        assert store.count() == count
    finally:
        store.close()


def generate(server: postgres.Server, folder: Path, env: dict[str, str]) -> tuple[postgres.Hub, str, Path]:
    """The 1,000-member hub; its coach's URL and the plan."""
    hub = postgres.Hub(server, "bench_team")
    hub.create()
    plan = folder / "team-year.toml"
    plan.write_text(PLAN)
    first = hub.add("member", "m0000")
    _year(folder / "m0000", plan, env, YEAR)
    subprocess.run([CADENCE, "sync", "--plan", str(plan)], check=True, stdout=subprocess.DEVNULL,
                   env={**env, "CADENCE_HOME": str(folder / "m0000"), URL_VARIABLE: first})  # fmt: skip
    members = hub.roles.members
    columns = ", ".join(name for (name,) in hub.rows(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'cadence' AND table_name = 'events'"
        " AND column_name NOT IN ('seq', 'member') ORDER BY ordinal_position"))  # fmt: skip
    name = "'m' || lpad(i::text, 4, '0')"
    hub.rows(
        f"DO $$ BEGIN FOR i IN 1..{MEMBERS - 1} LOOP"
        f" EXECUTE format('CREATE ROLE %I NOLOGIN IN ROLE %I', {name}, '{members}'); END LOOP; END $$"
    )
    for statement in (
        f"INSERT INTO cadence.members (name, kind) SELECT {name}, 'member' FROM generate_series(1, {MEMBERS - 1}) i",
        f"INSERT INTO cadence.events (member, {columns}) SELECT {name}, {columns} FROM cadence.events"
        f" CROSS JOIN generate_series(1, {MEMBERS - 1}) i WHERE member = 'm0000'",
        f"INSERT INTO cadence.plans (member, name, text) SELECT {name}, name, text FROM cadence.plans"
        f" CROSS JOIN generate_series(1, {MEMBERS - 1}) i WHERE member = 'm0000'",
        f"INSERT INTO cadence.rollups (member, events, last_number, last_recorded, summary)"
        f" SELECT {name}, events, last_number, last_recorded,"
        f' replace(summary, \'"member": "m0000"\', \'"member": "\' || {name} || \'"\')'
        f" FROM cadence.rollups CROSS JOIN generate_series(1, {MEMBERS - 1}) i WHERE member = 'm0000'",
        "ANALYZE",
    ):
        hub.rows(statement)
    return hub, hub.add("coach", "coach"), plan


def measure(report: Report, folder: Path, env: dict[str, str]) -> list[bool]:
    server = postgres.started()
    if server is None:
        print("SKIP  the team at scale: no PostgreSQL server programs (initdb, pg_ctl) here")
        return []
    try:
        return _measure(report, folder, {**env, "CADENCE_NOW": NOW}, server)
    finally:
        server.stop()
        server.remove()


def _wall(argv: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - began


def _measure(report: Report, folder: Path, env: dict[str, str], server: postgres.Server) -> list[bool]:
    began = time.perf_counter()
    hub, coach, plan = generate(server, folder, env)
    made = time.perf_counter() - began
    ((events,),) = hub.rows("SELECT count(*) FROM cadence.events")
    print(f"      generated {MEMBERS:,} members, {events:,} events in {made:.0f} s")
    seen = {**env, URL_VARIABLE: coach}
    listed = subprocess.run([CADENCE, "team", "--json"], env=seen, capture_output=True, text=True, check=True)
    assert listed.stdout.count('"member"') == MEMBERS and '"problem": "' not in listed.stdout, listed.stdout[:500]
    team = statistics.median(_wall([CADENCE, "team", "--json"], seen) for _ in range(5))
    one = statistics.median(_wall([CADENCE, "review", "--member", "m0001", "--json"], seen) for _ in range(3))
    results = [
        report(
            f"team --json, {MEMBERS:,} members, {events:,} events",
            f"median {team * 1000:.0f} ms (one member counted from its events, review --member:"
            f" {one * 1000:.0f} ms; x{MEMBERS:,} = {one * MEMBERS:.0f} s)",
            "<= 1 s",
            team <= 1.0,
        )
    ]
    homes = []
    for number in range(SYNCERS):
        url = hub.add("member", f"s{number:02d}")
        home = folder / f"s{number:02d}"
        _year(home, plan, env, 200)
        homes.append({**env, "CADENCE_HOME": str(home), URL_VARIABLE: url})
    alone = _wall([CADENCE, "sync", "--plan", str(plan)], homes[0])
    began = time.perf_counter()
    running = [subprocess.Popen([CADENCE, "sync", "--plan", str(plan)], env=home, stdout=subprocess.DEVNULL)
               for home in homes[1:]]  # fmt: skip
    codes = [process.wait() for process in running]
    together = time.perf_counter() - began
    rows = hub.rows("SELECT count(*), count(DISTINCT (member, uid)) FROM cadence.events WHERE member LIKE 's%%'")
    exact = codes == [0] * (SYNCERS - 1) and rows == [(SYNCERS * 200, SYNCERS * 200)]
    results.append(
        report(
            f"{SYNCERS} members syncing at once, 200 events each, on the {MEMBERS:,}-member hub",
            f"{SYNCERS - 1} at once in {together:.1f} s (one alone: {alone * 1000:.0f} ms); rows {rows[0][0]:,},"
            f" each once: {rows[0][0] == rows[0][1]}",
            f"every event present exactly once ({SYNCERS * 200:,})",
            exact,
        )
    )
    return results


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import report

    with tempfile.TemporaryDirectory() as tmp:
        base = {k: v for k, v in os.environ.items() if not k.startswith("CADENCE_")}
        base["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        sys.exit(0 if all(measure(report, Path(tmp), base)) else 1)
