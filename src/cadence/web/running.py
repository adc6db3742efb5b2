"""Running the page: `cadence serve` in the foreground, or beside the reminders in the daemon.

Light to import: the web stack is loaded only once the page is really served,
so a daemon without `[serve] enabled = true` never loads it.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import signal
import sys
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cadence.clock import Clock, plan_zone
from cadence.config import PlanSource
from cadence.errors import UserError
from cadence.logs import formatter
from cadence.plan import load_plan
from cadence.store import Store, devices
from cadence.web import limits
from cadence.web.settings import Settings, missing_stack
from cadence.web.site import Site
from cadence.web.tokens import hashed, new_secret

if TYPE_CHECKING:
    from cadence.web.server import Serving

LOG_NAME = "serve.log"
log = logging.getLogger("cadence.web")


def pairing_link(store: Store, clock: Clock, settings: Settings) -> tuple[str, str]:
    """A new one-time pairing link, open for 10 minutes: the link, and the time it closes (HH:MM)."""
    code = new_secret()
    now = clock.now()
    closes = now + timedelta(minutes=limits.PAIRING_MINUTES)
    devices.add_pairing(store, hashed(code), closes, now)
    return f"{settings.base}/pair/{code}", f"{closes.astimezone():%H:%M}"


def show_pairing(link: str, closes: str, out: TextIO) -> None:
    """The link and its QR code, drawn in the terminal with half blocks."""
    import segno

    out.write(f"Open this link on the phone (or scan the code) before {closes}; it pairs one device, once:\n")
    out.write(f"  {link}\n")
    segno.make(link, error="l").terminal(out=out, compact=True, border=2)
    out.flush()


def _logging(home: Path) -> None:
    """The request log: stderr and serve.log in the home (never through a link), each line as
    `cadence.logs` writes it (a path asked for with a line break or an ESC in it is one printable line)."""
    logger = logging.getLogger("cadence")
    logger.setLevel(logging.INFO)
    logger.handlers.clear()
    lines = formatter()
    try:
        descriptor = os.open(home / LOG_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as error:
        hint = " (it is a symbolic link)" if error.errno == errno.ELOOP else ""
        raise UserError(f"cannot use {home / LOG_NAME}: {error.strerror or error}{hint}") from None
    for handler in (
        logging.StreamHandler(sys.stderr),
        logging.StreamHandler(os.fdopen(descriptor, "a", encoding="utf-8")),
    ):
        handler.setFormatter(lines)
        logger.addHandler(handler)


async def start(site: Site, settings: Settings) -> Serving:
    from cadence.web.hosts import names
    from cadence.web.server import Serving, listen

    serving = Serving(site, listen(settings.host, settings.port), names(settings))
    await serving.started()
    return serving


def answers(link: str) -> bool:
    """Whether a server already answers this pairing link (the daemon's, serving this home)."""
    from urllib.error import URLError
    from urllib.request import urlopen

    try:
        with urlopen(link, timeout=3) as response:  # a GET shows the form and uses nothing
            return bool(response.status == 200)
    except (URLError, OSError, ValueError):
        return False


def serve(source: PlanSource, home: Path, env: Mapping[str, str], settings: Settings, pair: bool) -> int:
    """`cadence serve`: the page in the foreground until SIGINT or SIGTERM."""
    missing = missing_stack()
    if missing:
        raise UserError(missing)
    loaded = load_plan(source.path, source.shown)  # a plan with errors stops here
    clock = Clock.from_env(env, plan_zone(loaded.plan.timezone, env))
    store = Store.open(home, create=True)
    assert store is not None
    try:
        link = None
        if pair:
            link, closes = pairing_link(store, clock, settings)
            show_pairing(link, closes, sys.stdout)
        from cadence.web.server import listen

        try:
            sock = listen(settings.host, settings.port)
        except UserError:
            if link is not None and answers(link):
                print(f"cadence already serves this home at {settings.base} (the daemon?): the link works there.")
                return 0
            raise
        _logging(home)
        return asyncio.run(_serve(Site(source, store, clock, env), sock, settings, home, env))
    finally:
        store.close()


async def _serve(site: Site, sock: object, settings: Settings, home: Path, env: Mapping[str, str]) -> int:
    from cadence.hub.live import start_syncing
    from cadence.web.hosts import names
    from cadence.web.server import Serving

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    serving = Serving(site, sock, names(settings))  # type: ignore[arg-type]
    await serving.started()
    log.info("cadence serves %s at %s (ctrl+c stops)", site.source.shown, settings.base)
    syncing = start_syncing(home, env, site.source.path, site.store, log.warning, log.info)
    try:
        await stop.wait()
    finally:
        if syncing is not None:
            syncing.cancel()
        await serving.stop()
    log.info("cadence serve stopping")
    return 0


async def in_daemon(
    source: PlanSource, store: Store, clock: Clock, env: Mapping[str, str], settings: Settings
) -> Serving | None:
    """The page beside the reminders, when `[serve] enabled = true`; a trouble is logged once and the daemon goes on."""
    if not settings.enabled:
        return None
    missing = missing_stack()
    if missing:
        log.error("serve: %s", missing)
        return None
    site = Site(source, store.sibling(), clock, env)
    try:
        serving = await start(site, settings)
    except UserError as error:
        site.store.close()
        log.error("serve: %s", error)
        return None
    log.info("serving the check-in page at %s", settings.base)
    return serving


async def stop_in_daemon(serving: Serving) -> None:
    await serving.stop()
    serving.site.store.close()
