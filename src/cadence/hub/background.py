"""Syncing that never makes anyone wait on the network.

- A command that wrote starts `python -m cadence.hub.background` in its own
  session and returns at once; that process syncs the home and records the
  outcome in the store. The next command that writes tells, once, what the last
  sync found (`sync: hub unreachable, N events waiting`).
- The daemon and the open TUI run `keep_synced`: a sync every five minutes, and
  after each write (whoever made it) while the hub answers; each sync runs in a
  thread of its own with its own store connection. A trouble is told once until
  it changes or the hub answers again.
- Syncs of one home take turns (`sync.lock` in the home); one killed anywhere
  leaves nothing half-done (`cadence.hub.sync`).

psycopg is imported only inside a sync, never when this module is imported.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from cadence.errors import CadenceError, UserError
from cadence.hub import Refused, Unreachable
from cadence.hub.config import SyncConfig, sync_config
from cadence.store import Store
from cadence.store import sync as ledger
from cadence.wording import plural

if TYPE_CHECKING:
    from cadence.hub.sync import Synced

SYNC_SECONDS = 300.0
"""Every five minutes, besides after each write."""
LOCK_NAME = "sync.lock"
LOG_NAME = "sync.log"
"""Where a background sync's own failures go (it has no terminal)."""
T = TypeVar("T")


def say(outcome: str, waiting: int) -> str:
    """The one line that tells a trouble: `sync: hub unreachable, 3 events waiting`."""
    if outcome == "unreachable":
        return f"sync: hub unreachable, {plural(waiting, 'event')} waiting"
    return f"sync: {outcome.removeprefix('refused: ')}; {plural(waiting, 'event')} waiting"


