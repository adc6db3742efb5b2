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
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from cadence.core.status import Ledger, Result
from cadence.errors import CadenceError
from cadence.store.ids import HERE, IN_ORDER, machine_id, machine_number, new_uid, next_batch, selected, with_ids
from cadence.store.migrations import MIGRATIONS, SCHEMA_VERSION
from cadence.store.migrations import statements as _statements

DB_NAME = "cadence.db"
BUSY_TIMEOUT_MS = 30_000


class StoreError(CadenceError):
    """The store cannot be used; the message is one line for the person."""


APPLICATION_ID = 0x43444E43
"""'CDNC' in SQLite's header: this file is a cadence store."""
SQLITE_HEADER = b"SQLite format 3\x00"
READ_ONLY = "the home is read-only; cadence reads it but records nothing there"


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite at all (an empty file is a store being created)."""
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from None
    if header and (not header.startswith(SQLITE_HEADER) or len(header) < 100):
        raise StoreError(f"{path} is not a usable cadence store: it is not an SQLite database")


def _check_ours(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse, before anything is written through `connection`, a SQLite file that is not a cadence store.

    It is ours when it carries our application id, or none but a store version
    (stores made before the id), or nothing at all. Read through SQLite, never
    the bytes: a store in WAL mode keeps its newest header in the log.
    """
    application = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    if application == APPLICATION_ID or (application == 0 and (version > 0 or tables == 0)):
        return
    connection.close()
    raise StoreError(f"{path} is another program's SQLite database, not a cadence store; it was left as it is")


def _connect(path: Path, writable: bool) -> sqlite3.Connection:
    """A connection that waits for other writers; read-only (as SQLite opens it) for a home that cannot be written."""
    where: str | Path = path if writable else f"{path.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(where, uri=not writable, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def describe_error(error: sqlite3.Error, path: Path | None = None) -> str:
    """SQLite's complaint in words a person can act on: a full disk, a read-only home, or its own words."""
    from cadence.store import faults

    return faults.reason(error, path or Path(DB_NAME)) or str(error)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _is_busy(error: sqlite3.Error) -> bool:
    return str(getattr(error, "sqlite_errorname", "")).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _is_fault(error: sqlite3.Error) -> bool:
    """A failure of the file, the disk or another process, not of cadence's own statements."""
    code = str(getattr(error, "sqlite_errorname", ""))
    return code.startswith(
        ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CORRUPT")
    ) or code.startswith(("SQLITE_NOTADB", "SQLITE_CANTOPEN"))


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
_LIVE = "kind != 'undo' AND batch NOT IN (SELECT target_batch FROM events WHERE kind = 'undo')"
"""Events that count: not an undo, and not in a batch that was undone."""
_RECORDS = "kind IN ('checkin', 'skip', 'result', 'reading')"
"""What a person recorded, as opposed to how a run is laid out."""


class RunRecord(NamedTuple):
    """A run as its latest live start event defines it."""

    number: int
    plan: str
    start: date
    """The first day of week 1."""
    tracking: date
    """The day tracking began (a forced earlier check-in moves it back: see `tracking_from`)."""
    path: str | None
    """The plan file it was started from, when known."""
    recorded: str
    begun: float | None = None
    """When a first use began it, by the plan's clock (seconds since the epoch): nothing before was missed."""


class Legacy(NamedTuple):
    """History from before runs: events of run 0 that no plan has taken yet."""

    first_day: date
    events: int


