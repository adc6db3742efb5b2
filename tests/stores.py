"""Stores as time and trouble leave them: an older version, damaged pages, a file cut short, a log of garbage,
another process's write lock or restore."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from cadence.store import DB_NAME, NewEvent, Store
from cadence.store.migrations import MIGRATIONS
from cadence.store.migrations import statements as _statements


def build_at_version(home: Path, version: int) -> Path:
    """A store as an older cadence left it: the first `version` migrations, by hand."""
    home.mkdir(parents=True)
    path = home / DB_NAME
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:version]:
        for statement in _statements(script):
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    if version >= 1:
        db.execute("INSERT INTO plan_start VALUES ('Old plan', '2026-01-05', '2026-01-05T08:00:00+00:00')")
    if version >= 2:
        db.execute(
            "INSERT INTO events (batch, recorded, kind, task, day, amount, source)"
            " VALUES (1, '2026-01-05T09:00:00+00:00', 'checkin', 'comment', '2026-01-05', 3, 'cli')"
        )
    db.commit()
    db.close()
    return path


MARKER = "the oldest check-in of all"


def history(home: Path) -> None:
    """A home whose oldest check-ins sit on pages of their own: what is damaged there, only a full read meets."""
    store = Store.open(home)
    assert store is not None
    try:
        first = date(2026, 11, 30)
        store.append([NewEvent("start", None, first, first, run=1, plan="Faults")], "cli")
        store.append([NewEvent("checkin", "comment", first, amount=1, note=MARKER, run=1)])
        for _ in range(120):
            store.append([NewEvent("checkin", "comment", first + timedelta(days=1), amount=1, note="x" * 90, run=1)])
    finally:
        store.close()


def damage(path: Path, marker: str) -> int:
    """Break the header of the table page holding `marker`, as a failing disk would; its page number."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
        size = db.execute("PRAGMA page_size").fetchone()[0]
    finally:
        db.close()
    data = bytearray(path.read_bytes())
    for number in range(1, len(data) // size):
        page = number * size
        if data[page] == 0x0D and marker.encode() in data[page : page + size]:  # a leaf of a table
            data[page] = 0x42  # no page type at all
            path.write_bytes(bytes(data))
            return number + 1
    raise AssertionError("no page holds the marker")


HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
if len(sys.argv) > 2:
    time.sleep(float(sys.argv[2]))
else:
    sys.stdin.read()
db.execute("ROLLBACK")
"""


def hold_lock(path: Path, seconds: float | None = None) -> subprocess.Popen[str]:
    """Another process holding the store's write lock for `seconds`, else until its stdin closes."""
    holding = [] if seconds is None else [str(seconds)]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), *holding], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=10)


# --------------------------------------------------------------------------- the damage a disk or a kill does


def checkpointed(path: Path) -> int:
    """Every page of the store in its file, none waiting in its -wal; the page size."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(db.execute("PRAGMA page_size").fetchone()[0])
    finally:
        db.close()


def cut_short(size: int) -> Callable[[Path], None]:
    """The store truncated to `size` bytes, as a full disk or a copy cut short leaves it."""

    def truncate(path: Path) -> None:
        checkpointed(path)
        with path.open("r+b") as file:
            file.truncate(size)

    return truncate


def overwrite(start: int, end: int, seed: int = 1) -> Callable[[Path], None]:
    """Random bytes over `start`..`end` of the store's file (the header is 0..100, the first page 0..4096)."""

    def scribble(path: Path) -> None:
        checkpointed(path)
        data = bytearray(path.read_bytes())
        data[start:end] = random.Random(seed).randbytes(end - start)
        path.write_bytes(bytes(data))

    return scribble


def random_pages(path: Path, count: int = 2, seed: int = 7) -> list[int]:
    """Random bytes over `count` leaf pages of the events of `history`, as a failing disk leaves them; their
    numbers."""
    size = checkpointed(path)
    data = bytearray(path.read_bytes())
    leaves = [
        number
        for number in range(1, len(data) // size)
        if data[number * size] == 0x0D and b"x" * 90 in data[number * size : (number + 1) * size]  # events'
    ]
    rng = random.Random(seed)
    chosen = sorted(rng.sample(leaves, count))
    for number in chosen:
        data[number * size : (number + 1) * size] = rng.randbytes(size)
    path.write_bytes(bytes(data))
    return [number + 1 for number in chosen]


def garbage_wal(path: Path) -> None:
    """Random bytes where the store's -wal is: SQLite finds no log it wrote there."""
    checkpointed(path)
    path.with_name(f"{path.name}-wal").write_bytes(random.Random(3).randbytes(50_000))


CRASH = """
import os, sys
from datetime import date
from pathlib import Path
from cadence.store import NewEvent, Store
store = Store.open(Path(sys.argv[1]))
store.connection.execute("PRAGMA wal_autocheckpoint = 0")  # the write stays in the -wal
store.append([NewEvent("checkin", "comment", date(2026, 12, 2), amount=1, note=sys.argv[2], run=1)])
os._exit(0)  # killed: no close, no checkpoint
"""


def crash_after_write(home: Path, note: str) -> None:
    """A check-in written by a process killed before it closed the store: the check-in is only in the -wal."""
    done = subprocess.run([sys.executable, "-c", CRASH, str(home), note], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert home.joinpath(f"{DB_NAME}-wal").stat().st_size > 0


def newer_store(path: Path) -> None:
    """A cadence store as a newer cadence leaves it: a version this one does not know."""
    from cadence.store.migrations import SCHEMA_VERSION

    store = Store.open(path.parent)
    assert store is not None
    store.close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()


def foreign_store(path: Path) -> None:
    """Another program's SQLite database."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.execute("INSERT INTO recipes VALUES ('soup')")
    db.commit()
    db.close()


RESTORING = """
import fcntl, os, sys
folder = os.path.join(sys.argv[1], ".restore")
os.mkdir(folder, 0o700)
descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
fcntl.flock(descriptor, fcntl.LOCK_EX)
print("holding", flush=True)
sys.stdin.read()
os.rmdir(folder)
"""


def hold_restore(home: Path) -> subprocess.Popen[str]:
    """Another process in the middle of a restore into `home`, until its stdin closes (`release`)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", RESTORING, str(home)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    return holder
