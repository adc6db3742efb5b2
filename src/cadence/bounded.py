"""Reading a small file a person names (a plan, config.toml) without ever hanging or filling memory: opened
without blocking, refused unless it is a regular file, and read up to a bound. The callers word each refusal
in their own terms (`plan.reading`, `config`); `plan.compiled` takes any refusal as a miss."""

from __future__ import annotations

import os
import stat

KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"))
"""What a path that is no regular file is, in words."""


class NotAFile(OSError):
    """The path is a directory, a pipe, a device, ...: `kind` says which ("not a regular file" when unnamed)."""

    def __init__(self, mode: int) -> None:
        self.kind = next((words for test, words in KINDS if test(mode)), "not a regular file")
        super().__init__(0, f"it is {self.kind}")


class TooLarge(OSError):
    """The file holds more than the bound: `size` bytes (at least; it may still be growing)."""

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        super().__init__(0, f"it holds {size} bytes, more than {limit}")


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them; NotAFile, TooLarge, or the OSError
    the system gave (FileNotFoundError, PermissionError, ...). A pipe opens at once, to be refused."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    found = os.fstat(descriptor)
    if not stat.S_ISREG(found.st_mode):
        os.close(descriptor)
        raise NotAFile(found.st_mode)
    with open(descriptor, "rb") as file:
        if found.st_size > limit:
            raise TooLarge(found.st_size, limit)
        data = file.read(limit + 1)
    if len(data) > limit:  # it grew while it was read
        raise TooLarge(len(data), limit)
    return data
