"""The check-in page as a Starlette app: who may use it, what each address does, and what is refused.

- Nothing but the pairing page, the style and the script is served without a
  device token (the `cadence_device` cookie, HttpOnly, SameSite=Strict, Secure
  over HTTPS); the store knows a token only by its hash.
- Every form carries the device's CSRF token; a POST without it, with another,
  or with a body over `limits.MAX_BODY` writes nothing.
- Handlers are `async def` on the one event loop: the store's connection is
  used by one thread only, and a page takes milliseconds.
- A refusal of the write path shows on the page in the command line's words
  (400); anything unforeseen is logged here and answered with a plain 500 page,
  never a stack trace.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from cadence.errors import CadenceError, Forceable, UserError
from cadence.plan import PlanError
from cadence.store import devices
from cadence.web import actions, limits
from cadence.web.pages import Pages, static
from cadence.web.requestlog import RequestLog
from cadence.web.site import Site, day_page, item_page
from cadence.web.tokens import csrf_for, csrf_matches, hashed, new_secret

COOKIE = "cadence_device"
COOKIE_DAYS = 400
"""As long as browsers keep a cookie (Chrome caps it at 400 days); revoke with `cadence devices --revoke`."""
SEEN_EVERY = 3600.0
"""A device's last use is written at most once an hour: a page view is not a write to the store."""
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self';"
        " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
log = logging.getLogger("cadence.web")


class Refused(Exception):
    """A request turned away before anything was read or written: its status and its lines."""

    def __init__(self, status: int, title: str, *lines: str) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.lines = lines


class Visit:
    """One request of a paired device: its token, its name, and its CSRF token."""

    def __init__(self, token: str, name: str) -> None:
        self.token = token
        self.name = name
        self.csrf = csrf_for(token)


class Web:
    """The app's state: the site, the templates, the pairing limit, and what each device is to be told next."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.pages = Pages()
        self.limit = limits.FailureLimit()
        self.flash: dict[str, tuple[str, bool]] = {}
        self.seen: dict[str, float] = {}

    # ----------------------------------------------------------------- who is asking

    def visit(self, request: Request) -> Visit | None:
        token = request.cookies.get(COOKIE, "")
        if not token or len(token) > 128:
            return None
        device = devices.device_for(self.site.store, hashed(token))
        if device is None:
            return None
        now = time.monotonic()
        if now - self.seen.get(device.name, -SEEN_EVERY) >= SEEN_EVERY:
            self.seen[device.name] = now
            devices.seen(self.site.store, device.name, self.site.clock.now())
        return Visit(token, device.name)

    def client(self, request: Request) -> str:
        return request.client.host if request.client else "?"

    # ----------------------------------------------------------------- answers

    def page(self, name: str, visit: Visit | None, status: int = 200, **values: Any) -> HTMLResponse:
        said, refused = self.flash.pop(visit.token, ("", False)) if visit else ("", False)
        values.setdefault("said", "" if refused else said)
        values.setdefault("refused", said if refused else "")
        values.setdefault("problems", self.site.problems())
        values.setdefault("tab", "")
        html = self.pages.render(name, paired=visit is not None, csrf=visit.csrf if visit else "", **values)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def message(self, status: int, title: str, *lines: str, visit: Visit | None = None) -> HTMLResponse:
        return self.page("message.html", visit, status, title=title, lines=lines, problems=[])

    def unpaired(self, status: int = 401, *lines: str) -> HTMLResponse:
        said = lines or ("This device is not paired with cadence, or it was revoked.",)
        return self.page("pair.html", None, status, title="Pair this device", code="", lines=said, problems=[])

    # ----------------------------------------------------------------- forms

    async def form(self, request: Request, visit: Visit | None) -> dict[str, str]:
        """The urlencoded body, at most MAX_BODY bytes; with a visit, its CSRF token checked."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.MAX_BODY:
            raise Refused(413, "Too much", f"A form sends at most {limits.MAX_BODY // 1024} KB; nothing was written.")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limits.MAX_BODY:
                raise Refused(
                    413, "Too much", f"A form sends at most {limits.MAX_BODY // 1024} KB; nothing was written."
                )
        try:
            fields = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=limits.MAX_FIELDS))
        except (UnicodeDecodeError, ValueError):
            raise Refused(
                400, "Not a form", "The request was not a form this page sends; nothing was written."
            ) from None
        if visit is not None and not csrf_matches(visit.token, fields.get("csrf", "")):
            raise Refused(
                403, "Stale form", "The form was stale or not this page's: reload and try again. Nothing was written."
            )
        return fields

    def done(self, visit: Visit, fields: dict[str, str], said: str, refused: bool = False) -> Response:
        """After a write (or its refusal): back to the page it came from, which says what happened."""
        self.flash[visit.token] = (said, refused)
        back = fields.get("back", "/")
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            back = "/"
        return RedirectResponse(back, status_code=303, headers=HEADERS)


