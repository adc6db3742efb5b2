"""The person's history: an SQLite file that is the only copy, so it is treated with care.

- Forward-only migrations under `PRAGMA user_version`; a database newer than
  this code is refused, never touched.
- WAL, a busy timeout and `BEGIN IMMEDIATE` for every write, so the TUI, the
  daemon and CLI commands can write at once.
- The folder is created 0700 and the file 0600: it is personal data.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from cadence.core.calendar import Schedule, monday_of, resolve_start
from cadence.core.model import Plan
from cadence.core.status import Ledger, Result
from cadence.errors import CadenceError

DB_NAME = "cadence.db"
BUSY_TIMEOUT_MS = 30_000


class StoreError(CadenceError):
    """The store cannot be used; the message is one line for the person."""


MIGRATIONS: tuple[str, ...] = (
    # 1: when each plan without a fixed start began, so it never moves.
    """
    CREATE TABLE plan_start (
        plan     TEXT PRIMARY KEY,
        start    TEXT NOT NULL,
        recorded TEXT NOT NULL
    );
    """,
    # 2: the event log. Every command writes one batch; undo names the batch it reverses.
    """
    CREATE TABLE events (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        batch        INTEGER NOT NULL,
        recorded     TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('checkin', 'skip', 'result', 'undo')),
        task         TEXT,
        day          TEXT,
        until        TEXT,
        metric       TEXT,
        amount       REAL,
        note         TEXT,
        target_batch INTEGER,
        source       TEXT NOT NULL DEFAULT 'cli'
    );
    CREATE INDEX events_day ON events (day);
    CREATE INDEX events_batch ON events (batch);
    CREATE INDEX events_ranges ON events (until) WHERE until IS NOT NULL;
    CREATE INDEX events_undone ON events (target_batch) WHERE kind = 'undo';
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    """,
    # 3: notifications already sent, by alarm key, so that nothing fires twice.
    """
    CREATE TABLE sent (
        key  TEXT PRIMARY KEY,
        sent TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class NewEvent(NamedTuple):
    """An event to append: a check-in, a skip (over `day`..`until`; task None: all) or a result."""

    kind: str
    task: str | None
    day: date
    until: date | None = None
    metric: str | None = None
    amount: float | None = None
    note: str | None = None


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


COLUMNS = Event._fields
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM events"
_LIVE = "kind != 'undo' AND batch NOT IN (SELECT target_batch FROM events WHERE kind = 'undo')"
"""Events that count: not an undo, and not in a batch that was undone."""


class Store:
    """An open store. Every write is one short `BEGIN IMMEDIATE` transaction."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self.closed = False

    @classmethod
    def open(cls, home: Path, create: bool = True) -> Store | None:
        """The store in `home`, migrated to this version; None when absent and not `create`."""
        path = home / DB_NAME
        if not path.exists():
            if not create:
                return None
            try:
                home.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as error:
                raise StoreError(f"cannot create the store in {home}: {error.strerror or error}") from None
        elif path.is_dir():
            raise StoreError(f"{path} is a directory, not a cadence store")
        try:
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                connection.close()
                raise StoreError(
                    f"{path} was written by a newer cadence (store version {version}; this one "
                    f"knows up to {SCHEMA_VERSION}); upgrade cadence to use it"
                )
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            store = cls(connection, path)
            if version < SCHEMA_VERSION:
                store._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path} is not a usable cadence store: {error}") from None
        return store

    def close(self) -> None:
        self.connection.close()
        self.closed = True

    @property
    def version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so writers queue instead of failing."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def _migrate(self) -> None:
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
        """Append events as one batch (one undo reverses them together); returns the batch."""
        recorded = _utc_now()
        with self.write() as db:
            batch = db.execute("SELECT COALESCE(MAX(batch), 0) + 1 FROM events").fetchone()[0]
            db.executemany(
                "INSERT INTO events (batch, recorded, kind, task, day, until, metric, amount, note, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    )
                    for event in events
                ],
            )
        return int(batch)

    def undo(self, source: str = "cli") -> list[Event]:
        """Append the reversal of the last batch not yet reversed; returns the events it reverses."""
        with self.write() as db:
            target = db.execute(f"SELECT MAX(batch) FROM events WHERE {_LIVE}").fetchone()[0]
            if target is None:
                return []
            undone = [Event(*row) for row in db.execute(f"{_SELECT} WHERE batch = ? ORDER BY id", (target,))]
            batch = db.execute("SELECT MAX(batch) + 1 FROM events").fetchone()[0]
            db.execute(
                "INSERT INTO events (batch, recorded, kind, target_batch, source) VALUES (?, ?, 'undo', ?, ?)",
                (batch, _utc_now(), target, source),
            )
        return undone

    def ledger(self, first: date, last: date) -> Ledger:
        """The log folded for the plan days first..last; undone batches left out."""
        rows = self.connection.execute(
            f"SELECT kind, task, day, until, metric, amount FROM events WHERE day BETWEEN ? AND ? AND {_LIVE}"
            " UNION ALL"
            f" SELECT kind, task, day, until, metric, amount FROM events"
            f" WHERE until IS NOT NULL AND until >= ? AND day < ? AND {_LIVE}",
            (first.isoformat(), last.isoformat(), first.isoformat(), first.isoformat()),
        ).fetchall()
        amounts: dict[tuple[str, date], float] = {}
        skips: set[tuple[str, date]] = set()
        skip_all: set[date] = set()
        results: list[Result] = []
        for kind, task, day_text, until_text, metric, amount in rows:
            day = date.fromisoformat(day_text)
            if kind == "checkin":
                key = (task, day)
                amounts[key] = amounts.get(key, 0.0) + amount
            elif kind == "result":
                results.append(Result(metric, amount, day, task))
            elif kind == "skip":
                until = date.fromisoformat(until_text) if until_text else day
                covered = max(day, first)
                while covered <= min(until, last):
                    if task is None:
                        skip_all.add(covered)
                    else:
                        skips.add((task, covered))
                    covered += timedelta(days=1)
        return Ledger(amounts, frozenset(skips), frozenset(skip_all), tuple(results))

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
            rows = [tuple(event) for event in events]
            marks = ", ".join("?" * len(COLUMNS))
            db.executemany(f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({marks})", rows)
        return len(rows)

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


def _statements(script: str) -> list[str]:
    """The statements of a migration script, run one by one inside its transaction.

    (`executescript` would commit first.) A trigger body keeps its inner semicolons.
    """
    statements: list[str] = []
    current = ""
    for part in script.split(";"):
        current += part + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \n;"):
                statements.append(current.strip())
            current = ""
    return statements


def pin(plan: Plan, store: Store, today: date) -> Schedule:
    """A plan on its first day: fixed by start or finish, else the Monday of first use, recorded."""
    if plan.start is None and plan.finish is None:
        return Schedule(plan, store.plan_start(plan.name, lambda: monday_of(today)))
    return Schedule(plan, resolve_start(plan, today))
