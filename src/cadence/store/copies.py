"""The copies of the store that the home keeps, as Loop Habit Tracker keeps them: the day's first write saves one.

Copies go to `backups/` in the home, made with SQLite's online backup API (safe
while other processes write), named by their UTC day. The newest 7 are kept,
and the newest of each ISO week for the 4 weeks before them. Only files and a
connection here, no Store: the Store's first write of a day calls `daily`, and
`faults` names the newest copy when the store is damaged. Making one now and
bringing one back are `store.backups`.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

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


def kept(home: Path) -> list[Path]:
    """The kept copies, oldest first (none through a link)."""
    if folder(home).is_symlink():
        return []
    try:
        found = [(path.stat().st_mtime_ns, path) for path in folder(home).glob("cadence-*.db") if not path.is_symlink()]
    except OSError:
        return []
    return [path for _, path in sorted(found)]  # by when each was written: a day's copy and `cadence backup`'s mix


def newest(home: Path) -> Path | None:
    """The copy to turn to when the store cannot be read: the newest, but not a store a restore replaced."""
    every = kept(home)
    found = [path for path in every if not path.stem.endswith("-before-restore")] or every
    return found[-1] if found else None


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
    found = kept(home)
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
