"""An open store: the connection's life (open, migrate, write, close) and the event log (append, undo, ledger).

Only a cadence store is opened: a link in its place, a file that is not SQLite,
or another program's SQLite file is refused before anything touches it
(SQLite's `application_id` marks a store as cadence's), and a store newer than
this code is refused, never touched; an older one is migrated forward. The
folder is created 0700 and the file 0600: it is personal data. Every write is
one `BEGIN IMMEDIATE` transaction (`store.writing` waits for the lock), so the
TUI, the daemon and commands write at once. A home whose file system will not
take SQLite's shared memory (read-only, full) is read as it is, and every
write is refused with the reason (`store.faults` words every failure).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from datetime import UTC, date, datetime, timedelta

from cadence.core.status import Ledger, Result
from cadence.errors import CadenceError
from cadence.store import restoring, writing
from cadence.store.checks import APPLICATION_ID, foreign, not_sqlite
from cadence.store.events import AUTO, COLUMNS, LIVE, RECORDS, Event, NewEvent
from cadence.store.ids import HERE, machine_id, machine_number, new_uid, next_batch, selected, with_ids
from cadence.store.migrations import MIGRATIONS, SCHEMA_VERSION, statements

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

DB_NAME = "cadence.db"
BUSY_TIMEOUT_MS = 30_000
_SELECT = f"SELECT {selected(COLUMNS)} FROM events"


def _path(file: str | os.PathLike[str]) -> Path:
    """A path as a Path, for what only a failure, a restore or a write needs (pathlib is imported then)."""
    from pathlib import Path

    return Path(file)


class StoreError(CadenceError):
    """The store cannot be used; the message is one line for the person."""


def failure(error: sqlite3.Error, path: str | os.PathLike[str], waited: float | None = None) -> StoreError:
    """SQLite's failure as the one line a person can act on (`store.faults`, loaded only when something failed)."""
    from cadence.store import faults

    return StoreError(faults.explain(error, _path(path), waited))


def _settle_restore(path: str) -> None:
    """A restore another process is making is refused; one a kill cut short is finished or undone now
    (`store.restoring`), before SQLite opens anything."""
    try:
        busy = restoring.settle(_path(path))
    except OSError as error:
        where = os.path.dirname(path)
        raise StoreError(f"a restore cut short in {where} cannot be settled: {error.strerror or error}") from None
    if busy is not None:
        raise StoreError(busy)


def check_header(path: str) -> None:
    """Refuse a file that is not SQLite at all (an empty file is a store being created), naming the backup
    to turn to: a damaged header looks like no SQLite at all."""
    try:
        problem = not_sqlite(path)
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from None
    if problem is not None:
        from cadence.store import faults

        raise StoreError(f"{problem}; it was left as it is{faults.newest_backup(_path(path).parent)}")


def check_ours(connection: sqlite3.Connection, path: str | os.PathLike[str]) -> None:
    """Refuse, before anything is written through `connection`, a SQLite file that is not a cadence store."""
    if foreign(connection):
        connection.close()
        raise StoreError(f"{path} is another program's SQLite database, not a cadence store; it was left as it is")


