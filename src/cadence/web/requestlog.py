"""The request log: one line per request, and never a token in it."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("cadence.web")


class RequestLog:
    """One line per request, without tokens: no cookie, no query string, and a pairing code left out of the path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            path = str(scope.get("path", ""))
            if path.startswith("/pair/"):
                path = "/pair/…"
            client = scope.get("client") or ("?", 0)
            log.info(
                "%s %s %s %d %.1f ms",
                client[0],
                scope.get("method", ""),
                path[:200],
                status,
                (time.perf_counter() - started) * 1000,
            )
