"""Two machines of one member and a hub on a real PostgreSQL: the union by id, in any order, any number of times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cadence.store import NewEvent, Store
from helpers import Cli, run_process
from machines import Machine, write_plan
from postgres import Hub

MONDAY, WEDNESDAY = "2026-11-30T09:00", "2026-12-02T09:00"


@pytest.fixture
def machines(cli: Cli, hub: Hub, tmp_path: Path) -> tuple[Machine, Machine]:
    url = hub.add("member", "ana")
    plan = write_plan(tmp_path)
    return Machine(cli, tmp_path / "laptop", plan, url), Machine(cli, tmp_path / "desktop", plan, url)


def synced(result: Any) -> str:
    assert result.code == 0, result.err
    return str(result.out)


@pytest.mark.parametrize("order", ["laptop first", "desktop first"])
def test_two_machines_converge_in_either_order_twice(machines: tuple[Machine, Machine], order: str) -> None:
    laptop, desktop = machines
    first, second = (laptop, desktop) if order == "laptop first" else (desktop, laptop)
    # Round one, each offline: the laptop began the plan on Monday, the desktop on Wednesday.
    laptop.offline("check", "comment", "3", now=MONDAY)
    laptop.offline("log", "replies=2", "--task", "comment", now=MONDAY)
    desktop.offline("check", "post")
    desktop.offline("check", "comment", "2")
    for machine in (first, second, first):
        synced(machine.sync())
    assert laptop.log() == desktop.log()
    assert len(laptop.log()) == 6  # two starts of run 1, four records
    # Round two: a check-in undone on the laptop, a shift and a result on the desktop.
    laptop.offline("check", "comment", "1")
    laptop.offline("undo")
    desktop.offline("shift", "1", "--from", "2026-12-03", "--rotate")
    desktop.offline("log", "connections=1")
    for machine in (first, second, first):
        synced(machine.sync())
    assert laptop.log() == desktop.log()
    assert len(laptop.log()) == 10
    assert synced(first.sync()) == f"Synced with {first.url_key()}: sent 0 events, received 0 events.\n"
    today = laptop.today()
    assert today == desktop.today()
    assert (today["run"], today["tracking_from"], today["end"], today["week"]) == (1, "2026-11-30", "2026-12-21", 2)
    assert [(i["id"], i["done"], i["status"]) for i in today["items"]] == [
        ("comment", 2, "partial"),
        ("post", 1, "done"),
    ]
    assert [(i["id"], i["date"], i["status"]) for i in today["makeup"]] == [("comment", "2026-12-01", "open")]
    review = json.loads(laptop.offline("review", "--json").out)
    assert review == json.loads(desktop.offline("review", "--json").out)
    assert review["tasks"][0]["results"] == {"replies": 2, "connections": 0}  # the declared metrics, logged or not


def test_a_sync_with_nothing_new_sends_and_receives_nothing(machines: tuple[Machine, Machine]) -> None:
    laptop, _ = machines
    laptop.offline("check", "comment")
    assert synced(laptop.sync()) == f"Synced with {laptop.url_key()}: sent 2 events, received 0 events.\n"
    assert synced(laptop.sync()) == f"Synced with {laptop.url_key()}: sent 0 events, received 0 events.\n"


def test_an_import_into_another_home_is_the_same_events_for_the_hub(
    machines: tuple[Machine, Machine], hub: Hub, tmp_path: Path
) -> None:
    laptop, desktop = machines
    laptop.offline("check", "comment")
    synced(laptop.sync())
    exported = tmp_path / "export.json"
    exported.write_text(laptop.offline("export", "--format", "json").out)
    desktop.offline("import", str(exported))
    assert synced(desktop.sync()) == f"Synced with {desktop.url_key()}: sent 0 events, received 0 events.\n"
    assert hub.rows("SELECT COUNT(*), COUNT(DISTINCT uid) FROM cadence.events") == [(2, 2)]
    assert laptop.log() == desktop.log()


SYNCER = """
import sys
from cadence.cli import main
home, plan, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
for round in range(rounds):
    code = main(["sync", "--home", home, "--plan", plan])
    if code != 0:
        sys.exit(f"sync {round} of {home} exited {code}")
