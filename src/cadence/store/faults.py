"""What a file, a disk or another process can do to the store, each said in one line a person can act on.

SQLite names every failure (`sqlite_errorname`); here each name becomes a
reason: a damaged file names the newest backup that restore would bring back,
and the command; a full disk, a read-only home, a limit on file sizes and
another process holding the write lock say so, and that nothing was lost.
Lines, not errors: the Store raises them as its StoreError (`store.log`), and
so do the command line and the TUI for a read that failed under them.

A home whose file system will not take SQLite's shared-memory file (a
read-only mount, a full disk) is still read: through a read-only connection
that needs no shared memory (`immutable`, opened by the Store), as long as the
log has nothing waiting in its `-wal` file. Every write to such a store is
refused with the reason. Loaded only when something went wrong, so a command
that works pays nothing for it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from cadence.store import copies
from cadence.store.writing import READ_ONLY, busy

NOTHING_LOST = "nothing was lost, and nothing new was written"
FULL = f"the disk is full; {NOTHING_LOST}"
SIZE_LIMIT = f"a limit on the size of files (ulimit -f) keeps the store from growing; {NOTHING_LOST}"
SQLITE_PATH = 512
"""The longest path SQLite opens on Unix (its MAX_PATHNAME)."""
ROOM = 64 * 1024
"""Less free space than this is a full disk: SQLite's shared memory alone takes 32 KiB."""


def name(error: sqlite3.Error) -> str:
    return str(getattr(error, "sqlite_errorname", "") or "")


def no_room(folder: Path) -> bool:
    """Whether the file system holding `folder` is (all but) full."""
    try:
        found = os.statvfs(folder)
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < ROOM


def size_limited() -> bool:
    """Whether this process may only write files up to a size (`ulimit -f`)."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return soft != resource.RLIM_INFINITY


def damaged(error: sqlite3.Error) -> bool:
    return name(error).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def newest_backup(home: Path) -> str:
    """Where to turn when the store cannot be read: the newest backup that restore would bring back (each
    checked as restore checks it), and the command; or that there is none."""
    found, checked = copies.usable(home)
    if found is None and not checked:
        return "; there is no backup of it yet"
    if found is None:
        which = "the one backup" if checked == 1 else f"none of the {checked} backups"
        return (
            f"; {which} in {copies.folder(home)} can{'not' if checked == 1 else ''} be restored"
            " (damaged, not a cadence store, or from a newer cadence)"
        )
    newest = "newest backup" if checked == 1 else "newest backup that can be restored"
    return f"; the {newest} is {found}: 'cadence restore {found}'"


def reason(error: sqlite3.Error, path: Path) -> str | None:
    """Why a write could not be made, when the disk or another process is the cause; None otherwise."""
    code = name(error)
    if code == "SQLITE_FULL" or (code.startswith("SQLITE_IOERR") and no_room(path.parent)):
        return FULL
    if code.startswith("SQLITE_IOERR") and size_limited():
        return SIZE_LIMIT
    if code.startswith("SQLITE_READONLY"):
        return READ_ONLY
    return None


def explain(error: sqlite3.Error, path: Path, waited: float | None = None) -> str:
    """The one line for a store that failed: what happened to which file, and what to do."""
    code = name(error)
    if damaged(error):
        return f"{path} is damaged and cannot be read ({error}){newest_backup(path.parent)}"
    if busy(error):
        held = f" for {waited:g} s" if waited is not None else ""
        return (
            f"another process has held the write lock of {path}{held}; nothing was written; try again when it finishes"
        )
    why = reason(error, path)
    if why is not None:
        return f"{path} cannot be written: {why}"
    if code == "SQLITE_CANTOPEN" and len(os.fsencode(path.resolve())) > SQLITE_PATH:
        return f"{path} cannot be opened: SQLite opens paths of up to {SQLITE_PATH} bytes; use a shorter home"
    return f"{path} could not be used: {error}"


def unshared(error: sqlite3.Error, path: Path, writable: bool) -> str | None:
    """When opening failed because the file system will not take SQLite's shared memory: the reason writes
    will be refused, the store then being read as it is. None: another failure, to be explained."""
    setup = name(error).startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_FULL"))
    if not setup or damaged(error):
        return None
    if not writable:
        return READ_ONLY
    if no_room(path.parent):
        return FULL
    if size_limited():
        return SIZE_LIMIT
    return None


_STATES = {
    READ_ONLY: ("the home is read-only", "make the home writable"),
    FULL: ("the disk is full", "free some space"),
    SIZE_LIMIT: ("files are limited in size", "lift the limit"),
}


def hidden_changes(path: Path, refusal: str) -> str | None:
    """Why a store read as it is cannot be read at all: its latest changes wait in the `-wal` file, which
    only SQLite's shared memory reaches. None when nothing waits there."""
    wal = path.with_name(f"{path.name}-wal")
    try:
        waiting = wal.stat().st_size > 0
    except OSError:
        waiting = False
    if not waiting:
        return None
    state, remedy = _STATES[refusal]
    return f"{path} cannot be read while {state}: its latest changes are still in {wal.name}; {remedy} once, then try again"
