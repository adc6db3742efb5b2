"""The names the page answers to: a request naming another host in its `Host` is refused, so that a web page
elsewhere cannot reach the page through a name of its own pointed at this machine (DNS rebinding).

The page answers to an IP address in `Host` (the loopback, a LAN or VPN address: a name an attacker owns is
never one), to `localhost`, and to the names it was given: `--host` or `[serve] host` when it is a name, and
the host of `--url` or `[serve] url` (a reverse proxy's name, which the proxy passes on). A phone that opens
the page by another name is told, in one line, to give that address as the URL.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from cadence.printable import one_line
from cadence.web.settings import Settings

log = logging.getLogger("cadence.web")


def is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def names(settings: Settings) -> frozenset[str]:
    """The names (not addresses) the page answers to, lower-case."""
    found = {"localhost"}
    if not is_address(settings.host):
        found.add(settings.host.lower())
    if settings.url:
        host = urlsplit(settings.url).hostname
        if host:
            found.add(host.lower())
    return frozenset(found)


def host_name(header: str) -> str:
    """The name or address of a `Host` header, without its port or an IPv6 address's brackets."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


class HostCheck:
    """Refuses, with 400 and one line, a request whose `Host` is neither an address nor a name given."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            name = host_name(Headers(scope=scope).get("host", ""))
            if not (is_address(name) or name in self.allowed):
                shown = one_line(name) or "no name"
                log.warning("refused a request for %s: not a name this page answers to", shown)
                words = (
                    f"This page answers at its address and at {', '.join(sorted(self.allowed))}, not at {shown}."
                    f" To open it as {shown}, give that address as the page's URL: [serve] url in config.toml,"
                    " or cadence serve --url.\n"
                )
                await PlainTextResponse(words, status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)
