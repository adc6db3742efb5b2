"""The single-instance lock: whoever holds `notify.lock` in the home sends desktop notifications.

The daemon holds it while it runs; an open TUI takes it only when no daemon
does, and otherwise shows reminders as toasts alone. `fcntl.flock` is released
by the kernel when the holder dies, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

LOCK_NAME = "notify.lock"


class NotifyLock:
    """The single-instance lock: whoever holds it sends desktop notifications."""

    def __init__(self, home: Path) -> None:
        self.path = home / LOCK_NAME
        self.descriptor: int | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:  # never through a link: the lock would truncate whatever it points at
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as error:
            from cadence.errors import UserError

            hint = " (it is a symbolic link)" if error.errno == errno.ELOOP else ""
            raise UserError(f"cannot use {self.path}: {error.strerror or error}{hint}") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        try:  # the pid only tells a second daemon who holds the lock: a full disk never stops the holder
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass
        self.descriptor = descriptor
        return True

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip() or "unknown"
        except OSError:
            return "unknown"

    def release(self) -> None:
        if self.descriptor is not None:
            fcntl.flock(self.descriptor, fcntl.LOCK_UN)
            os.close(self.descriptor)  # unbuffered: nothing is left to write, so a full disk cannot fail it
            self.descriptor = None
