"""The TUI when the store fails under it: a change it cannot make is said in place and the app goes on; a store
it cannot go on with ends it with the CLI's one line and exit code 1; another process's lock is waited for."""

from __future__ import annotations

import json
import os
import random
import shlex
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_store_faults import FULL

import cadence.store.log
import cadence.tui.writing
from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.store import NewEvent, Store
from cadence.store.copies import kept
from cadence.tui.app import CadenceApp, make_app
from cadence.tui.screens.today import TodayScreen
from helpers import Cli, StoreOpener, begin_run
from plans import plan, plan_table, task
from small_disk import FILL, SmallDisk, Step, command
from stores import MARKER, damage, hold_lock, release
from terminal import Terminal

LONDON = ZoneInfo("Europe/London")
PLAN = plan(
    plan_table("Faults", start=date(2026, 11, 30), weeks=2),
    task("comment", "Comments", target=3, unit="comments"),
)


@pytest.fixture
def app(open_store: StoreOpener, tmp_path: Path) -> Iterator[CadenceApp]:
    """The app on a plan in use since its first day, at 09:30 on Wednesday 2 December."""
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    store = open_store(tmp_path / "home")
    begin_run(store, path)
    yield make_app(
        PlanSource(path, "plan.toml"),
        store,
        Clock(datetime(2026, 12, 2, 9, 30, tzinfo=LONDON)),
        os.environ,
        None,
        False,
    )


def amounts(store: Store) -> list[float | None]:
    return [event.amount for event in store.events() if event.kind == "checkin"]


async def test_a_check_in_behind_another_processes_lock_is_refused_in_place_and_the_app_goes_on(
    app: CadenceApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cadence.tui.writing, "WRITE_WAIT_SECONDS", 0.3)
    db = tmp_path / "home" / "cadence.db"
    async with app.run_test() as pilot:
        await pilot.pause()
        holder = hold_lock(db)
        try:
            await pilot.press("space")
            await pilot.pause()
        finally:
            release(holder)
        [toast] = [n for n in [*app.said, *app.held] if n.severity == "error"]
        assert (toast.title, toast.message) == (
            "Not recorded: Comments done on Wed 02 Dec",
            f"another process has held the write lock of {db} for 0.3 s; nothing was written;"
            " try again when it finishes",
        )
        assert app.is_running and isinstance(app.screen, TodayScreen)
        assert amounts(app.state.store) == []
        await pilot.press("space")  # the lock released: the same key now records
        await pilot.pause()
        assert amounts(app.state.store) == [3.0]


async def test_digits_beyond_any_amount_are_refused_in_place_and_nothing_is_written(app: CadenceApp) -> None:
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"1000001", "enter")
        await pilot.pause()
        assert [n.message for n in [*app.said, *app.held]] == ["the amount must be at most 1,000,000, not 1000001"]
        assert amounts(app.state.store) == []
        assert app.is_running


def history(store: Store) -> None:
    """The run's oldest events on a page of their own, as `damage` finds it."""
    first = date(2026, 11, 30)
    store.append([NewEvent("checkin", "comment", first, amount=1, note=MARKER, run=1)])
    for _ in range(120):
        store.append([NewEvent("checkin", "comment", date(2026, 12, 1), amount=1, note="x" * 90, run=1)])


async def test_a_page_damaged_under_the_open_app_ends_it_with_the_line_naming_the_newest_backup(
    app: CadenceApp, tmp_path: Path, open_store: StoreOpener
) -> None:
    home = tmp_path / "home"
    history(app.state.store)
    [newest] = kept(home)
    async with app.run_test() as pilot:
        await pilot.pause()
        damage(home / "cadence.db", MARKER)
        open_store(home).append([NewEvent("checkin", "comment", date(2026, 12, 2), amount=1, run=1)])
        deadline = time.monotonic() + 10  # the app sees the other write within a quarter second and reads
        while app.is_running and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert not app.is_running
    assert app.return_code == 1
    assert app.failure == [
        f"cadence: error: {home / 'cadence.db'} is damaged and cannot be read (database disk image is malformed);"
        f" the newest backup is {newest}: 'cadence restore {newest}'"
    ]


def test_the_app_on_a_damaged_store_says_the_line_before_drawing_and_exits_1(
    cli: Cli, open_store: StoreOpener, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    store = open_store(home)
    begin_run(store, path)
    history(store)
    store.close()
    newest = kept(home)[-1]
    damage(home / "cadence.db", MARKER)
    result = cli("--plan", str(path))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"cadence: error: {home / 'cadence.db'} is damaged and cannot be read (database disk image is malformed);"
        f" the newest backup is {newest}: 'cadence restore {newest}'\n"
    )


def test_the_apps_first_use_behind_a_lock_says_it_waits_then_gives_up_in_one_line(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    assert cli("plan", "show", "--plan", str(path)).code == 0  # reads only: the plan is not begun
    assert cli("export", "--format", "json").code == 0  # the store is there, with no run
    monkeypatch.setattr(cadence.store.log, "BUSY_TIMEOUT_MS", 1500)
    db = tmp_path / "home" / "cadence.db"
    holder = hold_lock(db)
    try:
        result = cli("--plan", str(path))
    finally:
        release(holder)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"cadence: another process is writing to {db}; waiting up to 1.5 s for it\n"
        f"cadence: error: another process has held the write lock of {db} for 1.5 s; nothing was written;"
        " try again when it finishes\n"
    )


