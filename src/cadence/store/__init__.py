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
from typing import Any, NamedTuple

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


def _newest(home: Path) -> str:
    """Where to turn when the store cannot be read: its newest backup, and the command that restores it."""
    from cadence.store import backups

    found = backups.backups(home)
    return f"; the newest backup is {found[-1]}: 'cadence restore {found[-1]}'" if found else ""


def describe_error(error: sqlite3.Error) -> str:
    """SQLite's complaint in words a person can act on."""
    text = str(error)
    if "disk is full" in text or "database or disk is full" in text:
        return "the disk is full; nothing was lost, and nothing new was written"
    if "readonly" in text or "read-only" in text:
        return "the home is read-only: cadence can read it but not write to it"
    return text


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
_LIVE = "kind != 'undo' AND batch NOT IN (SELECT target_batch FROM events WHERE kind = 'undo')"
"""Events that count: not an undo, and not in a batch that was undone."""
_RECORDS = "kind IN ('checkin', 'skip', 'result')"


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
        try:
            if writable:
                connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            else:  # a read-only home still reads; writes are refused with one line
                connection = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
                )
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _check_ours(connection, path)  # reads only: nothing is written to a file that is not ours
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                connection.close()
                raise StoreError(
                    f"{path} was written by a newer cadence (store version {version}; this one "
                    f"knows up to {SCHEMA_VERSION}); upgrade cadence to use it"
                )
            store = cls(connection, path)
            if writable:
                if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    connection.execute("PRAGMA journal_mode = WAL")
                if version < SCHEMA_VERSION:
                    store._migrate()
                if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            elif version < SCHEMA_VERSION:
                connection.close()
                raise StoreError(f"{path} needs an upgrade that a read-only home cannot take; make it writable")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path} is not a usable cadence store: {describe_error(error)}{_newest(home)}") from None
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
            raise StoreError(f"cannot write the backup {target}: {describe_error(error)}") from None

    def restore_from(self, source: Path) -> None:
        """Write a backup's contents into this store (the caller saved the current one first)."""
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
            raise StoreError(f"{source} cannot be restored: {describe_error(error)}") from None
        if self.version < SCHEMA_VERSION:
            self._migrate()

    def back_up_daily(self) -> None:
        from cadence.store import backups

        # A backup that cannot be made never stops a write; `cadence backup` says why.
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
        notes: dict[tuple[str, date], tuple[str, ...]] = {}
        reasons: dict[tuple[str, date], str] = {}
        for kind, task, day_text, until_text, metric, amount, note, _ in rows:
            day = date.fromisoformat(day_text)
            if kind == "checkin":
                key = (task, day)
                amounts[key] = amounts.get(key, 0.0) + amount
                if note:
                    notes[key] = (*notes.get(key, ()), note)
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
                    if note:
                        reasons[(task or "", covered)] = note
                    covered += timedelta(days=1)
        return Ledger(amounts, frozenset(skips), frozenset(skip_all), tuple(results), notes, reasons)

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
