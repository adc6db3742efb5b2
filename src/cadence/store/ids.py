"""Global ids: what names an event the same on every machine and hub that holds it.

Each event has a `uid` (63 random bits: machines, and copies of one home, do
not pick the same), the machine it was written on (`origin`, a number for a row
of `machines`; this home's own is 1) and a Lamport number, one more than
anything its home had seen when it was written, so `ORDER BY lamport, uid`
orders a merged log the same way on every machine. A batch is known everywhere
by the uid of its first event: an undo names the batch it reverses by it.
Integers, not text, so that ten years of history grow the store by a few
megabytes, not by twenty.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable

from cadence.store.events import Event

IN_ORDER = "ORDER BY +lamport, uid"
"""The log's order on every machine: a pulled event keeps its place, whenever it arrived. (The `+` keeps
SQLite from walking the whole log by the Lamport index to sort a run's few starts or shifts.)"""
HERE = 1
"""This home's machine in `machines`."""
MAX_UID = 2**63


def selected(columns: Iterable[str], table: str = "events") -> str:
    """The columns of `events` for a SELECT, as an Event holds them: the origin as the machine's id."""
    return ", ".join(
        f"(SELECT id FROM machines WHERE n = {table}.origin)" if column == "origin" else f"{table}.{column}"
        for column in columns
    )


def new_uid() -> int:
    """63 random bits from the system's source, as `secrets.randbits(63)` takes them (`secrets` itself
    brings hmac, hashlib and random: milliseconds a write does not need)."""
    return int.from_bytes(os.urandom(8)) >> 1


def machine_id(db: sqlite3.Connection) -> str:
    return str(db.execute("SELECT id FROM machines WHERE n = ?", (HERE,)).fetchone()[0])


def machine_number(db: sqlite3.Connection, machine: str) -> int:
    """The number a machine has in this store, given one on first sight (inside a write transaction)."""
    db.execute("INSERT OR IGNORE INTO machines (id) VALUES (?)", (machine,))
    return int(db.execute("SELECT n FROM machines WHERE id = ?", (machine,)).fetchone()[0])


def next_batch(db: sqlite3.Connection) -> tuple[int, int]:
    """The next batch and the next Lamport number, inside a write transaction."""
    row = db.execute("SELECT (SELECT MAX(batch) FROM events), (SELECT MAX(lamport) FROM events)").fetchone()
    return int(row[0] or 0) + 1, int(row[1] or 0) + 1


def batch_uid(db: sqlite3.Connection, batch: int) -> int | None:
    """A local batch's global id: the uid of its first event."""
    row = db.execute("SELECT uid FROM events WHERE batch = ? ORDER BY id LIMIT 1", (batch,)).fetchone()
    return None if row is None else int(row[0])


def with_ids(event: Event, machine: str) -> Event:
    """An event of an export made before global ids, given them as the migration gives them."""
    if event.uid is not None:
        return event
    return event._replace(uid=new_uid(), origin=machine, lamport=event.id)
