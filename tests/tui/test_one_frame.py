"""One frame per key: a key draws again only what it changed, the first frame imports only what it shows, and
the settled past is folded once in the store, not at each start."""

from __future__ import annotations

import gc
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from cadence.core.streaks import overall_streak
from cadence.store import NewEvent, copies
from cadence.tui import app as app_module
from cadence.tui.widgets.header import TodayHeader
from cadence.tui.widgets.items import ItemList
from helpers import StoreOpener
from morning import AppFactory, morning_app, row_texts, until


@pytest.fixture
def app_for(open_store: StoreOpener, tmp_path: Path) -> AppFactory:
    return morning_app(open_store, tmp_path)


async def test_a_check_in_draws_again_only_the_row_it_changed(app_for: AppFactory) -> None:
    app = app_for()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        items = app.screen.query_one(ItemList)
        before = dict(items.strips)
        assert sorted(before) == [0, 1, 2, 3]  # the headings, then the comment, the post and Tuesday's make-up
        await pilot.press("space")
        await pilot.pause()
        assert row_texts(app)[0][3:] == ["3", "✓ done"]
        after = items.strips
        assert after[1] is not before[1]
        assert [after[line] is before[line] for line in (0, 2, 3)] == [True, True, True]


async def test_moving_the_cursor_draws_again_only_the_two_rows_it_leaves_and_reaches(app_for: AppFactory) -> None:
    app = app_for()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        items = app.screen.query_one(ItemList)
        before = dict(items.strips)
        await pilot.press("down")
        await pilot.pause()
        after = items.strips
        assert [after[line] is before[line] for line in (0, 1, 2, 3)] == [True, False, False, True]
        assert items.highlighted() is items.rows_shown[1]


