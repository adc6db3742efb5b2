"""Stores as time and trouble leave them: an older version, a damaged page, another process's write lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
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
