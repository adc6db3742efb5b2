"""Syncing after a command's write, without the command waiting on the network.

A command that wrote starts `python -m cadence.hub.background` in its own
session and returns at once; that process syncs the home and records the
outcome in the store. The next command that writes tells, once, what the last
sync found (`sync: hub unreachable, N events waiting`). Syncs of one home take
turns (`sync.lock` in the home); one killed anywhere leaves nothing half-done
(`cadence.hub.sync`). The daemon and the TUI sync on their own (`cadence.hub.live`).

Light on purpose (a command that wrote imports it): psycopg, asyncio and
subprocess are imported only when used.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cadence.errors import CadenceError, UserError
from cadence.hub import Refused, Unreachable
from cadence.hub.config import SyncConfig, sync_config
from cadence.store import Store
from cadence.store.sync import mark_told, record_outcome, state, waiting
from cadence.wording import plural

if TYPE_CHECKING:
    import subprocess

    from cadence.hub.sync import Synced

LOCK_NAME = "sync.lock"
LOG_NAME = "sync.log"
"""Where a background sync's own failures go (it has no terminal)."""


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


def attempt(
    store: Store,
    config: SyncConfig,
    plan: Path | None,
    telling: bool = True,
    env: Mapping[str, str] | None = None,
) -> Attempt:
    """One sync, its outcome recorded in the store, and what to tell (a trouble, once).

    Not `telling` (a background sync, which has nobody to tell): the trouble waits for the next command.
    The member's rollup is counted on the clock of `env` (the process's environment when not given).
    """
    from cadence.hub import postgres
    from cadence.hub.sync import sync

    synced: Synced | None = None
    try:
        synced = sync(store, postgres.member(config), config.key, plan, summarizer(config.member, plan, env))
        outcome = "ok"
    except Unreachable:
        outcome = "unreachable"
    except Refused as error:
        outcome = f"refused: {error}"
    found = record_outcome(store, config.key, outcome)
    tell = None
    if telling and outcome != "ok" and not found.told:
        tell = say(outcome, waiting(store, config.key))
        mark_told(store, config.key)
    return Attempt(synced, outcome, tell)


def summarizer(member: str, plan: Path | None, env: Mapping[str, str] | None) -> Callable[[Store], str | None]:
    """How a sync counts the member's rollup: from the whole store, with the plan text this home sends; None when
    it cannot count them (no plan here, or another plan's run): the coach counts them from the events then."""

    def summarize(store: Store) -> str | None:
        from cadence.hub.rollup import counted, to_text
        from cadence.hub.sync import plan_text

        found = plan_text(plan)
        plans = {} if found is None else {found[0]: found[1]}
        summary = counted(member, store, plans, os.environ if env is None else env)
        return None if summary.summary.problem is not None else to_text(summary)

    return summarize


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
    found = state(store, config.key)
    if found.outcome != "ok" and not found.told:
        print(say(found.outcome, waiting(store, config.key)), file=sys.stderr)
        mark_told(store, config.key)
    spawn(home, env, plan)


def spawn(home: Path, env: Mapping[str, str], plan: Path | None) -> subprocess.Popen[bytes] | None:
    """A sync of the home in a process of its own, not waited for."""
    import subprocess

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


if __name__ == "__main__":
    sys.exit(main())