@contextmanager
def sync_lock(home: Path) -> Iterator[None]:
    """One sync of a home at a time; the kernel releases it if the holder dies."""
    try:  # never through a link
        descriptor = os.open(home / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as error:
        raise UserError(f"cannot use {home / LOCK_NAME}: {error.strerror or error} (is it a symbolic link?)") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


class Attempt(NamedTuple):
    synced: Synced | None
    """None: the hub could not be synced with."""
    outcome: str
    tell: str | None
    """The line to tell now: a trouble not told yet."""


def attempt(store: Store, config: SyncConfig, plan: Path | None, telling: bool = True) -> Attempt:
    """One sync, its outcome recorded in the store, and what to tell (a trouble, once).

    Not `telling` (a background sync, which has nobody to tell): the trouble waits for the next command.
    """
    from cadence.hub.sync import sync

    synced: Synced | None = None
    try:
        synced = sync(store, config, plan)
        outcome = "ok"
    except Unreachable:
        outcome = "unreachable"
    except Refused as error:
        outcome = f"refused: {error}"
    found = ledger.record_outcome(store, config.key, outcome)
    tell = None
    if telling and outcome != "ok" and not found.told:
        tell = say(outcome, ledger.waiting(store, config.key))
        ledger.mark_told(store, config.key)
    return Attempt(synced, outcome, tell)


# --------------------------------------------------------------------------- after a command's write


def after_write(home: Path, env: Mapping[str, str], plan: Path | None, store: Store) -> None:
    """A command wrote: tell once what the last sync found, then sync in the background."""
    try:
        config = sync_config(env)
    except CadenceError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return
    if config is None:
        return
    found = ledger.state(store, config.key)
    if found.outcome != "ok" and not found.told:
        print(say(found.outcome, ledger.waiting(store, config.key)), file=sys.stderr)
        ledger.mark_told(store, config.key)
    spawn(home, env, plan)


def spawn(home: Path, env: Mapping[str, str], plan: Path | None) -> subprocess.Popen[bytes] | None:
    """A sync of the home in a process of its own, not waited for."""
    argv = [sys.executable, "-m", "cadence.hub.background", "--home", str(home)]
    if plan is not None:
        argv += ["--plan", str(plan)]
    try:
        log = os.open(home / LOG_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        log = subprocess.DEVNULL
    try:
        return subprocess.Popen(
            argv,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    except OSError:
        return None  # no process to be had: the next write, or `cadence sync`, sends them
    finally:
        if log != subprocess.DEVNULL:
            os.close(log)


def main(argv: list[str] | None = None) -> int:
    """The background sync a command started: its outcome goes to the store, for the next command to tell."""
    words = list(sys.argv[1:] if argv is None else argv)
    options = dict(zip(words[::2], words[1::2], strict=False))
    home = Path(options["--home"])
    plan = Path(options["--plan"]) if "--plan" in options else None
    try:
        config = sync_config(os.environ)
        store = Store.open(home, create=False) if config is not None else None
    except CadenceError:
        return 1
    if config is None or store is None:
        return 0
    try:
        with sync_lock(home):
            attempt(store, config, plan, telling=False)
    except (CadenceError, sqlite3.Error, OSError):
        return 1
    finally:
        store.close()
    return 0


# --------------------------------------------------------------------------- the daemon and the TUI


class Syncer:
    """The syncs of a long-running process: when one is due, and one run in its own store connection."""

    def __init__(self, home: Path, plan: Path | None, config: SyncConfig) -> None:
        self.home = home
        self.plan = plan
        self.config = config
        self.last = -SYNC_SECONDS
        self.answering = True
        self.running = False

    @classmethod
    def configured(cls, home: Path, env: Mapping[str, str], plan: Path | None) -> Syncer | None:
        """A Syncer when `[sync]` names a hub; a config with errors raises its CadenceError."""
        config = sync_config(env)
        return None if config is None else cls(home, plan, config)

    def due(self, store: Store, now: float | None = None) -> bool:
        """Every five minutes; sooner when events wait and the hub answered last time."""
        if self.running:
            return False
        now = time.monotonic() if now is None else now
        if now - self.last >= SYNC_SECONDS:
            return True
        return self.answering and ledger.waiting(store, self.config.key) > 0

    def run(self) -> Attempt:
        """One sync, blocking: for a thread of its own."""
        store = Store.open(self.home)
        assert store is not None
        try:
            with sync_lock(self.home):
                return attempt(store, self.config, self.plan)
        finally:
            store.close()


async def in_thread(work: Callable[[], T]) -> T:
    """`work()` in a daemon thread: a process that quits never waits for a hub that does not answer."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result, error = work(), None
        except BaseException as raised:
            result, error = None, raised
        with suppress(RuntimeError):  # the loop closed meanwhile: nobody is waiting any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="cadence-sync", daemon=True).start()
    return await future


async def keep_synced(
    syncer: Syncer,
    store: Store,
    tell: Callable[[str], None],
    synced: Callable[[Attempt], None] | None = None,
    tick: float = 1.0,
) -> None:
    """Sync whenever one is due, until cancelled; `tell` gets each trouble once, `synced` every attempt."""
    while True:
        try:
            due = syncer.due(store)
        except sqlite3.Error:
            due = False
        if due:
            syncer.running = True
            try:
                done = await in_thread(syncer.run)
            except (CadenceError, sqlite3.Error, OSError) as error:
                done = Attempt(None, "failed", f"sync: {error}")
            finally:
                syncer.running = False
                syncer.last = time.monotonic()
            syncer.answering = done.outcome == "ok"
            if done.tell:
                tell(done.tell)
            if synced is not None:
                synced(done)
        await asyncio.sleep(tick)


def start_syncing(
    home: Path,
    env: Mapping[str, str],
    plan: Path | None,
    store: Store,
    tell: Callable[[str], None],
    synced: Callable[[Attempt], None] | None = None,
) -> asyncio.Task[None] | None:
    """`keep_synced` as a task of the running loop, when `[sync]` names a hub; the caller cancels it."""
    try:
        syncer = Syncer.configured(home, env, plan)
    except CadenceError as error:
        tell(str(error))
        return None
    if syncer is None:
        return None
    return asyncio.get_running_loop().create_task(keep_synced(syncer, store, tell, synced), name="cadence-sync")


if __name__ == "__main__":
    sys.exit(main())
