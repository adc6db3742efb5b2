"""A restore's steps on the home's files: the store set aside whole and the checked backup put in its place,
so that a kill at any moment leaves the home as it was or restored.

SQLite cannot open a store whose header or first page is damaged, or one cut
short, so a restore never opens the store: it works on files. In a folder of
its own in the home (`.restore`, locked while it works), it writes the
checked backup's copy (`restored.db`); then it links the store's files
(`cadence.db` and its `-wal` and `-shm`) into `before/`; then one rename puts
the copy in the store's place: the restore has happened. Last, the old `-wal`
and `-shm` (which belong to the old file, and SQLite would replay into the new
one) are removed, and `before/` becomes `backups/cadence-<UTC time>-before-restore`
(`-2`, `-3`, ... when that name is taken), kept until the person removes it.

A kill leaves `.restore` behind, and the next open of the store settles it
before SQLite opens anything (`settle`): when `restored.db` is still there,
nothing happened yet, and what was made is removed; when it is gone and
`before/` is there, the restore happened, and it is finished. While another
process holds the lock, the store is not opened. Nothing here opens the store:
that another process has it open is seen from SQLite's own lock on its shared
memory.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime

from cadence.store import copies
from cadence.store.checks import copy_file

TYPE_CHECKING = False  # pathlib costs a prompt's command its start-up (store/log.py says why)
if TYPE_CHECKING:
    from pathlib import Path

WORK = ".restore"
"""The folder in the home a restore works in; while it is there, the store is not opened."""
RESTORED = "restored.db"
BEFORE = "before"
SIDES = ("-wal", "-shm")
"""The files SQLite keeps beside a store in WAL mode, by their suffix."""
SHM_DMS = 128
"""The byte of the `-shm` file that every connection to a store in WAL mode holds a read lock on (SQLite's
UNIX_SHM_DMS: 120 bytes of other locks, then 8 lock slots)."""


class Busy(Exception):
    """Another process is restoring into this home."""


def in_use(store: Path) -> bool:
    """Whether another process has the store open, by SQLite's own lock: while connected, each holds a
    read lock on one byte of the `-shm` file, so a write lock on it cannot be had. (This process has no
    connection to the store: closing the file drops only locks of its own.)"""
    import fcntl

    try:
        descriptor = os.open(_side(store, "-shm"), os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        return False  # no shared memory: no connection in WAL mode
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SHM_DMS)
    except OSError:
        return True
    finally:
        os.close(descriptor)
    return False


@contextmanager
def work(store: Path) -> Iterator[Path]:
    """The folder a restore into `store` works in, locked by this process; what a kill left in it settled
    first. Busy when another process holds it. On the way out, whatever happened (an error, Ctrl-C), the
    folder is settled as after a kill, then removed."""
    folder, descriptor = _lock(store.parent)
    try:
        _settle(store, folder)
        yield folder
    finally:
        try:
            _settle(store, folder)
            folder.rmdir()
        finally:
            os.close(descriptor)


def settle(store: Path) -> str | None:
    """Before the store is opened: a restore a kill cut short, finished or undone, and its folder removed.
    The line to refuse with while another process is restoring; None when the store may be opened."""
    try:
        folder, descriptor = _lock(store.parent)
    except Busy:
        return f"a restore into {store.parent} is under way; try again when it finishes"
    try:
        _settle(store, folder)
        folder.rmdir()
    finally:
        os.close(descriptor)
    return None


def put_in_place(store: Path, folder: Path) -> None:
    """The restore itself: the store's files linked into `before/`, then the checked copy renamed over the
    store, in one step."""
    before = folder / BEFORE
    before.mkdir(mode=0o700)
    for suffix in ("", *SIDES):
        current = _side(store, suffix)
        if current.is_file() and not current.is_symlink():
            _link(current, before / current.name)
    _sync(before)
    os.replace(folder / RESTORED, store)
    _sync(store.parent)


def finish(store: Path, folder: Path, now: datetime | None = None) -> Path | None:
    """After the copy was put in place: the old file's `-wal` and `-shm` removed (SQLite would replay them
    into the new one), and `before/` set aside in `backups/`; where it went (None: there was no store)."""
    for suffix in SIDES:
        _side(store, suffix).unlink(missing_ok=True)
    return _set_aside(store.parent, folder / BEFORE, now or datetime.now(UTC))


def _settle(store: Path, folder: Path) -> None:
    """Finish a restore whose copy was put in place, undo one whose copy was not; empty the folder."""
    if (folder / BEFORE).is_dir() and not (folder / RESTORED).exists():
        finish(store, folder)
    for leftover in folder.iterdir():
        if leftover.is_dir() and not leftover.is_symlink():
            import shutil

            shutil.rmtree(leftover)  # links to the store's files, or copies: the store itself is untouched
        else:
            leftover.unlink()


def _lock(home: Path) -> tuple[Path, int]:
    """`.restore` in the home, made when missing, and a descriptor holding its lock (Busy: another's)."""
    import fcntl

    folder = home / WORK
    while True:
        with suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise Busy from None
        try:
            same = os.stat(folder, follow_symlinks=False).st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return folder, descriptor
        os.close(descriptor)  # its owner removed it between the mkdir and the lock: take it anew


def _set_aside(home: Path, before: Path, now: datetime) -> Path | None:
    """`before/` moved into `backups/` under a name no other has; None when it holds nothing."""
    if not any(before.iterdir()):
        before.rmdir()
        return None
    backups = copies.own_folder(home)
    backups.mkdir(mode=0o700, exist_ok=True)
    stamp = f"cadence-{now:%Y-%m-%d-%H%M%S}-before-restore"
    for number in range(1, 10_000):
        target = backups / (stamp if number == 1 else f"{stamp}-{number}")
        if os.path.lexists(target):
            continue
        try:
            os.rename(before, target)
        except OSError as error:
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR):
                continue  # taken this instant
            raise
        _sync(backups)
        return target
    raise OSError(errno.EEXIST, "no free name for the store as it was", str(backups))


def _side(store: Path, suffix: str) -> Path:
    return store.with_name(f"{store.name}{suffix}")


def _link(source: Path, target: Path) -> None:
    """`target` the same file as `source`; a copy where the file system keeps no links."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.ENOSYS):
            raise
        copy_file(source, target)


def _sync(folder: Path) -> None:
    """A folder's entries on the disk: a rename survives a power cut, not only a kill."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