def _connect(where: str, uri: bool = False) -> sqlite3.Connection:
    """A connection that waits for other writers (a `uri` for one SQLite opens read-only)."""
    connection = sqlite3.connect(where, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def _create(path: str) -> None:
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
    except OSError as error:
        raise StoreError(f"cannot create the store in {folder}: {error.strerror or error}") from None


def _read_only(path: str, options: str) -> str:
    return f"{_path(path).resolve().as_uri()}?{options}"


def _connect_ours(path: str) -> tuple[sqlite3.Connection, str | None]:
    """A connection to the file at `path` once it is known to be ours, and why it cannot be written (or None)."""
    writable = os.access(path, os.W_OK) and os.access(os.path.dirname(path), os.W_OK)
    connection = _connect(path) if writable else _connect(_read_only(path, "mode=ro"), uri=True)
    try:
        check_ours(connection, path)  # the first read, and a read only: nothing is written to a file not ours
        return connection, None if writable else writing.READ_ONLY
    except sqlite3.OperationalError as error:  # no room for SQLite's shared memory: read the file as it is
        from cadence.store import faults

        connection.close()
        refusal = faults.unshared(error, _path(path), writable)
        if refusal is None:
            raise
        hidden = faults.hidden_changes(_path(path), refusal)
        if hidden is not None:
            raise StoreError(hidden) from None
    connection = sqlite3.connect(_read_only(path, "mode=ro&immutable=1"), uri=True, isolation_level=None)
    check_ours(connection, path)
    return connection, refusal


class Store:
    """An open store. Every write is one short `BEGIN IMMEDIATE` transaction (`write`).

    Its file's path is a string (`file`): the read commands open a store without importing pathlib, which
    costs a prompt's command a tenth of its start-up; `path` gives it as a Path."""

    def __init__(self, connection: sqlite3.Connection, path: str | os.PathLike[str]) -> None:
        self.connection = connection
        self.file = os.fspath(path)
        self.closed = False
        self.refusal: str | None = None
        """Why this store can be read but not written (a read-only home, a full disk), or None."""
        self.cached = 0  # changes that only keep a cache (`store.folds`): nothing a hub needs to hear of
        self.lock_wait = BUSY_TIMEOUT_MS / 1000
        """How long a write waits for another process's write lock, in seconds."""
        self.on_wait: Callable[[float], None] | None = None
        """Called once when a write has waited a second for another process: to say so (seconds it may wait)."""
        self.copying: AbstractContextManager[object] | None = None
        """Held while the day's copy is made: the TUI makes it in a thread as the plan opens, with a lock
        here, so that a write in the meantime waits for that copy rather than making a second."""

    @property
    def path(self) -> Path:
        return _path(self.file)

    @classmethod
    def open(cls, home: str | os.PathLike[str], create: bool = True) -> Store | None:
        """The store in `home`, migrated to this version; None when absent and not `create`.

        Only a cadence store is opened: a link in its place, a file that is not SQLite,
        or another program's SQLite file is refused before anything touches it.
        """
        path = os.path.join(home, DB_NAME)
        if os.path.lexists(os.path.join(home, restoring.WORK)):
            _settle_restore(path)
        if os.path.islink(path):
            raise StoreError(f"{path} is a symbolic link; cadence keeps its store as a file in the home")
        if os.path.isdir(path):
            raise StoreError(f"{path} is a directory, not a cadence store")
        if not os.path.exists(path):
            if not create:
                return None
            _create(path)
        else:
            check_header(path)
        connection: sqlite3.Connection | None = None
        store: Store | None = None
        try:
            connection, refusal = _connect_ours(path)
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer cadence (store version {version}; this one "
                    f"knows up to {SCHEMA_VERSION}); upgrade cadence to use it"
                )
            if version < SCHEMA_VERSION and refusal is not None:
                raise StoreError(f"{path} needs an upgrade, which it cannot take now: {refusal}")
            store = cls(connection, path)
            store.refusal = refusal
            if refusal is None:
                if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    connection.execute("PRAGMA journal_mode = WAL")
                if version < SCHEMA_VERSION:
                    store.migrate()
                if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except BaseException as error:
            if store is not None:
                store.close()
            elif connection is not None:
                connection.close()
            if isinstance(error, sqlite3.DatabaseError):
                raise failure(error, path) from None
            raise
        return store

    def sibling(self) -> Store:
        """Another connection to this open store, for another thread of this process. Not `open` again:
        reading the file with open() and close() would drop this process's SQLite locks (POSIX locks are
        per process), and another process could take the WAL from under this one."""
        return Store(_connect(self.file), self.file)

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
                for statement in statements(script):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # ----------------------------------------------------------------------- writing

    def check_writable(self) -> None:
        """StoreError when this store can be read but not written (a read-only home, a full disk)."""
        if self.refusal is not None:
            raise StoreError(f"{self.file} cannot be written: {self.refusal}")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so writers queue instead of failing.

        A write the disk, the home or another process refuses is a StoreError with
        the reason; the transaction is rolled back, so nothing of it is written.
        """
        self.check_writable()
        try:
            writing.begin(self.connection, self.lock_wait, self.on_wait)
        except sqlite3.OperationalError as error:
            raise failure(error, self.file, self.lock_wait) from None
        try:
            yield self.connection
            self.connection.execute("COMMIT")
        except BaseException as error:
            if self.connection.in_transaction:
                with suppress(sqlite3.Error):
                    self.connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError) and writing.of_the_file(error):
                raise failure(error, self.file) from None
            raise

    def append(self, events: Sequence[NewEvent], source: str = "cli", then: Callable[[], None] | None = None) -> int:
        """Append events as one batch (one undo reverses them together); returns the batch.

        `then` runs inside the write before it commits (a revision writes the plan file there); if it raises,
        nothing is appended. The day's first write saves a copy of the store first (`store.copies`); one that
        cannot be made never stops the write (`cadence backup` says why).
        """
        if self.refusal is None:
            from cadence.store import copies

            with self.copying or nullcontext(), suppress(OSError, sqlite3.Error):
                copies.daily(self.connection, self.path.parent)
        with self.write() as db:
            batch = insert_batch(db, events, source)
            if then is not None:
                then()
            return batch

    def undo(
        self, source: str = "cli", run: int | None = None, then: Callable[[list[Event]], None] | None = None
    ) -> list[Event]:
        """Append the reversal of the last batch not yet reversed (of one run, when given);
        returns the events it reverses. A run's start on first use is never a step to undo, and a batch
        pulled from a hub is undone on the machine that wrote it: undo reverses this home's last change.
        `then(events)` runs inside the write before it commits (a revision's file is restored there)."""
        where = f"{LIVE} AND source != '{AUTO}' AND batch NOT IN (SELECT batch FROM received)" + (
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
                (batch, datetime.now(UTC).isoformat(timespec="seconds"), target, source, new_uid(), HERE, lamport),
            )
            if then is not None:
                then(undone)
        return undone

    def restore(self, events: Iterable[Event], plan_starts: Iterable[tuple[str, str, str]]) -> int:
        """Write an export into a store with no history, ids and all, in one transaction."""
        with self.write() as db:
            count = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            if count:
                raise StoreError(f"{self.file} already holds {count} events; import into a new home")
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

    # ----------------------------------------------------------------------- reading

    def ledger(self, first: date, last: date, run: int | None = None) -> Ledger:
        """The log folded for the plan days first..last (of one run, when given); undone batches left out."""
        of_run = "" if run is None else " AND run = ?"
        extra: tuple[int, ...] = () if run is None else (run,)
        rows = self.connection.execute(
            f"SELECT kind, task, day, until, metric, amount, note, id FROM events"
            f" WHERE day BETWEEN ? AND ? AND {RECORDS} AND {LIVE}{of_run}"
            " UNION ALL"
            f" SELECT kind, task, day, until, metric, amount, note, id FROM events"
            # spans begun before `first`, by their end (+: not the run index, which walks all history)
            f" WHERE until IS NOT NULL AND until >= ? AND day < ? AND +{RECORDS} AND {LIVE}{of_run.replace('run', '+run')}",
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

    def events(self) -> list[Event]:
        """The whole log, in the order it was written."""
        return [Event(*row) for row in self.connection.execute(f"{_SELECT} ORDER BY id")]

    def count(self) -> int:
        return int(self.connection.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    def metric_kinds(self) -> dict[str, str]:
        """Each metric logged in this home: 'level' once it has a live reading, else 'count'."""
        rows = self.connection.execute(
            f"SELECT metric, MAX(kind = 'reading') FROM events WHERE kind IN ('result', 'reading') AND {LIVE}"
            " GROUP BY metric"
        ).fetchall()
        return {metric: "level" if reading else "count" for metric, reading in rows}


def insert_batch(db: sqlite3.Connection, events: Sequence[NewEvent], source: str) -> int:
    """Append one batch inside a write transaction already taken (`Store.write`); returns the batch."""
    recorded = datetime.now(UTC).isoformat(timespec="seconds")
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
