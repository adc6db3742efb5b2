"""The one write of a plan file: `cadence adapt --apply` and the undo of its revision.

The file is the person's, so it is written only when it still holds exactly
what was read (an editor's save in between wins: nothing is written), through
a temporary file in its own folder that is flushed to disk and renamed over it
(a crash leaves the old file or the new one, never half of one), with the
file's permission bits kept. A link is followed to the file it names, which is
the one replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from cadence.errors import UserError


class ChangedOnDisk(UserError):
    """The plan file is not what was read: someone else wrote it since."""


def current(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror or error}") from None


def replace(path: Path, expected: str, text: str, changed: str) -> None:
    """Write `text` over the plan file if it still holds `expected`; ChangedOnDisk (with `changed`) if not.

    Atomic: a temporary file beside it, fsync, rename, and the folder synced; the mode is kept.
    """
    target = path.resolve()
    if current(target) != expected.encode("utf-8"):
        raise ChangedOnDisk(changed)
    mode = stat.S_IMODE(target.stat().st_mode)
    temporary = target.with_name(f".{target.name}.cadence-{os.getpid()}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        with os.fdopen(descriptor, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)  # the umask may have taken bits away
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise UserError(f"cannot write {path}: {error.strerror or error}; it was left as it was") from None
    with contextlib.suppress(OSError):
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
