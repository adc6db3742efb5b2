"""The store: migrations, refusal of newer stores, append-only log, undo, ledger ranges, concurrency."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cadence.cli import main
from cadence.store import DB_NAME, NewEvent, Store, StoreError
from cadence.store.migrations import SCHEMA_VERSION
from cadence.store.runs import plan_starts
from helpers import StoreOpener, run_process
from stores import build_at_version


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_migrates_from_every_earlier_version_keeping_history(
    version: int, open_store: StoreOpener, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    build_at_version(home, version)
    store = open_store(home)
    assert store.version == SCHEMA_VERSION
    if version >= 1:
        assert plan_starts(store) == [("Old plan", "2026-01-05", "2026-01-05T08:00:00+00:00")]
    store.append([NewEvent("checkin", "post", date(2026, 1, 6), amount=1)])
    assert [(e.task, e.day, e.amount) for e in store.events()][-1] == ("post", "2026-01-06", 1.0)
    assert len(store.events()) == (2 if version >= 2 else 1)


def test_refuses_a_store_newer_than_the_code_and_leaves_it_untouched(tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = build_at_version(home, SCHEMA_VERSION)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as error:
        Store.open(home)
    assert str(error.value) == (
        f"{path} was written by a newer cadence (store version {SCHEMA_VERSION + 1}; this one knows up to "
        f"{SCHEMA_VERSION}); upgrade cadence to use it"
    )
    assert path.read_bytes() == before


def test_refusal_reaches_the_command_line_as_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = build_at_version(home, SCHEMA_VERSION)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    result = run_process("check", "comment", "--home", str(home))
    assert result.code == 1
    assert result.err.count("\n") == 1 and "newer cadence" in result.err


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / DB_NAME).write_text("my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="is not a usable cadence store"):
        Store.open(home)


def test_the_log_is_append_only(store: Store) -> None:
    store.append([NewEvent("checkin", "comment", date(2026, 12, 2), amount=3)])
    for statement in ("UPDATE events SET amount = 99", "DELETE FROM events"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.connection.execute(statement)
    assert [e.amount for e in store.events()] == [3.0]


def test_undo_reverses_whole_batches_newest_first(store: Store) -> None:
    day = date(2026, 12, 2)
    store.append([NewEvent("checkin", "comment", day, amount=3)])
    store.append(
        [
            NewEvent("result", "comment", day, metric="replies", amount=2),
            NewEvent("result", None, day, metric="leads", amount=1),
        ]
    )
    assert [e.metric for e in store.undo()] == ["replies", "leads"]
    assert store.ledger(day, day).results == ()
    assert [e.task for e in store.undo()] == ["comment"]
    assert store.ledger(day, day).amounts == {}
    assert store.undo() == []
    kinds = [e.kind for e in store.events()]
    assert kinds == ["checkin", "result", "result", "undo", "undo"]  # nothing was deleted


def test_ledger_folds_check_ins_skips_and_results_by_range(store: Store) -> None:
    store.append([NewEvent("checkin", "comment", date(2026, 12, 1), amount=2)])
    store.append([NewEvent("checkin", "comment", date(2026, 12, 1), amount=1.5)])
    store.append([NewEvent("checkin", "comment", date(2026, 11, 1), amount=9)])
    store.append([NewEvent("skip", None, date(2026, 11, 28), until=date(2026, 12, 3), note="vacation")])
    store.append([NewEvent("skip", "post", date(2026, 12, 2))])
    store.append([NewEvent("result", None, date(2026, 12, 2), metric="leads", amount=1)])
    book = store.ledger(date(2026, 12, 1), date(2026, 12, 2))
    assert book.amounts == {("comment", date(2026, 12, 1)): 3.5}
    assert book.skip_all == {date(2026, 12, 1), date(2026, 12, 2)}
    assert book.skips == {("post", date(2026, 12, 2))}
    assert [(r.metric, r.amount, r.task) for r in book.results] == [("leads", 1.0, None)]


def test_home_and_store_are_private(open_store: StoreOpener, tmp_path: Path) -> None:
    home = tmp_path / "deep" / "home"
    open_store(home)
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / DB_NAME).stat().st_mode & 0o777 == 0o600


WRITER = """
import sys
from cadence.cli import main
home, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    if i % 3 == 0:
        args = ["check", "comment", "1"]
    elif i % 3 == 1:
        args = ["log", f"w{worker}=1", "--new-metric"]
    else:  # a make-up of yesterday, with a note (a skip would be refused once done: "already excused")
        args = ["check", "comment", "1", "--date", "2026-12-01", "--note", f"w{worker}"]
    code = main([*args, "--home", home])
    if code != 0:
        sys.exit(f"worker {worker} step {i} exited {code}")
"""


@pytest.mark.slow  # three processes, each starting cadence and writing many times
def test_three_processes_writing_at_once_lose_nothing(open_store: StoreOpener, tmp_path: Path) -> None:
    home = tmp_path / "shared-home"
    # The bundled plan in use since Monday, so Tuesday can be made up.
    assert main(["today", "--home", str(home)], {**os.environ, "CADENCE_NOW": "2026-11-30T09:00"}) == 0
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(home), str(worker), "100"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(3)
    ]
    errors = [writer.communicate(timeout=240)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0, 0], errors
    assert not any("locked" in error for error in errors)
    events = [event for event in open_store(home).events() if event.kind != "start"]  # the run's start aside
    assert len(events) == 300
    assert len({e.batch for e in events}) == 300  # every command its own batch
    assert sorted(e.metric or "" for e in events if e.kind == "result") == ["w0"] * 33 + ["w1"] * 33 + ["w2"] * 33
    assert sum(e.amount or 0 for e in events if e.kind == "checkin") == 3 * (34 + 33)
