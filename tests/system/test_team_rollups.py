"""The rollups the syncs keep, against a real PostgreSQL: equal to a scan of the events, read by `team` in place of
the events, and 50 members syncing at once losing nothing."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from cadence.hub.background import attempt
from cadence.hub.config import parse
from cadence.hub.rollup import from_text
from cadence.hub.team import fetch, summary
from cadence.store import NewEvent, Store
from helpers import Cli
from machines import Machine, write_plan
from postgres import Hub

WEDNESDAY = "2026-12-02T09:00"
SCAN = "SELECT member, count(*), max(number), max(recorded) FROM cadence.events GROUP BY member ORDER BY member"


def test_the_rollups_equal_a_scan_and_team_reads_them(cli: Cli, hub: Hub, tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    ana = hub.add("member", "ana")
    laptop, desktop = (Machine(cli, tmp_path / name, plan, ana) for name in ("laptop", "desktop"))
    bob = Machine(cli, tmp_path / "bob", plan, hub.add("member", "bob"))
    coach = hub.add("coach", "carla")
    laptop.offline("check", "comment", "2", now="2026-12-01T09:00")
    desktop.offline("check", "comment", "3", now=WEDNESDAY)
    bob.offline("check", "post", now=WEDNESDAY)
    for machine in (laptop, desktop, bob, laptop):
        assert (
            machine.cli(
                "sync",
                "--home",
                str(machine.home),
                "--plan",
                str(plan),
                CADENCE_SYNC_URL=machine.url,
                CADENCE_NOW=WEDNESDAY,
            ).code
            == 0
        )
    kept = hub.rows("SELECT member, events, last_number, last_recorded FROM cadence.rollups ORDER BY member")
    assert kept == hub.rows(SCAN)
    assert [row[:3] for row in kept] == [("ana", 4, 4), ("bob", 2, 2)]  # each home's start, and the check-ins
    env = {"CADENCE_NOW": WEDNESDAY}
    for log in fetch(parse(coach, None, {}, "url")):
        ((text, last),) = hub.rows("SELECT summary, last_recorded FROM cadence.rollups WHERE member = %s", log.member)
        assert from_text(text, log.member, last, env) == summary(log, env)  # what a scan of the events counts
    hub.rows(
        "UPDATE cadence.rollups SET summary = regexp_replace(summary, '\"streak\": [0-9]+', '\"streak\": 7')"
        " WHERE member = 'bob'"
    )
    members = json.loads(cli("team", "--json", CADENCE_SYNC_URL=coach, CADENCE_NOW=WEDNESDAY).out)
    assert [(m["member"], m["streak"], m["adherence_this_week"]) for m in members] == [
        ("ana", 0, 1.0),
        ("bob", 7, 1.0),  # read from the rollup, not counted again
    ]
    tomorrow = json.loads(cli("team", "--json", CADENCE_SYNC_URL=coach, CADENCE_NOW="2026-12-03T09:00").out)
    assert [m["streak"] for m in tomorrow] == [0, 0]  # a rollup of another day: counted from the events


def test_fifty_members_syncing_at_once_lose_nothing(hub: Hub, tmp_path: Path) -> None:
    day = date(2026, 11, 30)
    configs = []
    for number in range(50):
        url = hub.add("member", f"m{number}")
        store = Store.open(tmp_path / f"m{number}")
        assert store is not None
        store.append([NewEvent("checkin", "comment", day - timedelta(days=n), amount=n + 1, run=0) for n in range(20)])
        store.close()
        configs.append(parse(url, None, {}, "url"))

    def one(number: int) -> str:
        store = Store.open(tmp_path / f"m{number}", create=False)
        assert store is not None
        try:
            return attempt(store, configs[number], None, telling=False, env={"CADENCE_NOW": WEDNESDAY}).outcome
        finally:
            store.close()

    with ThreadPoolExecutor(max_workers=50) as pool:
        assert list(pool.map(one, range(50))) == ["ok"] * 50
        assert list(pool.map(one, range(50))) == ["ok"] * 50  # again: nothing twice
    assert hub.rows("SELECT count(*), count(DISTINCT (member, uid)) FROM cadence.events") == [(1000, 1000)]
    assert hub.rows("SELECT count(*) FROM cadence.rollups WHERE events = 20 AND last_number = 20") == [(50,)]
    assert hub.rows("SELECT member, events, last_number, last_recorded FROM cadence.rollups ORDER BY member") == (
        hub.rows(SCAN)
    )
