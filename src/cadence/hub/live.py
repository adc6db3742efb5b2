"""Syncing in the daemon and the open TUI: every five minutes, after each write while the hub answers, and at
once when another machine of the member's writes (`hub.listen`: one LISTEN connection, from hub version 4).

`keep_synced` runs on the process's event loop and only decides; each sync runs
in a daemon thread of its own, through its own connection to the store, so no
key press and no reminder waits on the network, and a process that quits never
waits for a hub that does not answer. A trouble is told once, until it changes
or the hub answers again.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from cadence.errors import CadenceError
from cadence.hub.background import Attempt, attempt, sync_lock
from cadence.hub.config import SyncConfig, sync_config
from cadence.hub.listen import Listener
from cadence.store import Store
from cadence.store.sync import state, waiting
from cadence.wording import plural

SYNC_SECONDS = 300.0
"""Every five minutes, besides after each write."""
T = TypeVar("T")


class Syncer:
    """The syncs of a long-running process: when one is due, and one run in its own store connection."""

    def __init__(self, home: Path, plan: Path | None, config: SyncConfig, env: Mapping[str, str] | None = None) -> None:
        self.home = home
        self.env = env
        self.plan = plan
        self.config = config
        self.last = -SYNC_SECONDS
        self.answering = True
        self.running = False
        self.notified = False
        """Another machine wrote (a notification from the hub): sync now."""
        self.listener: Listener | None = None
        self.wake: asyncio.Event | None = None
        """Set on the loop by a notification, so that `keep_synced` does not wait out its tick."""

    def notify(self, number: int, store: Store) -> None:
        """A notification: row `number` reached the hub (0: unknown); on the loop's thread."""
        try:
            if number and number <= state(store, self.config.key).pulled:
                return  # this home's own push, or one already pulled
        except sqlite3.Error:
            pass
        self.notified = True
        if self.wake is not None:
            self.wake.set()

    @classmethod
    def configured(cls, home: Path, env: Mapping[str, str], plan: Path | None) -> Syncer | None:
        """A Syncer when `[sync]` names a hub; a config with errors raises its CadenceError."""
        config = sync_config(env)
        return None if config is None else cls(home, plan, config, env)

    def due(self, store: Store, now: float | None = None) -> bool:
        """Every five minutes; sooner when events wait and the hub answered last time."""
        if self.running:
            return False
        if self.notified:
            return True
        now = time.monotonic() if now is None else now
        if now - self.last >= SYNC_SECONDS:
            return True
        return self.answering and waiting(store, self.config.key) > 0

    def run(self, opened: Store) -> Attempt:
        """One sync, blocking, for a thread of its own: through its own connection to the process's `opened` store."""
        store = opened.sibling()
        try:
            with sync_lock(self.home):
                return attempt(store, self.config, self.plan, env=self.env)
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
    syncer.wake = asyncio.Event()
    while True:
        try:
            due = syncer.due(store)
        except sqlite3.Error:
            due = False
        if due:
            syncer.running = True
            syncer.notified = False
            try:
                done = await in_thread(lambda: syncer.run(store))
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
        with suppress(TimeoutError):
            await asyncio.wait_for(syncer.wake.wait(), tick)
        syncer.wake.clear()


def start_syncing(
    home: Path,
    env: Mapping[str, str],
    plan: Path | None,
    store: Store,
    tell: Callable[[str], None],
    report: Callable[[str], None] | None = None,
) -> asyncio.Task[None] | None:
    """`keep_synced` as a task of the running loop, when `[sync]` names a hub; the caller cancels it.

    `tell` gets each trouble once; `report`, a line for each sync that moved events (the daemon's log).
    """
    try:
        syncer = Syncer.configured(home, env, plan)
    except CadenceError as error:
        tell(str(error))
        return None
    if syncer is None:
        return None

    def synced(done: Attempt) -> None:
        if report is not None and done.synced is not None and (done.synced.sent or done.synced.received):
            report(
                f"synced with {syncer.config.key}: sent {plural(done.synced.sent, 'event')},"
                f" received {plural(done.synced.received, 'event')}"
            )

    loop = asyncio.get_running_loop()
    task = loop.create_task(keep_synced(syncer, store, tell, synced), name="cadence-sync")
    listener = Listener(
        syncer.config,
        on_loop(loop, lambda number: syncer.notify(number, store)),
        on_loop(loop, tell),
        None if report is None else on_loop(loop, report),
    ).start()
    syncer.listener = listener

    def ended(task: asyncio.Task[None]) -> None:
        listener.stop()
        if not task.cancelled() and task.exception() is not None:  # a bug: said, not swallowed
            tell(f"sync: stopped: {task.exception()!r}")

    task.add_done_callback(ended)
    return task


def on_loop(loop: asyncio.AbstractEventLoop, call: Callable[[Any], object]) -> Callable[[Any], None]:
    """`call`, from the listener's thread, run on the app's or the daemon's loop; nothing once that loop has
    closed (the app ended while the thread was still waiting on the hub: there is no one left to tell)."""

    def handed(value: Any) -> None:
        with suppress(RuntimeError):  # the loop is closed
            loop.call_soon_threadsafe(call, value)

    return handed
