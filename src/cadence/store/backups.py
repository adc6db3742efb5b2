"""Backups of the store, as Loop Habit Tracker keeps them: the first write of each day saves a copy.

Copies go to `backups/` in the home, made with SQLite's online backup API (safe
while other processes write), named by their UTC day. The newest 7 are kept,
and the newest of each ISO week for the 4 weeks before them. `cadence backup
[FILE]` makes one now; `cadence restore FILE` checks FILE, saves the current
store as a backup first, then writes FILE's contents into the store.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from contextlib import suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cadence.store.migrations import SCHEMA_VERSION
from cadence.store.opening import StoreError, check_header, check_ours

if TYPE_CHECKING:
    from cadence.store import Store

FOLDER = "backups"
DAILY = 7
WEEKLY = 4


def folder(home: Path) -> Path:
    return home / FOLDER


def own_folder(home: Path) -> Path:
    """`backups/` in the home, never through a link (OSError for one)."""
    found = folder(home)
    if found.is_symlink():
        raise OSError(errno.ELOOP, "a symbolic link; cadence keeps its backups in a folder of the home", str(found))
    return found


def backups(home: Path) -> list[Path]:
    """The kept copies, oldest first (none through a link)."""
    if folder(home).is_symlink():
        return []
    try:
        found = [(path.stat().st_mtime_ns, path) for path in folder(home).glob("cadence-*.db") if not path.is_symlink()]
    except OSError:
        return []
    return [path for _, path in sorted(found)]  # by when each was written: a day's copy and `cadence backup`'s mix


def copy(connection: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy of an open store, written to a temporary file and renamed into place.

    A copy that fails (a full disk) leaves no partial file behind.
    """
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _clear_cut_short(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)  # nothing planted there is followed
    try:
        destination = sqlite3.connect(temporary)
        try:
            connection.backup(destination)
        finally:
            destination.close()
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def _clear_cut_short(target: Path) -> None:
    """Remove the temporary copies of `target` that a killed process left (a live one's is its own)."""
    for leftover in target.parent.glob(f".{target.name}.*"):
        pid = leftover.name.rsplit(".", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass  # alive, and someone else's


def daily(connection: sqlite3.Connection, home: Path, today: date | None = None) -> Path | None:
    """Today's copy, made before the day's first write; None when there is one already."""
    day = today or datetime.now(UTC).date()
    target = own_folder(home) / f"cadence-{day.isoformat()}.db"
    if target.exists():
        return None
    made = copy(connection, target)
    prune(home)
    return made


def prune(home: Path) -> list[Path]:
    """Keep the newest DAILY copies, and the newest of each of the WEEKLY weeks before them."""
    found = backups(home)
    keep = set(found[-DAILY:])
    weeks: dict[tuple[int, int], Path] = {}
    for path in found[:-DAILY]:
        try:
            day = date.fromisoformat(path.stem.removeprefix("cadence-")[:10])  # `cadence backup` adds the time
        except ValueError:
            continue
        weeks[day.isocalendar()[:2]] = path  # the newest of its week, the list being in order
    keep |= {weeks[week] for week in sorted(weeks)[-WEEKLY:]}
    removed = [path for path in found if path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def back_up(store: Store, target: Path) -> Path:
    """A copy of the store now, to `target`."""
    from cadence.store import describe_error

    try:
        return copy(store.connection, target)
    except OSError as error:
        raise StoreError(f"cannot write the backup {target}: {error.strerror or error}") from None
    except sqlite3.Error as error:
        raise StoreError(f"cannot write the backup {target}: {describe_error(error, target)}") from None


def restore_from(store: Store, source: Path) -> None:
    """Write a backup's contents into the store (the caller saved the store as it was first)."""
    from cadence.store import describe_error

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
        raise StoreError(f"{source} cannot be restored: {describe_error(error, store.path)}") from None
    if store.version < SCHEMA_VERSION:
        store.migrate()


def back_up_daily(store: Store) -> None:
    """The day's copy before its first write; one that cannot be made never stops the write
    (`cadence backup` says why)."""
    if store.refusal is None:
        with suppress(OSError, sqlite3.Error):
            daily(store.connection, store.path.parent)
