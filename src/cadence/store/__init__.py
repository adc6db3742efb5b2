"""The person's history: an SQLite file that is the only copy, so it is treated with care.

- Forward-only migrations under `PRAGMA user_version`; a database newer than
  this code is refused, never touched.
- WAL, a busy timeout and `BEGIN IMMEDIATE` for every write, so the TUI, the
  daemon and CLI commands can write at once.
- The folder is created 0700 and the file 0600: it is personal data.

`opening` opens only what is a cadence store, `writing` holds the write
transaction, `runs` answers the runs' questions, `backups` keeps the copies
and `faults` says in one line what went wrong; the Store is all of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from cadence.core.status import Ledger, Result
from cadence.store.ids import HERE, machine_id, machine_number, new_uid, next_batch, selected, with_ids
from cadence.store.migrations import MIGRATIONS, SCHEMA_VERSION
from cadence.store.migrations import statements as _statements
from cadence.store.opening import (
    APPLICATION_ID,
    READ_ONLY,
    SQLITE_HEADER,
    StoreError,
    open_file,
)
from cadence.store.runs import LIVE as _LIVE
from cadence.store.runs import RECORDS as _RECORDS
from cadence.store.runs import Legacy, RunQueries, RunRecord
from cadence.store.writing import Transactions

__all__ = ["APPLICATION_ID", "READ_ONLY", "SQLITE_HEADER", "Legacy", "RunRecord", "StoreError"]

DB_NAME = "cadence.db"
BUSY_TIMEOUT_MS = 30_000


def describe_error(error: sqlite3.Error, path: Path | None = None) -> str:
    """SQLite's complaint in words a person can act on: a full disk, a read-only home, or its own words."""
    from cadence.store import faults

    return faults.reason(error, path or Path(DB_NAME)) or str(error)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class NewEvent(NamedTuple):
    """An event to append: a check-in, a skip (over `day`..`until`; task None: all), a result,
    or a run's start, shift or repeated week."""

    kind: str
    task: str | None
    day: date
    until: date | None = None
    metric: str | None = None
    amount: float | None = None
    note: str | None = None
    run: int | None = None
    plan: str | None = None
    """The plan's name, on a start event."""


class Event(NamedTuple):
    """An event as stored: the log's row, in the order of the columns."""

    id: int
    batch: int
    recorded: str
    kind: str
    task: str | None
    day: str | None
    until: str | None
    metric: str | None
    amount: float | None
    note: str | None
    target_batch: int | None
    source: str
    run: int | None = None
    """The run it belongs to (None: an undo, which names its batch instead)."""
    plan: str | None = None
    uid: int | None = None
    """Its global id: the same on every machine and hub that holds it (`store.ids`)."""
    origin: str | None = None
    """The id of the machine that wrote it."""
    lamport: int | None = None
    """After everything its home had seen when it was written: orders the log alike everywhere."""


COLUMNS = Event._fields
AUTO = "auto"
"""The source of a start event written on a plan's first use: not something to undo."""
_SELECT = f"SELECT {selected(COLUMNS)} FROM events"


