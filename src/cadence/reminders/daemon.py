"""`cadence daemon`: reminders and desktop notifications in the foreground, until SIGTERM or SIGINT.

Logs to stderr and to `daemon.log` in the home folder. One daemon per home:
a second one exits 1 with one line. Never imports Textual.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from cadence.clock import Clock, plan_zone
from cadence.errors import UserError
from cadence.paths import PlanSource
from cadence.plan import load_plan
from cadence.reminders.lock import NotifyLock
from cadence.reminders.notify import DesktopNotifier, Notifier
from cadence.reminders.scheduler import Reminders
from cadence.store import Store

LOG_NAME = "daemon.log"


def _logging(home: Path) -> None:
    root = logging.getLogger("cadence")
    root.setLevel(logging.INFO)
    root.handlers.clear()
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
    try:  # appended to, never through a link
        descriptor = os.open(home / LOG_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as error:
        raise UserError(f"cannot use {home / LOG_NAME}: {error.strerror or error} (is it a symbolic link?)") from None
    log_file = os.fdopen(descriptor, "a", encoding="utf-8")
    for handler in (logging.StreamHandler(sys.stderr), logging.StreamHandler(log_file)):
        handler.setFormatter(formatter)
        root.addHandler(handler)


async def serve(source: PlanSource, home: Path, env: Mapping[str, str], notifier: Notifier) -> None:
    """Run until SIGTERM or SIGINT."""
    store = Store.open(home)
    assert store is not None
    loaded = load_plan(source.path, source.shown)
    clock = Clock.from_env(env, plan_zone(loaded.plan.timezone, env))
    reminders = Reminders(source, store, clock, notifier, env)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    log = logging.getLogger("cadence.daemon")
    await reminders.start()
    log.info("cadence daemon running for %s (home %s)", source.shown, home)
    from cadence.hub.live import start_syncing

    syncing = start_syncing(home, env, source.path, store, log.warning, log.info)
    try:
        await stop.wait()
    finally:
        log.info("cadence daemon stopping")
        if syncing is not None:
            syncing.cancel()
        await reminders.stop()
        store.close()


def run(source: PlanSource, home: Path, env: Mapping[str, str]) -> int:
    """The `cadence daemon` command; a CadenceError goes to the CLI's error handling."""
    load_plan(source.path, source.shown)  # a plan with errors stops here, before anything starts
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = NotifyLock(home)
    if not lock.acquire():
        raise UserError(f"another cadence daemon is running for {home} (pid {lock.holder()})")
    try:
        _logging(home)
        asyncio.run(serve(source, home, env, DesktopNotifier()))
    finally:
        lock.release()
    return 0
