"""What makes a file a cadence store this cadence can use, and the check a backup passes before it is restored.

A store is an SQLite file (its header), marked as cadence's (SQLite's
`application_id`, or none but a store version: stores made before the id),
of a version this cadence reads. Opening a store checks the first two
(`store.log` raises their lines). A backup is checked further before it is
brought back, and before the line for a damaged store names it: a copy of it
(with its `-wal`, when one lies beside it) is opened read-only in a folder of
the caller's, so nothing is ever written beside the backup itself, and SQLite's
`quick_check` reads every page of it. Below the Store: only files and a
connection here, and lines, or `Unusable` with its line.
"""

from __future__ import annotations

import os
import sqlite3

from cadence.errors import CadenceError
from cadence.store.migrations import SCHEMA_VERSION

TYPE_CHECKING = False  # pathlib costs a prompt's command its start-up (store/log.py says why)
if TYPE_CHECKING:
    from pathlib import Path

APPLICATION_ID = 0x43444E43
"""'CDNC' in SQLite's header: this file is a cadence store."""
SQLITE_HEADER = b"SQLite format 3\x00"
COPY_NAME = "backup.db"
"""The name of the copy a backup is checked on, in the caller's folder."""


class Unusable(CadenceError):
    """A file that restore will not bring back; the message is one line saying why."""


def not_sqlite(path: str | os.PathLike[str]) -> str | None:
    """Why the file at `path` is no SQLite database at all (None: its header is SQLite's, or it is empty:
    a store being created). OSError when it cannot be read."""
    with open(path, "rb") as file:
        header = file.read(100)
    if header and (not header.startswith(SQLITE_HEADER) or len(header) < 100):
        return f"{path} is not a usable cadence store: it is not an SQLite database"
    return None


def foreign(connection: sqlite3.Connection) -> bool:
    """Whether an SQLite file is another program's: not marked as ours, and not empty or an unmarked store
    (one made before the id). Read through SQLite, never the bytes: a store in WAL mode keeps its newest
    header in the log."""
    application = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    return not (application == APPLICATION_ID or (application == 0 and (version > 0 or tables == 0)))


def copy_file(source: Path, target: Path) -> None:
    """`source`'s bytes in a new file `target`, readable by its owner alone (never through a link)."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with open(source, "rb") as reading, open(descriptor, "wb") as writing:
        while chunk := reading.read(1 << 20):
            writing.write(chunk)


def open_copy(source: Path, folder: Path, shown: str | None = None) -> sqlite3.Connection:
    """A read-only connection to a copy of the backup `source` in `folder`, once the copy passed every check:
    SQLite's header, cadence's application id, a version this cadence can restore, `quick_check`.

    Unusable with the line saying why not; OSError when a file cannot be read or written. The copy's
    files stay in `folder` for the caller to remove.
    """
    name = shown or str(source)
    if not_sqlite(source) is not None:
        raise Unusable(f"{name} is not a cadence store: it is not an SQLite database")
    copy = folder / COPY_NAME
    copy_file(source, copy)
    wal = source.with_name(f"{source.name}-wal")
    if wal.is_file():  # a store copied by hand with its log: the newest changes are there
        copy_file(wal, folder / f"{COPY_NAME}-wal")
    connection = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        if foreign(connection):
            raise Unusable(f"{name} is another program's SQLite database, not a cadence store")
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise Unusable(
                f"{name} was written by a newer cadence (store version {version}; this one knows up to"
                f" {SCHEMA_VERSION}); upgrade cadence to restore it"
            )
        if version == 0:
            raise Unusable(f"{name} is an empty SQLite database, not a cadence store")
        found = connection.execute("PRAGMA quick_check").fetchone()[0]
        if found != "ok":
            raise Unusable(f"{name} is damaged: SQLite's check says {found!r}")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise Unusable(f"{name} is damaged and cannot be read ({error})") from None
    except BaseException:
        connection.close()
        raise
    return connection


def remove_copy(folder: Path) -> None:
    """The files of a checked copy (SQLite's `-wal` and `-shm` beside it included), gone."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        (folder / f"{COPY_NAME}{suffix}").unlink(missing_ok=True)
