"""Fixtures that keep the developer's machine out of every test."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import NamedTuple

import pytest
import textual._wait
from hypothesis import settings

from cadence.cli import main
from cadence.store import Store
from helpers import FIXED_NOW, Cli, PlanWriter, Result, StoreOpener, begin_run
from notification_server import NotificationServer, PrivateBus, serve
from phone_page import PLAN
from postgres import Hub, Server, started
from programs import program
from terminal import Terminal
from web import Client, Served, serving

TESTS = Path(__file__).parent
SYSTEM = TESTS / "system"
_IN_TESTS = f"{TESTS}{os.sep}"

# No per-example deadline: a busy machine must not fail a property. In CI the
# examples are derandomized, so a landing never depends on a random draw.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# After each key it presses, Textual's pilot waits twice until the app is idle: it
# sleeps a step and compares the process's CPU time with the wall time, 20 ms a
# step. cadence's app handles a key in one go (no worker, no timer), so a 5 ms step
# with the same bound (under 5 % of the step on the CPU) sees the same idle app, and
# a key costs at least 10 ms of waiting instead of 40.
textual._wait.SLEEP_GRANULARITY = 0.005
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/system is marked `system`: it needs a program of the machine."""
    for item in items:
        if SYSTEM in item.path.parents:
            item.add_marker(pytest.mark.system)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """No test reads the real config, plan, data folder, clock or terminal size, nor reaches the developer's
    tmux servers (a reminder with no desktop goes to every tmux client of the user): tmux keeps its sockets
    in a folder of the test's own, short because a socket's path has room for about 100 bytes."""
    for name in list(os.environ):
        if name.startswith(("CADENCE_", "XDG_", "TMUX")):
            monkeypatch.delenv(name)
    sockets = tempfile.mkdtemp(prefix="cadence-tmux-")
    env = {
        "HOME": str(tmp_path / "userhome"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "CADENCE_HOME": str(tmp_path / "home"),
        "CADENCE_NOW": FIXED_NOW,
        "TZ": "Europe/London",
        # as a terminal 100 columns wide: `plan show` fits its grid to the terminal
        "COLUMNS": "100",
        "LINES": "24",
        "TMUX_TMPDIR": sockets,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    yield env
    shutil.rmtree(sockets, ignore_errors=True)


class Opened(NamedTuple):
    store: Store
    where: str
    """The test code that opened it, innermost call last."""


def _opened_where() -> str:
    """The calls in test files on the stack, outermost first: read off the frames, as a store opens often."""
    frames = []
    frame: FrameType | None = sys._getframe(2)  # not this function, nor the wrapped __init__
    while frame is not None:
        if frame.f_code.co_filename.startswith(_IN_TESTS):
            frames.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} in {frame.f_code.co_name}")
        frame = frame.f_back
    return " -> ".join(reversed(frames)) or "outside the tests"


@pytest.fixture(autouse=True)
def stores_are_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every Store opened during a test is closed by its end; one left open fails the test.

    The CLI's `main()` closes what it opens; a store a test opens, or hands to
    `make_app` or `Reminders`, is the test's to close.
    """
    opened: list[Opened] = []
    init = Store.__init__

    def record(store: Store, connection: sqlite3.Connection, path: Path) -> None:
        init(store, connection, path)
        opened.append(Opened(store, _opened_where()))

    monkeypatch.setattr(Store, "__init__", record)
    yield
    leaks = [found for found in opened if not found.store.closed]
    for found in leaks:
        found.store.close()
    if leaks:
        pytest.fail(
            f"{len(leaks)} store(s) left open:\n"
            + "\n".join(f"  {found.store.path}, opened at {found.where}" for found in leaks),
            pytrace=False,
        )


@pytest.fixture
def open_store() -> Iterator[StoreOpener]:
    """Open (or create) the store in a home folder; closed after the test."""
    opened: list[Store] = []

    def open_(home: Path) -> Store:
        store = Store.open(home)
        assert store is not None
        opened.append(store)
        return store

    yield open_
    for store in opened:
        if not store.closed:
            store.close()


@pytest.fixture
def store(open_store: StoreOpener, tmp_path: Path) -> Store:
    """The store in the test's home folder, closed after the test."""
    return open_store(tmp_path / "home")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `cadence ARGS` in this process, with the isolated environment."""

    def run(*args: str, **env: str) -> Result:
        try:
            code = main(list(args), {**os.environ, **env})
        except SystemExit as exit:
            code = int(exit.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def write_plan(tmp_path: Path) -> PlanWriter:
    def write(text: str, name: str = "plan.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    """A tmux server on a private socket, killed after the test."""
    program("tmux")
    found = Terminal(f"cadence-test-{os.getpid()}-{time.monotonic_ns()}")
    yield found
    found.tmux("kill-server")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """A PostgreSQL server for the whole run, on a Unix socket in a temporary folder; stopped at the end."""
    program("initdb")
    server = started()
    assert server is not None
    try:
        yield server
    finally:
        server.stop()
        server.remove()


_hubs = iter(range(1, 1_000_000))


@pytest.fixture
def hub(pg_server: Server) -> Iterator[Hub]:
    """A hub of its own for one test: a new database, set up by cadence as its owner would."""
    found = Hub(pg_server, f"hub_{os.getpid()}_{next(_hubs)}")
    found.create()
    try:
        yield found
    finally:
        found.remove()


# --------------------------------------------------------------------------- a desktop: a private session bus


@pytest.fixture
def bus_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="cadence-bus-"))  # short: a socket path has ~100 bytes
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
async def desktop(bus_folder: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[NotificationServer]:
    """A private dbus-daemon with a recording notification server, as the session bus."""
    bus = PrivateBus(bus_folder)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    server = NotificationServer()
    connection = await serve(bus.address, server)
    yield server
    connection.disconnect()
    bus.stop()


# --------------------------------------------------------------------------- the screens on a lived plan


@pytest.fixture
def life(open_store: StoreOpener, tmp_path: Path) -> Callable[..., object]:
    """The app on the life-happens plan (tests/life.py's `build`) over the test's store, keywords passed on;
    the screens' tests name it `life: Factory`. Imported when used: the other layers never load the TUI."""
    from life import build

    def make(**kwargs: object) -> object:
        return build(tmp_path, open_store(tmp_path / "home"), **kwargs)  # type: ignore[arg-type]

    return make


# --------------------------------------------------------------------------- the phone page


@pytest.fixture
def plan_file(write_plan: PlanWriter) -> Path:
    return write_plan(PLAN)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def served(plan_file: Path, home: Path, isolated_env: dict[str, str], open_store: StoreOpener) -> Iterator[Served]:
    """The page over a home that has lived the plan since its first day."""
    store = open_store(home)
    begin_run(store, plan_file)
    store.close()
    with serving(plan_file, isolated_env) as found:
        yield found


@pytest.fixture
def phone(served: Served) -> Client:
    """A browser paired through the link `--pair` printed."""
    client = served.client()
    assert served.link is not None
    answer = client.pair(served.link)
    assert answer.status == 303 and answer.location == "/", answer
    return client