"""


def test_three_processes_syncing_at_once_lose_and_double_nothing(cli: Cli, hub: Hub, tmp_path: Path) -> None:
    url = hub.add("member", "ana")
    plan = write_plan(tmp_path)
    homes = [Machine(cli, tmp_path / name, plan, url) for name in ("laptop", "desktop", "phone")]
    for number, home in enumerate(homes):
        home.offline("today")  # the run begins
        store = Store.open(home.home)
        assert store is not None
        try:  # forty check-ins each, of its own amounts, one command each
            for offset in range(40):
                store.append(
                    [NewEvent("checkin", "comment", date(2026, 12, 2), amount=number * 100 + offset + 1, run=1)]
                )
        finally:
            store.close()
    # Three machines syncing together, three times each; and one of them twice at once.
    runs = [(home.home, 3) for home in homes] + [(homes[0].home, 2)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SYNCER, str(home), str(plan), str(rounds)],
            env={**os.environ, "CADENCE_SYNC_URL": url},
            stderr=subprocess.PIPE,
            text=True,
        )
        for home, rounds in runs
    ]
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0], errors
    for home in homes:
        synced(home.sync())  # each now sees what the others sent last
    assert hub.rows("SELECT COUNT(*), COUNT(DISTINCT uid) FROM cadence.events") == [(123, 123)]
    amounts = sorted(row[0] for row in hub.rows("SELECT amount FROM cadence.events WHERE kind = 'checkin'"))
    assert amounts == [float(n * 100 + k + 1) for n in range(3) for k in range(40)]
    logs = [home.log() for home in homes]
    assert logs[0] == logs[1] == logs[2] and len(logs[0]) == 123
    assert homes[0].today() == homes[1].today() == homes[2].today()
    assert homes[0].today()["items"][0]["done"] == sum(n * 100 + k + 1 for n in range(3) for k in range(40))


def test_the_console_script_syncs(machines: tuple[Machine, Machine]) -> None:
    laptop, _ = machines
    laptop.offline("check", "comment")
    done = run_process(
        "sync", "--home", str(laptop.home), "--plan", str(laptop.plan), env={"CADENCE_SYNC_URL": laptop.url}
    )
    assert (done.code, done.out) == (0, f"Synced with {laptop.url_key()}: sent 2 events, received 0 events.\n")


def test_a_write_starts_a_sync_in_the_background_and_a_sync_starts_none(
    machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadence.hub import background

    started: list[Path] = []
    monkeypatch.setattr(background, "spawn", lambda home, env, plan: started.append(home))
    laptop, _ = machines
    assert laptop.cli("today", "--home", str(laptop.home), CADENCE_SYNC_URL=laptop.url).code == 0  # begins the run
    assert laptop.cli("today", "--home", str(laptop.home), CADENCE_SYNC_URL=laptop.url).code == 0  # reads only
    assert laptop.cli("check", "comment", "--home", str(laptop.home), CADENCE_SYNC_URL=laptop.url).code == 0
    assert started == [laptop.home, laptop.home]
    synced(laptop.sync())
    assert started == [laptop.home, laptop.home]


def test_a_hub_set_up_anew_at_the_same_address_is_sent_everything_again(cli: Cli, hub: Hub, tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    laptop = Machine(cli, tmp_path / "laptop", plan, hub.add("member", "ana"))
    laptop.offline("check", "comment")
    assert synced(laptop.sync()).endswith("sent 2 events, received 0 events.\n")
    hub.remove()  # the owner drops the database and sets the hub up again
    hub.create()
    laptop.url = hub.add("member", "ana")
    assert synced(laptop.sync()).endswith("sent 2 events, received 0 events.\n")
    assert hub.rows("SELECT COUNT(*) FROM cadence.plans") == [(1,)]
    assert synced(laptop.sync()).endswith("sent 0 events, received 0 events.\n")
