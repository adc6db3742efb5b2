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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

DB_NAME = "cadence.db"
BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
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
)
SCHEMA_VERSION = len(MIGRATIONS)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """An open store. Every write is one short `BEGIN IMMEDIATE` transaction."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

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

    def recorded_start(self, plan: str) -> date | None:
        row = self.connection.execute("SELECT start FROM plan_start WHERE plan = ?", (plan,)).fetchone()
        return date.fromisoformat(row[0]) if row else None


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
