"""The check-in page on the 10-year home: time per page against a bare route of the same stack, and idle memory.

A real `cadence serve` answers over the loopback; beside it, a Starlette app
with one `hello` route on uvicorn, the same stack with nothing of cadence. Each
is timed from the client (request sent to the last byte read), interleaved.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HELLO = """
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

async def hello(request):
    return PlainTextResponse("hello")

uvicorn.run(Starlette(routes=[Route("/hello", hello)]), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            http="h11", ws="none", lifespan="off")
"""
Report = Callable[[str, str, str, bool], bool]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def _request(port: int, method: str, path: str, cookie: str = "", body: str | None = None) -> tuple[float, int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Cookie": f"cadence_device={cookie}"} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    elapsed = time.perf_counter() - started
    cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
    connection.close()
    return elapsed, response.status, cookies[0].split(";")[0].split("=", 1)[1] if cookies else text


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(report: Report, folder: Path, plan: Path, env: dict[str, str], runs: int = 51) -> list[bool]:
    cadence = str(Path(sys.executable).parent / "cadence")
    port, hello_port = _port(), _port()
    served = subprocess.Popen(
        [cadence, "serve", "--pair", "--port", str(port), "--plan", str(plan)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    hello = subprocess.Popen([sys.executable, "-c", HELLO, str(hello_port)], stderr=subprocess.DEVNULL)
    try:
        assert served.stdout is not None
        link = next(line.strip() for line in served.stdout if "/pair/" in line)
        _wait(port)
        _wait(hello_port)
        code = urlsplit(link).path.rsplit("/", 1)[1]
        _, _, token = _request(port, "POST", "/pair", body=urlencode({"code": code, "name": "bench"}))
        _, _, page = _request(port, "GET", "/", token)
        csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        results = []
        for path in ("/", "/results", "/goals"):
            times, bare = [], []
            for _ in range(runs):
                elapsed, status, _ = _request(port, "GET", path, token)
                assert status == 200, (path, status)
                times.append(elapsed)
                bare.append(_request(hello_port, "GET", "/hello")[0])
            median, floor = statistics.median(times), statistics.median(bare)
            results.append(
                report(
                    f"the check-in page {path}, 10 years of history",
                    f"median {median * 1000:.1f} ms (a bare hello route of Starlette and uvicorn: {floor * 1000:.1f} ms)",
                    "<= 50 ms",
                    median <= 0.050,
                )
            )
        writes = []
        day = env["CADENCE_NOW"][:10]
        for number in range(21):  # a tap and the page it brings back: the write, then Today read anew
            form = urlencode({"csrf": csrf, "task": "task-1", "day": day, "change": "1" if number % 2 else "-1"})
            tap, status, _ = _request(port, "POST", "/step", token, form)
            assert status == 303, status
            again, _, _ = _request(port, "GET", "/", token)
            writes.append(tap + again)
        tapped = statistics.median(writes)
        results.append(
            report(
                "a tap on the check-in page (the write and Today again), 10 years of history",
                f"median {tapped * 1000:.1f} ms",
                "<= 100 ms",
                tapped <= 0.100,
            )
        )
        time.sleep(2)  # idle
        rss, hello_rss = _rss_mb(served.pid), _rss_mb(hello.pid)
        results.append(
            report(
                "cadence serve idle memory, 10 years of history",
                f"RSS {rss:.1f} MB (the bare hello app: {hello_rss:.1f} MB)",
                "<= 60 MB",
                rss <= 60,
            )
        )
        return results
    finally:
        for process in (served, hello):
            process.terminate()
            process.wait(timeout=10)