class Store(Transactions, RunQueries):
    """An open store. Every write is one short `BEGIN IMMEDIATE` transaction (`store.writing`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self.closed = False
        self.refusal: str | None = None
        """Why this store can be read but not written (a read-only home, a full disk), or None."""
        self.lock_wait = BUSY_TIMEOUT_MS / 1000
        """How long a write waits for another process's write lock, in seconds."""
        self.on_wait: Callable[[float], None] | None = None
        """Called once when a write has waited a second for another process: to say so (seconds it may wait)."""
        self._waiting = BUSY_TIMEOUT_MS

    @classmethod
    def open(cls, home: Path, create: bool = True) -> Store | None:
        """The store in `home`, migrated to this version; None when absent and not `create`.

        Only a cadence store is opened: a link in its place, a file that is not SQLite,
        or another program's SQLite file is refused before anything touches it.
        """
        opened = open_file(home / DB_NAME, create, BUSY_TIMEOUT_MS)
        if opened is None:
            return None
        connection, path, refusal, version = opened
        try:
            store = cls(connection, path)
            store.refusal = refusal
            if refusal is None:
                if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    connection.execute("PRAGMA journal_mode = WAL")
                if version < SCHEMA_VERSION:
                    store.migrate()
                if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            elif version < SCHEMA_VERSION:
                raise StoreError(f"{path} needs an upgrade, which it cannot take now: {refusal}")
        except BaseException as error:
            connection.close()
            if isinstance(error, sqlite3.DatabaseError):
                from cadence.store import faults

                raise faults.explain(error, path) from None
            raise
        return store

    def sibling(self) -> Store:
        """Another connection to this open store, for another thread of this process. Not `open` again:
        reading the file with open() and close() would drop this process's SQLite locks (POSIX locks are
        per process), and another process could take the WAL from under this one."""
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return Store(connection, self.path)

    def close(self) -> None:
        self.connection.close()
        self.closed = True

    def data_version(self) -> int:
        """Changes whenever another connection commits (not on this one's own commits): cheap to poll."""
        return int(self.connection.execute("PRAGMA data_version").fetchone()[0])

    @property
    def version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Bring the store to this version, in one write transaction."""
        with self.write() as db:
            # Read again inside the lock: another process may have migrated meanwhile.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in _statements(script):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    def plan_start(self, plan: str, first_use: Callable[[], date]) -> date:
        """The recorded first day of a plan with no fixed start, recording it on first use."""
        row = self.connection.execute("SELECT start FROM plan_start WHERE plan = ?", (plan,)).fetchone()
        if row:
            return date.fromisoformat(row[0])
        with self.write() as db:
            start = first_use()
            db.execute(
                "INSERT OR IGNORE INTO plan_start (plan, start, recorded) VALUES (?, ?, ?)",
                (plan, start.isoformat(), _utc_now()),
            )
            row = db.execute("SELECT start FROM plan_start WHERE plan = ?", (plan,)).fetchone()
        return date.fromisoformat(row[0])

    def append(self, events: Sequence[NewEvent], source: str = "cli") -> int:
        """Append events as one batch (one undo reverses them together); returns the batch.

        The day's first write saves a backup of the store as it was (`store.backups`).
        """
        self.back_up_daily()
        with self.write() as db:
            return self._append_in(db, events, source)

    def back_up(self, target: Path) -> Path:
        """A copy of the store now, to `target`."""
        from cadence.store import backups

        return backups.back_up(self, target)

    def restore_from(self, source: Path) -> None:
        """Write a backup's contents into this store (the caller saved the current one first)."""
        from cadence.store import backups

        backups.restore_from(self, source)

    def back_up_daily(self) -> None:
        from cadence.store import backups

        backups.back_up_daily(self)

    @staticmethod
    def _append_in(db: sqlite3.Connection, events: Sequence[NewEvent], source: str) -> int:
        """Append one batch inside a write transaction already taken."""
        recorded = _utc_now()
        batch, lamport = next_batch(db)
        db.executemany(
            "INSERT INTO events (batch, recorded, kind, task, day, until, metric, amount, note, source, run, plan,"
            " uid, origin, lamport) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    batch,
                    recorded,
                    event.kind,
                    event.task,
                    event.day.isoformat(),
                    event.until.isoformat() if event.until else None,
                    event.metric,
                    event.amount,
                    event.note,
                    source,
                    event.run,
                    event.plan,
                    new_uid(),
                    HERE,
                    lamport,
                )
                for event in events
            ],
        )
        return int(batch)

    def undo(self, source: str = "cli", run: int | None = None) -> list[Event]:
        """Append the reversal of the last batch not yet reversed (of one run, when given);
        returns the events it reverses. A run's start on first use is never a step to undo, and a batch
        pulled from a hub is undone on the machine that wrote it: undo reverses this home's last change."""
        where = f"{_LIVE} AND source != '{AUTO}' AND batch NOT IN (SELECT batch FROM received)" + (
            "" if run is None else " AND run = ?"
        )
        with self.write() as db:
            target = db.execute(
                f"SELECT MAX(batch) FROM events WHERE {where}", () if run is None else (run,)
            ).fetchone()[0]
            if target is None:
                return []
            undone = [Event(*row) for row in db.execute(f"{_SELECT} WHERE batch = ? ORDER BY id", (target,))]
            batch, lamport = next_batch(db)
            db.execute(
                "INSERT INTO events (batch, recorded, kind, target_batch, source, uid, origin, lamport)"
                " VALUES (?, ?, 'undo', ?, ?, ?, ?, ?)",
                (batch, _utc_now(), target, source, new_uid(), HERE, lamport),
            )
        return undone

    def ledger(self, first: date, last: date, run: int | None = None) -> Ledger:
        """The log folded for the plan days first..last (of one run, when given); undone batches left out."""
        of_run = "" if run is None else " AND run = ?"
        extra: tuple[int, ...] = () if run is None else (run,)
        rows = self.connection.execute(
            f"SELECT kind, task, day, until, metric, amount, note, id FROM events"
            f" WHERE day BETWEEN ? AND ? AND {_RECORDS} AND {_LIVE}{of_run}"
            " UNION ALL"
            f" SELECT kind, task, day, until, metric, amount, note, id FROM events"
            # spans begun before `first`, by their end (+: not the run index, which walks all history)
            f" WHERE until IS NOT NULL AND until >= ? AND day < ? AND +{_RECORDS} AND {_LIVE}{of_run.replace('run', '+run')}",
            (first.isoformat(), last.isoformat(), *extra, first.isoformat(), first.isoformat(), *extra),
        ).fetchall()
        amounts: dict[tuple[str, date], float] = {}
        skips: set[tuple[str, date]] = set()
        skip_all: set[date] = set()
        results: list[Result] = []
        readings: list[tuple[int, Result]] = []
        notes: dict[tuple[str, date], tuple[str, ...]] = {}
        reasons: dict[tuple[str, date], str] = {}
        for kind, task, day_text, until_text, metric, amount, note, number in rows:
            if amount is None and kind != "skip":
                continue  # a NaN an older cadence imported, which SQLite keeps as NULL: it counts for nothing
            day = date.fromisoformat(day_text)
            if kind == "checkin":
                key = (task, day)
                amounts[key] = amounts.get(key, 0.0) + amount
                if note:
                    notes[key] = (*notes.get(key, ()), note)
            elif kind == "result":
                results.append(Result(metric, amount, day, task))
            elif kind == "reading":
                readings.append((number, Result(metric, amount, day, task)))
            elif kind == "skip":
                until = date.fromisoformat(until_text) if until_text else day
                covered = max(day, first)
                while covered <= min(until, last):
                    if task is None:
                        skip_all.add(covered)
                    else:
                        skips.add((task, covered))
                    if note:
                        reasons[(task or "", covered)] = note
                    covered += timedelta(days=1)
        in_order = tuple(reading for _, reading in sorted(readings, key=lambda pair: (pair[1].day, pair[0])))
        return Ledger(amounts, frozenset(skips), frozenset(skip_all), tuple(results), notes, reasons, in_order)

    def begin_run(
        self,
        plan: str,
        make: Callable[[Legacy | None], tuple[int | None, date, date, str | None]],
        source: str,
        begun: float | None = None,
    ) -> RunRecord:
        """The current run of a plan, begun by `make` when it has none, in one write transaction.

        `make(legacy)` returns (number or None for the next free one, start, tracking, plan path).
        Taken inside the lock, so two processes on a first use begin one run.
        """
        found = self.current_run(plan)
        if found is not None:
            return found
        with self.write() as db:
            found = self.current_run(plan)
            if found is None:
                number, start, tracking, path = make(self.legacy())
                if number is None:
                    number = db.execute("SELECT COALESCE(MAX(run), 0) + 1 FROM events").fetchone()[0]
                self._append_in(
                    db,
                    [NewEvent("start", None, start, tracking, amount=begun, note=path, run=number, plan=plan)],
                    source,
                )
                found = self.current_run(plan)
        assert found is not None
        return found

    def events(self) -> list[Event]:
        """The whole log, in the order it was written."""
        return [Event(*row) for row in self.connection.execute(f"{_SELECT} ORDER BY id")]

    def count(self) -> int:
        return int(self.connection.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    def plan_starts(self) -> list[tuple[str, str, str]]:
        return [
            tuple(row) for row in self.connection.execute("SELECT plan, start, recorded FROM plan_start ORDER BY plan")
        ]

    def restore(self, events: Iterable[Event], plan_starts: Iterable[tuple[str, str, str]]) -> int:
        """Write an export into a store with no history, ids and all, in one transaction."""
        with self.write() as db:
            count = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            if count:
                raise StoreError(f"{self.path} already holds {count} events; import into a new home")
            db.executemany(
                "INSERT OR REPLACE INTO plan_start (plan, start, recorded) VALUES (?, ?, ?)", list(plan_starts)
            )
            machine = machine_id(db)
            rows = [with_ids(event, machine) for event in events]
            numbers = {origin: machine_number(db, origin) for origin in {row.origin for row in rows if row.origin}}
            marks = ", ".join("?" * len(COLUMNS))
            db.executemany(
                f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({marks})",
                [(*row[:-2], numbers[row.origin or machine], row.lamport) for row in rows],
            )
        return len(rows)

    def merge(
        self, pulled: Sequence[Any], hub: str, pushed: int | None, pulled_through: int, hub_id: str | None = None
    ) -> int:
        """Events pulled from a hub, added in one transaction with how far it was synced (`store.sync.merge`)."""
        from cadence.store import sync

        return sync.merge(self, pulled, hub, pushed, pulled_through, hub_id)

    def claim(self, key: str, when: datetime) -> bool:
        """Mark an alarm as sent; False when some process already sent it."""
        with self.write() as db:
            cursor = db.execute("INSERT OR IGNORE INTO sent (key, sent) VALUES (?, ?)", (key, when.isoformat()))
        return cursor.rowcount == 1

    def was_sent(self, key: str) -> bool:
        return self.connection.execute("SELECT 1 FROM sent WHERE key = ?", (key,)).fetchone() is not None

    def recorded_start(self, plan: str) -> date | None:
        row = self.connection.execute("SELECT start FROM plan_start WHERE plan = ?", (plan,)).fetchone()
        return date.fromisoformat(row[0]) if row else None
