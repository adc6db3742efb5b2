"""uvicorn serving the page on the running event loop: for `cadence serve`, and inside the daemon.

The socket is bound here first, so a port in use is one line, not uvicorn's
exit; uvicorn's own signal handling is left out, so the process that runs it
(the daemon, or `cadence serve`) decides when it stops. uvicorn trusts
X-Forwarded-For and X-Forwarded-Proto from 127.0.0.1 only: a reverse proxy on
the same machine that says the request came over HTTPS makes the cookie Secure.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Iterator

import uvicorn

from cadence.errors import UserError
from cadence.web.app import wrapped
from cadence.web.site import Site


class _Server(uvicorn.Server):
    """uvicorn's server without its signal handlers: the process that runs it says when it stops."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or one line saying why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError, OverflowError) as error:
        raise UserError(f"cannot listen on {host}:{port}: {getattr(error, 'strerror', None) or error}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
    except OSError as error:
        sock.close()
        raise UserError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.setblocking(False)
    return sock


class Serving:
    """The page being served on this loop until `stop()`."""

    def __init__(self, site: Site, sock: socket.socket, allowed: frozenset[str]) -> None:
        logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
        config = uvicorn.Config(
            wrapped(site, allowed),
            http="h11",
            ws="none",
            lifespan="off",
            log_config=None,
            access_log=False,
            proxy_headers=True,
            forwarded_allow_ips="127.0.0.1",
            server_header=False,
            timeout_keep_alive=5,
            limit_concurrency=64,
        )
        self.site = site
        self.sock = sock
        self.server = _Server(config)
        self.task = asyncio.get_running_loop().create_task(self.server.serve(sockets=[sock]))

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    async def started(self) -> None:
        while not self.server.started and not self.task.done():
            await asyncio.sleep(0.01)
        if self.task.done():
            await self.task

    async def stop(self) -> None:
        self.server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        self.sock.close()
