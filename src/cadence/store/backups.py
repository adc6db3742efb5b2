"""`cadence backup` and `cadence restore`: a copy of the store made now, and a backup brought back.

A copy is made as the day's copies are (`store.copies`: SQLite's online backup,
safe while other processes write, into a temporary file renamed into place).

A restore never opens the store: the store it is for is often one SQLite
cannot open (a damaged header or first page, a file cut short). It copies the
backup into the home and checks the copy read-only (`store.checks`: a cadence
store, of a version this cadence reads, whose every page SQLite can read),
writes it out afresh with SQLite's backup, and puts that in the store's place;
the store as it was, with its `-wal` and `-shm`, is set aside in `backups/`
under a name of its own and kept (`store.restoring`, where a kill at any step
leaves the home as it was or restored). The next open migrates it.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from cadence.store import checks, copies, restoring
from cadence.store.log import DB_NAME, Store, StoreError


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


class Restored(NamedTuple):
    store: Path
    set_aside: Path | None
    """The folder in backups/ holding the store as it was (None: the home had no store)."""


def restore(home: Path, source: Path, now: datetime, shown: str | None = None) -> Restored:
    """Bring the backup `source` back as the store of `home`; the store as it was is kept.

    StoreError when the backup is not one to restore or the home refuses; nothing is changed then.
    """
    store = home / DB_NAME
    if store.is_symlink():
        raise StoreError(f"{store} is a symbolic link; cadence keeps its store as a file in the home")
    if store.is_dir():
        raise StoreError(f"{store} is a directory, not a cadence store")
    placed = False
    try:
        copies.own_folder(home)
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        with restoring.work(store) as folder:
            if restoring.in_use(store):
                raise StoreError(
                    f"another process has {store} open (the TUI, `cadence daemon`, `cadence serve` or a command);"
                    " close it, then restore; nothing was changed"
                )
            _write_checked(source, folder, shown)
            restoring.put_in_place(store, folder)
            placed = True
            aside = restoring.finish(store, folder, now)
    except checks.Unusable as error:
        raise StoreError(f"{error}; nothing was changed") from None
    except restoring.Busy:
        raise StoreError(f"another restore into {home} is under way; nothing was changed") from None
    except OSError as error:
        why = f"{error.filename}: {error.strerror}" if error.filename and error.strerror else str(error)
        if placed:
            raise StoreError(
                f"restored {shown or source} into {store}, but the store as it was could not be moved into"
                f" {copies.folder(home)} ({why}); it waits in {home / restoring.WORK}, and the next command"
                " moves it"
            ) from None
        raise StoreError(f"cannot restore into {home}: {why}; nothing was changed") from None
    return Restored(store, aside)


def _write_checked(source: Path, folder: Path, shown: str | None) -> None:
    """The backup checked on a copy in `folder`, then written out afresh as `restored.db`, on the disk."""
    reader = checks.open_copy(source, folder, shown)
    restored = folder / restoring.RESTORED
    try:
        os.close(os.open(restored, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
        writer = sqlite3.connect(restored)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    except sqlite3.Error as error:
        raise StoreError(f"cannot restore {shown or source}: {_reason(error, restored)}") from None
    finally:
        reader.close()
        checks.remove_copy(folder)
    descriptor = os.open(restored, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
