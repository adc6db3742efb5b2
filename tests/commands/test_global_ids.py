"""Global ids: every event named the same on every machine, so that merging logs is a union by id."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.hub.memory import MemoryHub
from cadence.hub.sync import sync
from cadence.plan import check_text
from cadence.record.runs import open_run
from cadence.record.writes import Entry, Recorder
from cadence.store import DB_NAME, NewEvent, Store
from cadence.store.migrations import MIGRATIONS
from cadence.store.migrations import statements as _statements
from cadence.store.runs import runs
from cadence.store.sync import machine, outgoing
from helpers import Cli, StoreOpener
from machines import PLAN

HEX32 = re.compile(r"[0-9a-f]{32}\Z")
WEDNESDAY = date(2026, 12, 2)


def test_the_migration_gives_existing_events_ids_from_their_local_ones(open_store: StoreOpener, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db = sqlite3.connect(home / DB_NAME)
    for script in MIGRATIONS[:5]:
        for statement in _statements(script):
            db.execute(statement)
    db.execute("PRAGMA user_version = 5")
    db.executemany(
        "INSERT INTO events (batch, recorded, kind, task, day, amount, target_batch, source, run)"
        " VALUES (?, '2026-12-01T09:00:00+00:00', ?, ?, '2026-12-01', ?, ?, 'cli', ?)",
        [(1, "checkin", "comment", 3, None, 0), (1, "checkin", "post", 1, None, 0), (2, "undo", None, None, 1, None)],
    )
    db.commit()
    db.close()
    store = open_store(home)
    home_machine = machine(store)
    assert HEX32.match(home_machine)
    events = store.events()
    assert [(e.origin, e.lamport, e.batch, e.target_batch) for e in events] == [
        (home_machine, 1, 1, None),
        (home_machine, 2, 1, None),
        (home_machine, 3, 2, 1),
    ]
    uids = [e.uid for e in events]
    assert len(set(uids)) == 3 and all(isinstance(uid, int) and 0 <= uid < 2**63 for uid in uids)
    sent, _ = outgoing(store, "hub")  # a batch is known by its first event's uid; the undo names it
    assert [(e.batch_uid, e.target_uid) for e in sent] == [(uids[0], None), (uids[0], None), (uids[2], uids[0])]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.connection.execute("UPDATE events SET uid = 'x'")


def test_new_events_get_random_ids_a_batch_id_and_the_next_lamport_number(store: Store) -> None:
    store.append(
        [NewEvent("checkin", "comment", WEDNESDAY, amount=2), NewEvent("checkin", "post", WEDNESDAY, amount=1)]
    )
    store.append([NewEvent("result", None, WEDNESDAY, metric="replies", amount=1)])
    store.undo()
    first, second, third, undo = store.events()
    assert len({first.uid, second.uid, third.uid, undo.uid}) == 4
    assert (first.lamport, second.lamport, third.lamport, undo.lamport) == (1, 1, 2, 3)
    sent, through = outgoing(store, "hub")
    assert [(e.uid, e.batch_uid, e.target_uid) for e in sent] == [
        (first.uid, first.uid, None),
        (second.uid, first.uid, None),
        (third.uid, third.uid, None),
        (undo.uid, undo.uid, third.uid),
    ]
    assert through == 4
    assert {e.origin for e in store.events()} == {machine(store)}


def test_an_export_carries_the_ids_and_imports_as_the_same_events(cli: Cli, tmp_path: Path) -> None:
    assert cli("check", "comment", "2").code == 0
    assert cli("undo").code == 0
    exported = cli("export", "--format", "json").out
    document = json.loads(exported)
    assert document["version"] == 4
    assert [e["kind"] for e in document["events"]] == ["start", "checkin", "undo"]
    assert [set(e) >= {"uid", "origin", "lamport"} for e in document["events"]] == [True, True, True]
    assert document["events"][2]["target_batch"] == document["events"][1]["batch"]
    (tmp_path / "export.json").write_text(exported)
    assert cli("import", str(tmp_path / "export.json"), "--home", str(tmp_path / "other")).code == 0
    assert cli("export", "--format", "json", "--home", str(tmp_path / "other")).out == exported
    csv = cli("export", "--format", "csv").out
    (tmp_path / "export.csv").write_text(csv)
    assert cli("import", str(tmp_path / "export.csv"), "--home", str(tmp_path / "third")).code == 0
    assert cli("export", "--format", "csv", "--home", str(tmp_path / "third")).out == csv


def test_an_export_from_before_ids_gets_them_on_import(cli: Cli, tmp_path: Path, open_store: StoreOpener) -> None:
    old = {
        "format": "cadence-events",
        "version": 2,
        "plan_starts": [],
        "events": [
            {"id": 4, "batch": 2, "recorded": "2026-12-02T09:00:00+00:00", "kind": "checkin", "task": "comment",
             "day": "2026-12-02", "until": None, "metric": None, "amount": 1.0, "note": None, "target_batch": None,
             "source": "cli", "run": 0, "plan": None},
        ],
    }  # fmt: skip
    (tmp_path / "old.json").write_text(json.dumps(old))
    assert cli("import", str(tmp_path / "old.json"), "--home", str(tmp_path / "new")).code == 0
    store = open_store(tmp_path / "new")
    [event] = store.events()
    assert (event.id, event.batch, event.origin, event.lamport) == (4, 2, machine(store), 4)
    assert isinstance(event.uid, int) and 0 <= event.uid < 2**63


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"origin": "not/an id"}, "event 2: 'origin' must be up to 64 letters, digits, '_' or '-', not 'not/an id'"),
        ({"uid": -1}, "event 2: 'uid' must be a whole number from 0 to 9223372036854775807, not -1"),
        ({"uid": "SAME"}, "event uids repeat; an export has each event once"),
        ({"lamport": None}, "event 2: a checkin event needs 'lamport'"),
    ],
)
def test_an_export_with_bad_ids_is_refused_in_one_line(
    cli: Cli, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    assert cli("check", "comment").code == 0
    document = json.loads(cli("export", "--format", "json").out)
    if change.get("uid") == "SAME":
        change = {"uid": document["events"][0]["uid"]}
    document["events"][1].update(change)
    (tmp_path / "bad.json").write_text(json.dumps(document))
    result = cli("import", str(tmp_path / "bad.json"), "--home", str(tmp_path / "other"))
    assert (result.code, result.err) == (1, f"cadence: error: {tmp_path / 'bad.json'}: {message}\n")
    assert cli("export", "--format", "csv", "--home", str(tmp_path / "other")).out.count("\n") == 1  # a header only


# --------------------------------------------------------------------------- merging, through a hub in memory


OPS = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["check", "log", "undo", "sync"]), st.integers(1, 5)),
    max_size=25,
)


@pytest.mark.slow  # 40 histories of three homes, each on its own stores
@settings(max_examples=40)
@given(ops=OPS)
def test_homes_that_sync_in_any_order_converge_to_one_log(
    ops: list[tuple[int, str, int]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    plan, _ = check_text(PLAN, "plan.toml")
    assert plan is not None
    folder = tmp_path_factory.mktemp("homes")
    hub = MemoryHub()
    stores = [Store.open(folder / f"home{n}") for n in range(3)]
    try:
        recorders = []
        for store in stores:
            assert store is not None
            lived = open_run(store, plan, WEDNESDAY, "plan.toml")
            recorders.append(Recorder(store, lived.schedule, WEDNESDAY, "test", lived.number))
        for home, op, amount in ops:
            recorder = recorders[home]
            if op == "check":
                recorder.check_in("comment", float(amount))
            elif op == "log":
                recorder.log([Entry("replies", float(amount))], "comment")
            elif op == "undo":
                recorder.undo()
            else:
                sync(recorder.store, hub, "hub")
        for _ in range(2):
            for store in stores:
                assert store is not None
                sync(store, hub, "hub")
        logs = [{(e.uid, e.kind, e.amount, e.run, e.lamport) for e in store.events()} for store in stores if store]
        assert logs[0] == logs[1] == logs[2]
        assert len(logs[0]) == len(hub.rows)
        books = [store.ledger(WEDNESDAY, WEDNESDAY, 1) for store in stores if store]
        assert books[0].amounts == books[1].amounts == books[2].amounts
        assert sorted(books[0].results) == sorted(books[1].results) == sorted(books[2].results)
        schedules = [open_run(store, plan, WEDNESDAY, "plan.toml").schedule for store in stores if store]
        assert {(s.start, s.tracking, s.end) for s in schedules} == {
            (schedules[0].start, schedules[0].tracking, schedules[0].end)
        }
    finally:
        for store in stores:
            if store is not None:
                store.close()


def test_a_pulled_batch_is_undone_where_it_was_written(tmp_path: Path) -> None:
    plan, _ = check_text(PLAN, "plan.toml")
    assert plan is not None
    hub = MemoryHub()
    laptop, desktop = Store.open(tmp_path / "laptop"), Store.open(tmp_path / "desktop")
    assert laptop is not None and desktop is not None
    try:
        run = open_run(laptop, plan, WEDNESDAY, "plan.toml")
        Recorder(laptop, run.schedule, WEDNESDAY, "test", run.number).check_in("comment", 2)
        sync(laptop, hub, "hub")
        sync(desktop, hub, "hub")
        assert desktop.undo() == []  # the desktop never wrote; the laptop's check-in is the laptop's to undo
        assert [e.amount for e in laptop.undo()] == [2.0]
        sync(laptop, hub, "hub")
        sync(desktop, hub, "hub")
        assert desktop.ledger(WEDNESDAY, WEDNESDAY).amounts == {}
        assert desktop.ledger(WEDNESDAY, WEDNESDAY, runs(desktop)[0].number).amounts == {}
    finally:
        laptop.close()
        desktop.close()


def test_runs_travel_by_plan_and_pass_not_by_number(tmp_path: Path) -> None:
    """Two homes began different plans offline, each as its run 1: after merging, each plan has its own run."""
    one, _ = check_text(PLAN, "a.toml")
    other, _ = check_text(PLAN.replace('"Two machines"', '"Other plan"'), "b.toml")
    assert one is not None and other is not None
    hub = MemoryHub()
    laptop, desktop = Store.open(tmp_path / "laptop"), Store.open(tmp_path / "desktop")
    assert laptop is not None and desktop is not None
    try:
        for store, plan, amount in ((laptop, one, 2.0), (desktop, other, 5.0)):
            lived = open_run(store, plan, WEDNESDAY, "plan.toml")
            assert lived.number == 1
            Recorder(store, lived.schedule, WEDNESDAY, "test", lived.number).check_in("comment", amount)
        for store in (laptop, desktop, laptop):
            sync(store, hub, "hub")
        for store, mine, theirs in ((laptop, one, other), (desktop, other, one)):
            assert [(run.number, run.plan) for run in runs(store)] == [(1, mine.name), (2, theirs.name)]
        for store in (laptop, desktop):
            by_plan = {run.plan: run.number for run in runs(store)}
            day = store.ledger(WEDNESDAY, WEDNESDAY, by_plan["Two machines"])
            assert day.amounts == {("comment", WEDNESDAY): 2.0}
            day = store.ledger(WEDNESDAY, WEDNESDAY, by_plan["Other plan"])
            assert day.amounts == {("comment", WEDNESDAY): 5.0}
    finally:
        laptop.close()
        desktop.close()
