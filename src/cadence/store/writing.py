"""Write transactions: each one BEGIN IMMEDIATE, waiting for another writer, and a failure said in one line.

A write the disk, the home or another process refuses (a full disk, a
read-only home, a lock held past the wait) is rolled back whole and raised as
a StoreError with its reason (`store.faults`); a store that can only be read
refuses every write before it begins.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NoReturn

from cadence.store.opening import StoreError


def _is_busy(error: sqlite3.Error) -> bool:
    return str(getattr(error, "sqlite_errorname", "")).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _is_fault(error: sqlite3.Error) -> bool:
    """A failure of the file, the disk or another process, not of cadence's own statements."""
    code = str(getattr(error, "sqlite_errorname", ""))
    return code.startswith(
        ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CORRUPT")
    ) or code.startswith(("SQLITE_NOTADB", "SQLITE_CANTOPEN"))


class Transactions:
    """What a Store needs to write: its connection, its path, and how long it waits for another writer."""

    connection: sqlite3.Connection
    path: Path
    refusal: str | None
    lock_wait: float
    on_wait: Callable[[float], None] | None
    _waiting: int

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