def test_the_first_frame_imports_no_write_path_reminders_or_hub() -> None:
    """What `cadence` imports before its first frame: the write path, APScheduler, the notifier, D-Bus and
    the hub come after it (the write path and APScheduler in a thread, the rest when the reminders and the
    sync start); the plan's checker only when the plan kept in the home is not the file's."""
    later = (
        "cadence.record.writes",
        "cadence.record.happened",
        "cadence.reminders.delivery",
        "cadence.reminders.scheduler",
        "cadence.hub.live",
        "cadence.plan.reading",
        "cadence.plan.checker",
        "tomllib",
        "apscheduler",
        "dbus_fast",
    )
    code = (
        "import sys\n"
        "import cadence.cli, cadence.cli.session, cadence.cli.tui, cadence.tui.app\n"
        f"print(' '.join(name for name in {later!r} if name in sys.modules))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert found == []


async def test_the_streak_of_the_settled_past_is_read_from_the_fold_the_store_keeps(app_for: AppFactory) -> None:
    """The header's streak, at the first open (the store folds the settled past and keeps it) and at the next
    (read back), is the streak walked over the whole log; a check-in today adds to it."""
    app = app_for()
    done = []
    for offset in range(9):  # Mon 23 Nov to Tue 1 Dec, all done (Sunday is a rest day, Saturday has nothing due)
        day = date(2026, 11, 23) + timedelta(days=offset)
        if day.weekday() < 5:
            done.append(NewEvent("checkin", "comment", day, amount=3, run=app.state.run))
        if day.weekday() == 2:
            done.append(NewEvent("checkin", "post", day, amount=1, run=app.state.run))
    app.state.store.append(done)
    state = app.state
    assert state.schedule is not None
    whole = state.store.ledger(state.schedule.start, state.today(), state.run)
    assert overall_streak(state.schedule, whole, state.today()).current == 7
    for opened in range(2):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert str(app.screen.query_one(TodayHeader).render()).splitlines()[1].startswith("streak 7 days")
            if opened:
                await pilot.press("space", "down", "space")
                await pilot.pause()
                assert str(app.screen.query_one(TodayHeader).render()).splitlines()[1].startswith("streak 8 days")
        if not opened:
            assert state.store.connection.execute("SELECT count(*) FROM folds").fetchone()[0] == 1
            app = app_for()


def test_the_app_and_its_screens_are_each_one_textual_class_over_plain_parts() -> None:
    """Each Textual class walks every attribute of its bases when it is made: the app's parts and the screens'
    base are plain classes, and the app still has the modes' keys and the parts' handlers."""
    from textual.app import App
    from textual.screen import Screen

    from cadence.tui.modes import ModesApp
    from cadence.tui.screens.today import TodayScreen
    from cadence.tui.toasts import ToastingApp

    made_by_textual = [cls.__name__ for cls in app_module.CadenceApp.__mro__ if issubclass(cls, App)]
    assert made_by_textual == ["CadenceApp", "App"]
    assert [cls.__name__ for cls in TodayScreen.__mro__ if issubclass(cls, Screen)] == ["TodayScreen", "Screen"]
    merged = app_module.CadenceApp._merged_bindings
    assert merged is not None
    keys = {key: binding.action for key, [binding, *_] in merged.key_to_bindings.items()}
    assert {key: keys[key] for key in ("t", "p", "v", "question_mark", "q")} == {
        "t": "show('today')",
        "p": "show('plan')",
        "v": "show('review')",
        "question_mark": "keys",
        "q": "quit",
    }
    assert "_on_notify" in vars(ToastingApp) and "watch_theme" in vars(ModesApp)


def printed_by_cadence(tmp_path: Path, run: str, after: str, *args: str) -> list[str]:
    """The words `cadence ARGS` prints in a process of its own, where the statement `run` stands in for the
    app's run and the expression `after` is printed once the command is over."""
    code = (
        "import gc, sys\n"
        "import cadence.tui.app as app\n"
        f"{run}\n"
        "from cadence.cli import main\n"
        "main(sys.argv[1:])\n"
        f"print({after})\n"
    )
    env = {"CADENCE_HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path), "CADENCE_NOW": "2026-12-02T09:00"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env).stdout.split()


def test_cadence_opens_the_tui_with_collection_off(tmp_path: Path) -> None:
    """`cadence` turns garbage collection off before it imports Textual (the app turns it on after the first
    frame); any other command leaves it on."""
    run = "app.run_app = lambda *args, **kwargs: (print(gc.isenabled()), (0, []))[1]"
    assert printed_by_cadence(tmp_path, run, "gc.isenabled()") == ["False", "False"]
    assert printed_by_cadence(tmp_path, run, "gc.isenabled()", "status")[-1] == "True"


def test_cadence_runs_the_app_with_a_short_switch_interval(tmp_path: Path) -> None:
    """While `cadence` runs the app, a thread waiting for Python's lock (Textual's output thread, with a frame
    to write) gets it after half a millisecond, not five; the interval is Python's own again after it."""
    run = "app.CadenceApp.run = lambda self, *args, **kwargs: print(sys.getswitchinterval())"
    assert printed_by_cadence(tmp_path, run, "sys.getswitchinterval()") == ["0.0005", "0.005"]


async def test_the_first_frame_turns_collection_on_and_freezes_what_start_up_built(app_for: AppFactory) -> None:
    gc.disable()
    try:
        app = app_for()
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):  # until the first frame's after-refresh callbacks ran (at most two seconds)
                if gc.isenabled():
                    break
                await pilot.pause(0.02)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


async def test_what_waits_for_the_first_frame_runs_once_today_is_drawn(
    app_for: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Garbage collection resumes and the write path is warmed (both hold Python's lock) once Today's rows are
    drawn, and once only."""
    app = app_for()
    seen: list[object] = []

    def rows() -> list[str]:
        return [" ".join(cells) for cells in row_texts(app)]

    monkeypatch.setattr(app_module, "collect_from_now", lambda: seen.append(("collect", rows())))
    monkeypatch.setattr(app, "_warm", lambda: seen.append(("warm", rows())))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: len(seen) == 2)
        await pilot.press("p")  # another screen shown: nothing runs again
        await pilot.pause()
    shown = [
        "08:30 Comments 3 comments - ○ open",
        "12:00 Post 1 post - ○ open",
        "↺ Tue Comments make up 3 comments - ○ open",
    ]
    assert seen == [("collect", shown), ("warm", shown)]


async def test_a_start_after_the_day_s_copy_starts_no_copy(app_for: AppFactory, tmp_path: Path) -> None:
    """Every start after the day's first finds today's copy made: no thread, no lock for a key to wait on, and
    the day's first check-in there makes none."""
    home = tmp_path / "home"
    made = copies.today_s(home)
    made.parent.mkdir(parents=True)
    made.write_bytes(b"")
    app = app_for()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert app.state.store.copying is None
        assert row_texts(app)[0][3:] == ["3", "✓ done"]
    assert sorted(path.name for path in made.parent.iterdir()) == [made.name]


async def test_the_day_s_copy_is_made_as_the_plan_opens_not_on_the_first_key(
    app_for: AppFactory, tmp_path: Path
) -> None:
    """The TUI makes today's copy of the store in a thread as the plan opens (SQLite copies while the first
    frame is drawn); the day's first check-in then finds it made (one copy, the store as it was before it)."""
    backups = tmp_path / "home" / "backups"
    app = app_for()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(250):  # until the copy is in place (at most five seconds)
            if list(backups.glob("cadence-*.db")):
                break
            await pilot.pause(0.02)
        copies = sorted(path.name for path in backups.glob("cadence-*.db"))
        assert len(copies) == 1
        await pilot.press("space")
        await pilot.pause()
        assert row_texts(app)[0][3:] == ["3", "✓ done"]
        assert sorted(path.name for path in backups.glob("cadence-*.db")) == copies
    copy = sqlite3.connect(backups / copies[0])
    try:
        kinds = [row[0] for row in copy.execute("SELECT kind FROM events ORDER BY id")]
    finally:
        copy.close()
    assert "checkin" not in kinds  # the check-in came after the copy


async def test_today_builds_a_line_only_when_it_has_something_to_say(app_for: AppFactory) -> None:
    """The plan's errors, the banner, the comeback line, the nudges and the amount typed: the first frame
    builds none it does not show; each is built the first time it says something, at its place, and hidden
    (not removed) when it has nothing more to say."""
    app = app_for()

    def lines() -> list[tuple[str | None, bool]]:
        return [(child.id, child.display) for child in app.screen.children]

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert lines()[:3] == [("header", True), ("items-scroll", True), ("said", False)]
        # Tuesday was missed: the comeback line and the nudge come in the frame after the first
        await until(pilot, lambda: ("comeback", True) in lines())
        assert [name for name, _ in lines()] == ["header", "comeback", "items-scroll", "nudge", "said", None]
        await pilot.press("5")
        await pilot.pause()
        assert [name for name, _ in lines()] == ["header", "comeback", "items-scroll", "nudge", "entry", "said", None]
        assert str(app.screen.query_one("#entry", Static).render()).startswith("amount: 5")
        await pilot.press("escape")
        await pilot.pause()
        assert ("entry", False) in lines()
        assert not app.screen.query("#rest") and not app.screen.query("#plan-errors")
