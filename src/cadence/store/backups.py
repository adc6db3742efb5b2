"""`cadence backup` and `cadence restore`: a copy of the store made now, and a backup brought back.

A copy is made as the day's copies are (`store.copies`: SQLite's online backup,
safe while other processes write, into a temporary file renamed into place). A
restore checks that FILE is a cadence store this cadence can read, as opening
one does, then writes its contents into the store and migrates them; the
command saves the store as it was first, so a restore can itself be undone.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cadence.store import copies
from cadence.store.log import Store, StoreError, check_header, check_ours
from cadence.store.migrations import SCHEMA_VERSION


def _reason(error: sqlite3.Error, path: Path) -> str:
    """SQLite's complaint in words a person can act on: a full disk, a read-only home, or its own words."""
    from cadence.store import faults

    return faults.reason(error, path) or str(error)


def back_up(store: Store, target: Path) -> Path:
    """A copy of the store now, to `target`."""
    try:
        return copies.copy(store.connection, target)
    except OSError as error:
        raise StoreError(f"cannot write the backup {target}: {error.strerror or error}") from None
    except sqlite3.Error as error:
        raise StoreError(f"cannot write the backup {target}: {_reason(error, target)}") from None


def restore_from(store: Store, source: Path) -> None:
    """Write a backup's contents into the store (the caller saved the store as it was first)."""
    store.check_writable()
    check_header(source)
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check_ours(reader, source)
            version = reader.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION or version == 0:
                raise StoreError(f"{source} is not a cadence store this cadence can restore (version {version})")
            reader.backup(store.connection)
        finally:
            reader.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{source} cannot be restored: {_reason(error, store.path)}") from None
    if store.version < SCHEMA_VERSION:
        store.migrate()
