"""One LISTEN connection to the hub, kept by the daemon and the open TUI: another machine's write, at once.

From hub version 4 every push that adds rows notifies the member's channel
(`hub.schema`: a name only the member's login can ask the hub for), with the
last row number as its payload. The listener waits for those in a daemon
thread of its own (psycopg's `notifies` with a timeout, so it sees `stop`
within a second) and wakes the process's syncer; the syncer pulls, in its own
thread. Whatever goes wrong (the hub stopped, the network dropped, a hub of an
older version) it says once, and the five-minute sync goes on as before; it
tries again every few seconds, and says when it listens again.

Imported only by `hub.live`, and psycopg only in the thread: the CLI never
loads it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from cadence.hub.config import SyncConfig

RETRY_SECONDS = 5.0
"""How soon a lost listener tries the hub again."""
WAIT_SECONDS = 1.0
"""How long one wait for a notification lasts: how soon `stop` is seen."""
PAUSE_STEP = 0.05
"""Between two tries at the hub: how soon `stop` is seen."""
KEEPALIVE: dict[str, Any] = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
"""A connection dropped without a word (a network gone) is noticed within about a minute."""


class Listener:
    """LISTEN on the member's channel in a daemon thread; `woken(number)` for each notification (and once on
    each connection, to catch up on what came while it was not listening)."""

    def __init__(
        self,
        config: SyncConfig,
        woken: Callable[[int], object],
        tell: Callable[[str], object],
        report: Callable[[str], object] | None = None,
        retry: float = RETRY_SECONDS,
    ) -> None:
        self.config = config
        self.woken = woken
        self.tell = tell
        self.report = report
        self.retry = retry
        self.listening = False
        """True while the connection is open and listening (read by tests and the benchmarks)."""
        self.lost = False
        """A trouble was met and the listener has not listened since."""
        self.heard = False
        """It has listened once: a hub unreachable from the start is told by the sync's own line instead."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cadence-listen", daemon=True)

    def start(self) -> Listener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            import psycopg
        except ImportError:
            self._lose("the hub needs psycopg, which this cadence was installed without")
            return
        while not self._stop.is_set():
            try:
                if not self._listen():
                    return  # a hub that cannot notify: the five-minute sync only
            except (psycopg.Error, OSError) as error:
                self._lose(_reason(error))
            finally:
                self.listening = False
            self._pause(self.retry)

    def _pause(self, seconds: float) -> None:
        """Wait `seconds`, or until stopped, in short sleeps rather than one timed wait on an Event: a clock
        moved by libfaketime (the tests' year-end runs) never wakes a thread's timed wait, but ends a sleep."""
        deadline = time.monotonic() + seconds
        while not self._stop.is_set() and time.monotonic() < deadline:
            time.sleep(PAUSE_STEP)

    def _listen(self) -> bool:
        """Listen until stopped or cut off (an exception); False for a hub too old to notify."""
        import psycopg as driver
        from psycopg import sql

        from cadence.hub.postgres import LIVE_VERSION, options

        with driver.connect(self.config.url, autocommit=True, **options(self.config), **KEEPALIVE) as db:
            found = db.execute("SELECT version FROM cadence.hub").fetchone()
            version = 0 if found is None else int(found[0])
            if version < LIVE_VERSION:
                self._lose(
                    f"the hub is at version {version}, which cannot tell this machine of another's writes"
                    " (its server's superuser brings it up to date with 'cadence hub init')",
                    retry=False,
                )
                return False
            channel = db.execute("SELECT cadence.channel()").fetchone()
            assert channel is not None
            db.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel[0])))
            self.listening = self.heard = True
            if self.lost:
                self.lost = False
                if self.report is not None:
                    self.report(f"sync: listening to {self.config.key} again; other machines' writes arrive at once")
            self.woken(0)
            while not self._stop.is_set():
                for note in db.notifies(timeout=WAIT_SECONDS, stop_after=1):
                    self.woken(int(note.payload) if note.payload.isdigit() else 0)
        return True

    def _lose(self, reason: str, retry: bool = True) -> None:
        """Say once that other machines' writes now arrive with the five-minute sync, and why."""
        if self.lost:
            return
        self.lost = True
        if retry and not self.heard:
            return
        then = "until it answers" if retry else "for now"
        self.tell(f"sync: not listening to {self.config.key} ({reason}); syncing every five minutes {then}")


def _reason(error: BaseException) -> str:
    """Why the connection failed, in a few words, never with a password."""
    import psycopg

    if isinstance(error, psycopg.OperationalError):
        return "hub unreachable"
    primary = getattr(getattr(error, "diag", None), "message_primary", None)
    return f"the hub refused: {primary}" if primary else "the hub refused"