def build(site: Site) -> Starlette:
    """The app for one served home."""
    web = Web(site)

    def paired(
        handler: Callable[[Request, Visit], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            visit = web.visit(request)
            if visit is None:
                return web.unpaired()
            try:
                return await handler(request, visit)
            except Refused as refused:
                return web.message(refused.status, refused.title, *refused.lines, visit=visit)
            except PlanError as error:
                return web.message(503, "The plan has errors", *error.lines(), visit=visit)
            except UserError as error:  # a page asked for that is not there: an unknown task, a day outside the plan
                return web.message(400, "Not here", str(error), visit=visit)

        return guarded

    def writing(
        act: Callable[[dict[str, str]], str],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request, visit: Visit) -> Response:
            fields = await web.form(request, visit)
            try:
                said = act(fields)
            except PlanError:
                raise
            except CadenceError as error:  # the write path's refusal, in the command line's words
                log.info("refused for %s: %s", visit.name, error)
                said = (  # a page has no --force: the flag is named where it is given, on the command line
                    f"{error.refusal} (on the command line, --force is there to {error.force_does})"
                    if isinstance(error, Forceable)
                    else str(error)
                )
                return web.done(visit, fields, said, refused=True)
            log.info("%s: %s", visit.name, said)
            return web.done(visit, fields, said)

        return paired(handler)

    async def today(request: Request, visit: Visit) -> Response:
        shown = request.query_params.get("date")
        day = actions.day_of(shown) if shown else None
        if day is not None and not date(2000, 1, 1) <= day <= date(2200, 1, 1):
            day = None
        found = day_page(site, day)
        back = "/" if found.day == found.today else f"/?date={found.day.isoformat()}"
        return web.page("today.html", visit, title="Today", tab="today", page=found, back=back)

    async def item(request: Request, visit: Visit) -> Response:
        day = actions.day_of(request.path_params["day"])
        shown = item_page(site, request.path_params["task"], day)
        back = "/" if day == site.today() else f"/?date={day.isoformat()}"
        return web.page("item.html", visit, title=shown.title, tab="today", item=shown, back=back)

    async def results(request: Request, visit: Visit) -> Response:
        lived = site.lived()
        kinds = actions.metric_kinds(site, lived)
        return web.page(
            "results.html",
            visit,
            title="Results",
            tab="results",
            today=site.today(),
            first=lived.schedule.tracking,
            tasks=lived.schedule.plan.tasks,
            metrics=sorted(kinds.items()),
        )

    async def goals(request: Request, visit: Visit) -> Response:
        from cadence.web.goals import goal_views

        return web.page("goals.html", visit, title="Goals", tab="goals", goals=goal_views(site))

    def check(fields: dict[str, str]) -> str:
        day = actions.day_of(fields.get("day", ""))
        return actions.check(site, fields.get("task", ""), day, fields.get("amount", ""), fields.get("note", ""))

    def step(fields: dict[str, str]) -> str:
        change = {"1": 1.0, "-1": -1.0}.get(fields.get("change", ""))
        if change is None:
            raise UserError(f"a step is one more (1) or one less (-1), not '{fields.get('change', '')[:20]}'")
        return actions.step(site, fields.get("task", ""), actions.day_of(fields.get("day", "")), change)

    def skip(fields: dict[str, str]) -> str:
        day = actions.day_of(fields.get("day", ""))
        task = None if fields.get("all") == "1" else fields.get("task", "")  # the day form: everything due
        return actions.skip(site, task, day, fields.get("reason", ""))

    def log_results(fields: dict[str, str]) -> str:
        values = {key[2:]: value for key, value in fields.items() if key.startswith("m:")}
        forms = {key[2:]: value for key, value in fields.items() if key.startswith("f:")}
        return actions.log(site, values, forms, fields.get("task", ""), actions.day_of(fields.get("date", "")))

    def take_back(fields: dict[str, str]) -> str:
        return actions.take_back(site)

    async def pairing(request: Request) -> Response:
        client = web.client(request)
        now = site.clock.now()
        if web.limit.blocked(client, time.monotonic()):
            return web.unpaired(429, "Too many pairing attempts: wait a minute, then open the link again.")
        state = devices.pairing_state(site.store, hashed(request.path_params["code"]), now)
        if state != "open":
            web.limit.failed(client, time.monotonic())
            return web.unpaired(410 if state in ("used", "expired") else 404, PAIRING_WORDS[state])
        plan = site.plan().plan.name
        return web.page(
            "pair.html", None, title="Pair this device", code=request.path_params["code"], plan=plan, lines=[]
        )

    async def pair(request: Request) -> Response:
        client = web.client(request)
        if web.limit.blocked(client, time.monotonic()):
            return web.unpaired(429, "Too many pairing attempts: wait a minute, then open the link again.")
        try:
            fields = await web.form(request, None)
        except Refused as refused:
            return web.message(refused.status, refused.title, *refused.lines)
        code = fields.get("code", "")
        token = new_secret()
        name = devices.pair(
            site.store, hashed(code), hashed(token), device_name(fields.get("name", "")), site.clock.now()
        )
        if name is None:
            web.limit.failed(client, time.monotonic())
            state = devices.pairing_state(site.store, hashed(code), site.clock.now())
            return web.unpaired(410 if state in ("used", "expired") else 404, PAIRING_WORDS[state])
        log.info("paired a device: %s", name)
        web.flash[token] = (
            f"Paired as '{name}'. This device stays paired until 'cadence devices --revoke {name}'.",
            False,
        )
        response = RedirectResponse("/", status_code=303, headers=HEADERS)
        response.set_cookie(
            COOKIE,
            token,
            max_age=COOKIE_DAYS * 86400,
            path="/",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    async def style(request: Request) -> Response:
        return Response(CSS, media_type="text/css", headers={**HEADERS, "Cache-Control": "max-age=3600"})

    async def script(request: Request) -> Response:
        return Response(JS, media_type="text/javascript", headers={**HEADERS, "Cache-Control": "max-age=3600"})

    async def not_found(request: Request, error: Exception) -> Response:
        visit = web.visit(request)
        if visit is None:
            return web.unpaired()
        status = getattr(error, "status_code", 404)
        if status == 405:
            return web.message(405, "Not here", "This address takes no such request.", visit=visit)
        return web.message(404, "Not here", "There is no page at this address.", visit=visit)

    async def failed(request: Request, error: Exception) -> Response:
        if isinstance(error, sqlite3.Error):
            from cadence.store.faults import explain

            line = str(explain(error, site.store.path))
        elif isinstance(error, CadenceError):
            line = str(error)
        else:
            log.exception("a request failed: %s %s", request.method, request.url.path)
            line = "Something went wrong on the server; its log says what. Nothing was written."
        return HTMLResponse(
            Pages().render(
                "message.html",
                paired=False,
                csrf="",
                title="Cannot answer",
                lines=[line],
                problems=[],
                said="",
                refused="",
                tab="",
            ),
            status_code=500,
            headers=HEADERS,
        )

    CSS, JS = static("cadence.css"), static("cadence.js")
    routes = [
        Route("/", paired(today)),
        Route("/item/{task}/{day}", paired(item)),
        Route("/results", paired(results)),
        Route("/goals", paired(goals)),
        Route("/check", writing(check), methods=["POST"]),
        Route("/step", writing(step), methods=["POST"]),
        Route("/skip", writing(skip), methods=["POST"]),
        Route("/log", writing(log_results), methods=["POST"]),
        Route("/undo", writing(take_back), methods=["POST"]),
        Route("/pair/{code}", pairing),
        Route("/pair", pair, methods=["POST"]),
        Route("/static/cadence.css", style),
        Route("/static/cadence.js", script),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, Exception: failed})
    return app


PAIRING_WORDS = {
    "used": "This pairing link was used already: each link pairs one device, once.",
    "expired": f"This pairing link has expired: a link is open for {limits.PAIRING_MINUTES} minutes.",
    "unknown": "This is not a pairing link cadence made.",
    "open": "",
}


def device_name(typed: str) -> str:
    """A name for `cadence devices`: lower-case letters, digits, '-' and '_', 32 at most; "phone" when none."""
    name = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in typed.strip().lower())
    name = name.strip("-_")[:32] or "phone"
    return name if devices.NAME.match(name) else "phone"


def wrapped(site: Site, allowed: frozenset[str]) -> ASGIApp:
    """The page as served: each request logged, and one naming a host the page does not answer to refused."""
    from cadence.web.hosts import HostCheck

    return RequestLog(HostCheck(build(site), allowed))