class Store:
    """An open store. Every write is one short `BEGIN IMMEDIATE` transaction."""

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
        path = home / DB_NAME
        if os.path.islink(path):
            raise StoreError(f"{path} is a symbolic link; cadence keeps its store as a file in the home")
        if not path.exists():
            if not create:
                return None
            try:
                home.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
            except OSError as error:
                raise StoreError(f"cannot create the store in {home}: {error.strerror or error}") from None
        elif path.is_dir():
            raise StoreError(f"{path} is a directory, not a cadence store")
        else:
            _check_header(path)
        writable = os.access(path, os.W_OK) and os.access(home, os.W_OK)
        refusal = None if writable else READ_ONLY
        connection: sqlite3.Connection | None = None
        try:
            connection = _connect(path, writable)
            try:
                _check_ours(
                    connection, path
                )  # the first read, and it reads only: nothing is written to a file not ours
            except sqlite3.OperationalError as error:  # no room for SQLite's shared memory: read the file as it is
                from cadence.store import faults

                connection.close()
                refusal = faults.unshared(error, path, writable)
                connection = faults.as_it_is(path)
                _check_ours(connection, path)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer cadence (store version {version}; this one "
                    f"knows up to {SCHEMA_VERSION}); upgrade cadence to use it"
                )
            store = cls(connection, path)
            store.refusal = refusal
            if refusal is None:
                if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    connection.execute("PRAGMA journal_mode = WAL")
                if version < SCHEMA_VERSION:
                    store._migrate()
                if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            elif version < SCHEMA_VERSION:
                raise StoreError(f"{path} needs an upgrade, which it cannot take now: {refusal}")
        except BaseException as error:
            if connection is not None:
                connection.close()
            if isinstance(error, sqlite3.DatabaseError):
                from cadence.store import faults

                raise faults.explain(error, path) from None
            raise
        return store

    def sibling(self) -> Store:
        """Another connection to this open store, for another thread of this process.

        Not `open` again: reading the file's bytes with open() and close() would drop every
        SQLite lock this process holds on it (POSIX locks are per process), and another
        process could then take the WAL from under this one. The file was checked when
        this store was opened."""
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

    def check_writable(self) -> None:
        """StoreError when this store can be read but not written (a read-only home, a full disk)."""
        if self.refusal is not None:
            raise StoreError(f"{self.path} cannot be written: {self.refusal}")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so writers queue instead of failing.

        A write the disk, the home or another process refuses is a StoreError with
        the reason; the transaction is rolled back, so nothing of it is written.
        """
        self.check_writable()
        self._begin()
        try:
            yield self.connection
            self.connection.execute("COMMIT")
        except BaseException as error:
            if self.connection.in_transaction:
                with suppress(sqlite3.Error):
                    self.connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError) and _is_fault(error):
                from cadence.store import faults

                raise faults.explain(error, self.path) from None
            raise

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting up to `lock_wait` for another writer (and saying so after a second)."""
        patient = self.on_wait is not None and self.lock_wait > 1
        self._wait_up_to(1.0 if patient else self.lock_wait)
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not patient or not _is_busy(error):
                self._busy(error)
        assert self.on_wait is not None
        self.on_wait(self.lock_wait)
        self._wait_up_to(self.lock_wait - 1.0)
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            self._busy(error)

    def _wait_up_to(self, seconds: float) -> None:
        milliseconds = max(1, int(seconds * 1000))
        if milliseconds != self._waiting:
            self.connection.execute(f"PRAGMA busy_timeout = {milliseconds}")
            self._waiting = milliseconds

    def _busy(self, error: sqlite3.OperationalError) -> NoReturn:
        from cadence.store import faults

        raise faults.explain(error, self.path, self.lock_wait) from None

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
        """Append events as one batch (one undo reverses them together); returns the batch.

        The day's first write saves a backup of the store as it was (`store.backups`).
        """
        self.back_up_daily()
        with self.write() as db:
            return self._append_in(db, events, source)

    def back_up(self, target: Path) -> Path:
        """A copy of the store now, to `target`."""
        from cadence.store import backups

        try:
            return backups.copy(self.connection, target)
        except OSError as error:
            raise StoreError(f"cannot write the backup {target}: {error.strerror or error}") from None
        except sqlite3.Error as error:
            raise StoreError(f"cannot write the backup {target}: {describe_error(error, target)}") from None

    def restore_from(self, source: Path) -> None:
        """Write a backup's contents into this store (the caller saved the current one first)."""
        self.check_writable()
        _check_header(source)
        try:
            reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            try:
                _check_ours(reader, source)
                version = reader.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION or version == 0:
                    raise StoreError(f"{source} is not a cadence store this cadence can restore (version {version})")
                reader.backup(self.connection)
            finally:
                reader.close()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{source} cannot be restored: {describe_error(error, self.path)}") from None
        if self.version < SCHEMA_VERSION:
            self._migrate()

    def back_up_daily(self) -> None:
        from cadence.store import backups

        # A backup that cannot be made never stops a write; `cadence backup` says why.
        if self.refusal is None:
            with suppress(OSError, sqlite3.Error):
                backups.daily(self.connection, self.path.parent)

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
            f" WHERE until IS NOT NULL AND until >= ? AND day < ? AND {_RECORDS} AND {_LIVE}{of_run}",
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

    def metric_kinds(self) -> dict[str, str]:
        """Each metric logged in this home: 'level' once it has a live reading, else 'count'."""
        rows = self.connection.execute(
            f"SELECT metric, MAX(kind = 'reading') FROM events WHERE kind IN ('result', 'reading') AND {_LIVE}"
            " GROUP BY metric"
        ).fetchall()
        return {metric: "level" if reading else "count" for metric, reading in rows}

    # ----------------------------------------------------------------- runs

    def runs(self) -> list[RunRecord]:
        """Every run, by number; each as its latest live start event says."""
        rows = self.connection.execute(
            f"SELECT run, plan, day, until, note, recorded, amount FROM events WHERE kind = 'start' AND {_LIVE}"
            f" {IN_ORDER}"
        ).fetchall()
        found: dict[int, RunRecord] = {}
        for number, plan, start, tracking, path, recorded, begun in rows:
            found[number] = RunRecord(
                number, plan, date.fromisoformat(start), date.fromisoformat(tracking), path, recorded, begun
            )
        return [found[number] for number in sorted(found)]

    def current_run(self, plan: str) -> RunRecord | None:
        """The latest run of a plan, by its name."""
        mine = [run for run in self.runs() if run.plan == plan]
        return mine[-1] if mine else None

    def legacy(self) -> Legacy | None:
        """The history from before runs, while no plan has taken it."""
        taken = self.connection.execute(
            f"SELECT 1 FROM events WHERE run = 0 AND kind = 'start' AND {_LIVE} LIMIT 1"
        ).fetchone()
        if taken:
            return None
        row = self.connection.execute(
            f"SELECT MIN(day), COUNT(*) FROM events WHERE run = 0 AND {_RECORDS} AND {_LIVE}"
        ).fetchone()
        return Legacy(date.fromisoformat(row[0]), int(row[1])) if row[1] else None

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

    def next_run(self) -> int:
        return int(self.connection.execute("SELECT COALESCE(MAX(run), 0) + 1 FROM events").fetchone()[0])

    def has_records(self, run: int) -> bool:
        """Whether a run holds anything besides its start: check-ins, skips, results, shifts or repeats."""
        row = self.connection.execute(
            f"SELECT 1 FROM events WHERE run = ? AND kind != 'start' AND {_LIVE} LIMIT 1", (run,)
        ).fetchone()
        return row is not None

    def adjustments(self, run: int) -> list[tuple[str, date, int]]:
        """A run's live shifts and repeats, in the order they were made: (kind, day, amount)."""
        rows = self.connection.execute(
            f"SELECT kind, day, amount FROM events WHERE run = ? AND kind IN ('shift', 'repeat') AND {_LIVE} {IN_ORDER}",
            (run,),
        ).fetchall()
        return [(kind, date.fromisoformat(day), int(amount)) for kind, day, amount in rows]

    def last_record_day(self, run: int) -> date | None:
        """The latest day a run's check-ins or skips are for (a skip's last day, for a span)."""
        row = self.connection.execute(
            f"SELECT MAX(COALESCE(until, day)) FROM events WHERE run = ? AND kind IN ('checkin', 'skip') AND {_LIVE}",
            (run,),
        ).fetchone()
        return date.fromisoformat(row[0]) if row[0] else None

    def earliest_check_in(self, run: int) -> date | None:
        row = self.connection.execute(
            f"SELECT MIN(day) FROM events WHERE run = ? AND kind = 'checkin' AND {_LIVE}", (run,)
        ).fetchone()
        return date.fromisoformat(row[0]) if row[0] else None

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
