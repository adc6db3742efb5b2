"""The page's bounds: the body a request may send, and how often pairing may fail.

Pure: the rate limiter takes the time as an argument.
"""

from __future__ import annotations

from collections import deque

MAX_BODY = 16 * 1024
"""Bytes a form may send: a results form of every metric is well under 2 KB; more is refused (413)."""
MAX_FIELDS = 64
PAIRING_MINUTES = 10
"""How long a pairing link stays open; it opens once."""
FAILURES_PER_CLIENT = 5
FAILURES_IN_ALL = 20
WINDOW_SECONDS = 60.0
"""Failed pairings allowed per client address, and from all addresses together, in any minute."""


class FailureLimit:
    """Failed pairing attempts in the last minute, per client and in all; past either bound, pairing waits.

    Tokens and codes have 256 bits, so guessing cannot succeed anyway: the limit
    keeps a scanner from filling the log and the CPU.
    """

    def __init__(self) -> None:
        self.failures: deque[tuple[float, str]] = deque()

    def _forget(self, now: float) -> None:
        while self.failures and self.failures[0][0] <= now - WINDOW_SECONDS:
            self.failures.popleft()

    def blocked(self, client: str, now: float) -> bool:
        self._forget(now)
        mine = sum(1 for _, who in self.failures if who == client)
        return mine >= FAILURES_PER_CLIENT or len(self.failures) >= FAILURES_IN_ALL

    def failed(self, client: str, now: float) -> None:
        self._forget(now)
        self.failures.append((now, client))