# --------------------------------------------------------------------------- in a real terminal


def settings(tmp_path: Path, **more: str) -> dict[str, str]:
    return {
        "CADENCE_NOW": "2026-12-02T09:30",
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",  # no desktop: toasts only
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        **more,
    }


def test_the_apps_first_use_waits_for_another_processes_lock_with_a_message_then_opens(
    terminal: Terminal, tmp_path: Path
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    home = tmp_path / "home"
    Store.open(home).close()  # type: ignore[union-attr]
    env = settings(tmp_path, CADENCE_HOME=str(home))
    cadence = shlex.quote(str(Path(sys.executable).parent / "cadence"))
    holder = hold_lock(home / "cadence.db")
    try:
        words = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        terminal.open(f"env {words} {cadence} --plan {shlex.quote(str(path))}", 80, 24)
        terminal.wait(lambda: "waiting up to 30 s for it" in terminal.screen(), "the message that it waits")
    finally:
        release(holder)
    terminal.wait(lambda: "today 0/1 done" in terminal.screen(), "the Today screen")
    terminal.tmux("send-keys", "-t", "app", "q")
    terminal.wait(lambda: not terminal.alive(), "cadence to quit")


def test_a_check_in_on_a_full_disk_is_refused_in_place_and_nothing_is_lost(
    terminal: Terminal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    disk = SmallDisk(tmp_path / "small")
    for name, value in settings(tmp_path, CADENCE_HOME=str(disk.home), CADENCE_PLAN=str(path)).items():
        monkeypatch.setenv(name, value)  # the tmux server, and the runner in its pane, start with them
    steps: list[Step | str] = [
        command("check", "comment", "1"),
        FILL,
        command(tty=True),
        command("export", "--format", "json"),
    ]
    terminal.open(shlex.join(disk.runner(steps)), 100, 30)
    terminal.wait(lambda: "Comments" in terminal.screen() and "q Quit" in terminal.screen(), "the Today screen")
    terminal.tmux("send-keys", "-t", "app", "space")

    def refused() -> bool:  # the whole frame: tmux may show one half drawn
        screen = " ".join(terminal.screen().split())  # the line of messages wraps where it must
        return all(
            words in screen
            for words in (
                "Not recorded: Comments done on Wed 02 Dec",
                " ".join(FULL[disk.kind].split()[:4]),  # the reason
                "Comments 3 comments 1 ◐ partial",  # what was there before, still there
            )
        )

    terminal.wait(refused, "the refusal in place")
    terminal.tmux("send-keys", "-t", "app", "v")  # the app goes on
    terminal.wait(lambda: "Review of Faults" in terminal.screen(), "the Review")
    terminal.tmux("send-keys", "-t", "app", "q")
    check, tui, export = disk.results(timeout=30)
    assert (check.code, tui.code, export.code) == (0, 0, 0), check.err + export.err
    events = [(e["kind"], e["amount"]) for e in json.loads(export.out)["events"] if e["kind"] != "start"]
    assert events == [("checkin", 1.0)]


def scramble(path: Path, *trees: str) -> list[int]:
    """Random bytes (the same on every run) over the pages of these b-trees (tables or indexes), as a failing
    disk leaves them; their page numbers."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = db.execute("PRAGMA page_size").fetchone()[0]
        marks = ",".join("?" * len(trees))
        pages = [row[0] for row in db.execute(f"SELECT pageno FROM dbstat WHERE name IN ({marks})", trees)]
    finally:
        db.close()
    data = bytearray(path.read_bytes())
    noise = random.Random(24)
    for number in pages:
        data[(number - 1) * size : number * size] = noise.randbytes(size)
    path.write_bytes(bytes(data))
    return pages


def test_the_app_on_a_store_with_scrambled_pages_ends_with_the_one_line_and_no_traceback(
    terminal: Terminal, open_store: StoreOpener, tmp_path: Path
) -> None:
    """Two index pages that only Today's first read meets (the skips over spans): the screen fails while the
    app is being mounted, and what that leaves (a MountError of the app's own widgets) is no second message."""
    home = tmp_path / "home"
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    store = open_store(home)
    begin_run(store, path)
    history(store)
    store.close()
    newest = kept(home)[-1]
    assert len(scramble(home / "cadence.db", "events_ranges", "sqlite_autoindex_sync_state_1")) == 2
    env = settings(tmp_path, CADENCE_HOME=str(home))
    words = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    cadence = shlex.quote(str(Path(sys.executable).parent / "cadence"))
    shell = f'env {words} {cadence} --plan {shlex.quote(str(path))}; echo "exit $?"; read line'
    terminal.open(f"sh -c {shlex.quote(shell)}", 100, 30)
    terminal.wait(lambda: "exit " in terminal.screen(), "cadence to end")
    everything = terminal.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "app").stdout
    assert [line.rstrip() for line in everything.splitlines() if line.strip()] == [
        f"cadence: error: {home / 'cadence.db'} is damaged and cannot be read (database disk image is malformed);"
        f" the newest backup is {newest}: 'cadence restore {newest}'",
        "exit 1",
    ]
