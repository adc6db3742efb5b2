"""`cadence daemon`: reminders in the foreground, until SIGTERM or SIGINT.

Each reminder goes where `[reminders] via` says (`reminders.delivery`): the
desktop, tmux, or the log.

Logs to stderr and to `daemon.log` in the home folder. One daemon per home:
a second one exits 1 with one line. Never imports Textual.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from cadence.clock import Clock, plan_zone
from cadence.config import PlanSource
from cadence.errors import UserError
from cadence.logs import formatter
from cadence.plan import load_plan
from cadence.reminders.delivery import courier
from cadence.reminders.lock import NotifyLock
from cadence.reminders.notify import Notifier
from cadence.reminders.scheduler import Reminders
from cadence.store import Store

LOG_NAME = "daemon.log"


def _logging(home: Path) -> None:
    root = logging.getLogger("cadence")
    root.setLevel(logging.INFO)
    root.handlers.clear()
    lines = formatter()
    try:  # appended to, never through a link
        descriptor = os.open(home / LOG_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as error:
        hint = " (it is a symbolic link)" if error.errno == errno.ELOOP else ""
        raise UserError(f"cannot use {home / LOG_NAME}: {error.strerror or error}{hint}") from None
    log_file = os.fdopen(descriptor, "a", encoding="utf-8")
    for handler in (logging.StreamHandler(sys.stderr), logging.StreamHandler(log_file)):
        handler.setFormatter(lines)
        root.addHandler(handler)


async def serve(source: PlanSource, home: Path, env: Mapping[str, str], notifier: Notifier, clock: Clock) -> None:
    """Run until SIGTERM or SIGINT. A store that fails at start ends it with its one line."""
    store = Store.open(home)
    assert store is not None
    try:
        reminders = Reminders(source, store, clock, notifier, env)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        log = logging.getLogger("cadence.daemon")
        from cadence.hub.live import start_syncing
        from cadence.web import running
        from cadence.web.settings import settings

        syncing = page = None
        try:
            await reminders.start()
            log.info("cadence daemon running for %s (home %s)", source.shown, home)
            syncing = start_syncing(home, env, source.path, store, log.warning, log.info)
            page = await running.in_daemon(source, store, clock, env, settings(env))  # with [serve] enabled = true
            await stop.wait()
            log.info("cadence daemon stopping")
        finally:
            if syncing is not None:
                syncing.cancel()
            if page is not None:
                await running.stop_in_daemon(page)
            await reminders.stop()
    finally:
        store.close()


def run(source: PlanSource, home: Path, env: Mapping[str, str]) -> int:
    """The `cadence daemon` command; a CadenceError goes to the CLI's error handling."""
    loaded = load_plan(source.path, source.shown)  # a plan with errors stops here, before anything starts
    clock = Clock.from_env(env, plan_zone(loaded.plan.timezone, env))  # and so does a CADENCE_NOW that is not a time
    notifier = courier(env)  # and a config.toml whose [reminders] is wrong
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = NotifyLock(home)
    if not lock.acquire():
        raise UserError(f"another cadence daemon is running for {home} (pid {lock.holder()})")
    try:
        _logging(home)
        asyncio.run(serve(source, home, env, notifier, clock))
    finally:
        lock.release()
    return 0
