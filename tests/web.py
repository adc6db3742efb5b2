"""The phone's check-in page for tests: a real `cadence serve` on a loopback port, and a plain HTTP client.

The client follows no redirect and keeps one cookie, so a test sees every
status, header and cookie as a browser would get it.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

CADENCE = str(Path(sys.executable).parent / "cadence")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Answer(NamedTuple):
    status: int
    headers: Mapping[str, str]
    cookies: list[str]
    """Each Set-Cookie header as sent."""
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Client:
    """One browser: a cookie jar of one cookie, and the page's CSRF token once a page showed it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie: str | None = None
        self.csrf = ""

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: Mapping[str, str] | None = None
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        sent = dict(headers or {})
        if self.cookie is not None:
            sent.setdefault("Cookie", f"cadence_device={self.cookie}")
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            found = Answer(
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                [value for name, value in response.getheaders() if name.lower() == "set-cookie"],
                text,
            )
        finally:
            connection.close()
        if match := CSRF.search(found.text):
            self.csrf = match[1]
        return found

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(
        self, path: str, fields: Mapping[str, str], csrf: bool = True, headers: Mapping[str, str] | None = None
    ) -> Answer:
        if csrf and not self.csrf and self.cookie is not None:
            self.get("/")  # a form comes from a page: the page gives its CSRF token
        sent = {"csrf": self.csrf, **fields} if csrf else dict(fields)
        return self.request("POST", path, urlencode(sent).encode(), headers)

    def pair(self, link: str, name: str = "phone", headers: Mapping[str, str] | None = None) -> Answer:
        """Open a pairing link and send its form, keeping the cookie it sets."""
        path = urlsplit(link).path
        shown = self.get(path)
        assert shown.status == 200, shown.text
        code = path.rsplit("/", 1)[1]
        answer = self.post("/pair", {"code": code, "name": name}, csrf=False, headers=headers)
        for cookie in answer.cookies:
            if cookie.startswith("cadence_device="):
                self.cookie = cookie.split(";", 1)[0].split("=", 1)[1]
        return answer

    def page(self, path: str = "/") -> str:
        """A page that must answer 200 (which also picks up its CSRF token)."""
        found = self.get(path)
        assert found.status == 200, (found.status, found.text)
        return found.text

    def act(self, path: str, **fields: str) -> str:
        """A form sent from the page: it must come back to the page, which is returned."""
        found = self.post(path, {"back": "/", **fields})
        assert found.status == 303, (found.status, found.text)
        return self.page(found.location)


class Served(NamedTuple):
    process: subprocess.Popen[str]
    port: int
    link: str | None
    """The pairing link `--pair` printed."""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> Client:
        return Client(self.port)


def wait_for_port(port: int, process: subprocess.Popen[str] | None = None, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process is not None and process.poll() is not None:
            raise AssertionError(
                f"the server ended with {process.returncode}: {process.stderr.read() if process.stderr else ''}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing listens on port {port} after {timeout:g}s")
        time.sleep(0.05)


def read_link(process: subprocess.Popen[str], timeout: float = 30.0) -> str:
    """The pairing link from the first lines `cadence serve --pair` prints."""
    assert process.stdout is not None
    os.set_blocking(process.stdout.fileno(), True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if "/pair/" in line:
            return line.strip()
    raise AssertionError("no pairing link was printed")


@contextmanager
def serving(plan: Path, env: Mapping[str, str], pair: bool = True, *args: str) -> Iterator[Served]:
    """`cadence serve` on a free loopback port, stopped (SIGTERM) after the test."""
    port = free_port()
    argv = [CADENCE, "serve", "--plan", str(plan), "--port", str(port), *(["--pair"] if pair else []), *args]
    process = subprocess.Popen(
        argv, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        link = read_link(process) if pair else None
        wait_for_port(port, process)
        yield Served(process, port, link)
    finally:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
