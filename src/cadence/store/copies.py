"""The copies of the store that the home keeps, as Loop Habit Tracker keeps them: the day's first write saves one.

Copies go to `backups/` in the home, made with SQLite's online backup API (safe
while other processes write), named by their UTC day. The newest 7 are kept,
and the newest of each ISO week for the 4 weeks before them; the store as it was
before a restore (`cadence-<time>-before-restore/`, a folder with its `-wal`
and `-shm`) is never removed. Only files and a connection here, no Store: the
Store's first write of a day calls `daily`, and `faults` names the newest copy
that restore would bring back when the store is damaged. Making one now and
bringing one back are `store.backups`.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from datetime import UTC, date, datetime

from cadence.store import checks

TYPE_CHECKING = False  # pathlib costs a prompt's command its start-up (store/log.py says why)
if TYPE_CHECKING:
    from pathlib import Path

FOLDER = "backups"
DAILY = 7
WEEKLY = 4
BEFORE_RESTORE = "-before-restore"
"""How the name of the store as it was before a restore ends (then `-2`, `-3`, ... in the same second)."""


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


def set_aside(home: Path) -> list[Path]:
    """The stores that restores set aside (each a folder's cadence.db), oldest first."""
    if folder(home).is_symlink():
        return []
    try:
        found = [
            (path.stat().st_mtime_ns, path)
            for path in folder(home).glob(f"cadence-*{BEFORE_RESTORE}*/cadence.db")
            if not path.is_symlink()
        ]
    except OSError:
        return []
    return [path for _, path in sorted(found)]


def _restored_over(path: Path) -> bool:
    """A copy of a store that a restore replaced, as an older cadence named it (a file, not a folder)."""
    return path.stem.endswith(BEFORE_RESTORE)


def usable(home: Path) -> tuple[Path | None, int]:
    """The newest copy that restore would bring back, checked as restore checks it (on a copy, in a
    temporary folder, so nothing is written beside a backup), and how many were checked to find it.
    The day's copies and `cadence backup`'s come first, then the stores restores set aside."""
    import tempfile
    from pathlib import Path

    every = kept(home)
    candidates = [path for path in every if not _restored_over(path)][::-1]
    candidates += [path for path in every if _restored_over(path)][::-1] + set_aside(home)[::-1]
    try:
        with tempfile.TemporaryDirectory(prefix="cadence-check-") as scratch:
            for number, path in enumerate(candidates, start=1):
                try:
                    checks.open_copy(path, Path(scratch)).close()
                    return path, number
                except (checks.Unusable, OSError):
                    continue
                finally:
                    checks.remove_copy(Path(scratch))
    except OSError:  # no room to check in (a full temporary folder): the newest, unchecked
        return (candidates[0], 1) if candidates else (None, 0)
    return None, len(candidates)


def copy(connection: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy of an open store, written to a temporary file (0600 from its first byte) and
    renamed into place. A copy that fails (a full disk) leaves no partial file behind; one a kill cut
    short is removed by the next copy into the same folder."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    clear_cut_short(target.parent, f".{target.name}.")
    if target.parent.name == FOLDER:
        clear_cut_short(target.parent, ".cadence-")
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)  # nothing planted there is followed
    try:
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
        destination = sqlite3.connect(temporary)
        try:
            # No journal and no sync of its own: a copy cut short is never renamed into place, so one
            # fsync of the whole file before the rename makes it as safe, a quarter faster on 17 MB than
            # the journalled copy's syncs (and VACUUM INTO, which rebuilds every index, half again slower).
            destination.execute("PRAGMA journal_mode = OFF")
            destination.execute("PRAGMA synchronous = OFF")
            connection.backup(destination)
        finally:
            destination.close()
        descriptor = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except BaseException:
        for suffix in ("", "-journal", "-wal", "-shm"):
            temporary.with_name(f"{temporary.name}{suffix}").unlink(missing_ok=True)
        raise
    return target


def clear_cut_short(folder: Path, prefix: str) -> None:
    """Remove the temporary files `{prefix}...{pid}` (and SQLite's beside them) that killed processes left
    in `folder`; a live process's are its own."""
    try:
        names = [name for name in os.listdir(folder) if name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        owner = name.rsplit(".", 1)[-1].split("-", 1)[0]  # `.x.db.123`, `.x.db.123-journal`
        if not owner.isdigit() or int(owner) == os.getpid():
            continue
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            (folder / name).unlink(missing_ok=True)
        except OSError:
            pass  # alive, and someone else's


def today_s(home: Path, today: date | None = None) -> Path:
    """Where today's copy is (the day in UTC, as the copies are named)."""
    day = today or datetime.now(UTC).date()
    return own_folder(home) / f"cadence-{day.isoformat()}.db"


def daily(connection: sqlite3.Connection, home: Path, today: date | None = None) -> Path | None:
    """Today's copy, made before the day's first write; None when there is one already."""
    target = today_s(home, today)
    if target.exists():
        return None
    made = copy(connection, target)
    prune(home)
    return made


def prune(home: Path) -> list[Path]:
    """Keep the newest DAILY copies, and the newest of each of the WEEKLY weeks before them."""
    found = [path for path in kept(home) if not _restored_over(path)]  # what a restore replaced stays
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
