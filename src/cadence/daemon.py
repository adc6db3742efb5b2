"""`cadence daemon`: reminders and desktop notifications in the foreground, until SIGTERM or SIGINT.

Logs to stderr and to `daemon.log` in the home folder. One daemon per home:
a second one exits 1 with one line. Never imports Textual.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from cadence.clock import Clock, plan_zone
from cadence.notify import DesktopNotifier, Notifier
from cadence.paths import PlanSource, config_dir
from cadence.planfile import PlanError, load_plan
from cadence.scheduler import NotifyLock, Reminders
from cadence.store import Store

LOG_NAME = "daemon.log"
UNIT_NAME = "cadence.service"


class DaemonError(Exception):
    """The daemon cannot run; one line for the person."""


def _logging(home: Path) -> None:
    root = logging.getLogger("cadence")
    root.setLevel(logging.INFO)
    root.handlers.clear()
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
    for handler in (logging.StreamHandler(sys.stderr), logging.FileHandler(home / LOG_NAME, encoding="utf-8")):
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
    try:
        await stop.wait()
    finally:
        log.info("cadence daemon stopping")
        await reminders.stop()
        store.close()


def run(source: PlanSource, home: Path, env: Mapping[str, str]) -> int:
    """The `cadence daemon` command; PlanError and DaemonError go to the CLI's error handling."""
    load_plan(source.path, source.shown)  # a plan with errors stops here, before anything starts
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = NotifyLock(home)
    if not lock.acquire():
        raise DaemonError(f"another cadence daemon is running for {home} (pid {lock.holder()})")
    try:
        _logging(home)
        asyncio.run(serve(source, home, env, DesktopNotifier()))
    except PlanError:
        raise
    finally:
        lock.release()
    return 0


def unit_path(env: Mapping[str, str]) -> Path:
    return config_dir(env).parent / "systemd" / "user" / UNIT_NAME


def unit_text(arguments: list[str]) -> str:
    command = " ".join(shlex.quote(part) for part in [sys.executable, "-m", "cadence", "daemon", *arguments])
    return (
        "[Unit]\n"
        "Description=cadence reminders and desktop notifications\n"
        "After=graphical-session.target\n"
        "PartOf=graphical-session.target\n"
        "\n"
        "[Service]\n"
        f"ExecStart={command}\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "\n"
        "[Install]\n"
        "WantedBy=graphical-session.target\n"
    )


def install(env: Mapping[str, str], arguments: list[str]) -> str:
    path = unit_path(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(unit_text(arguments), encoding="utf-8")
    return (
        f"Wrote {path}.\n"
        "Start it now and at every login with:\n"
        f"  systemctl --user daemon-reload && systemctl --user enable --now {UNIT_NAME}"
    )


def uninstall(env: Mapping[str, str]) -> str:
    path = unit_path(env)
    if not path.exists():
        raise DaemonError(f"no cadence unit to remove at {path}")
    path.unlink()
    return (
        f"Removed {path}.\n"
        f"If it was running: systemctl --user disable --now {UNIT_NAME} && systemctl --user daemon-reload"
    )
