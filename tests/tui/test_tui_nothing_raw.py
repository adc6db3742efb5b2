"""Nothing raw reaches the terminal through the TUI: a note, a reason, a plan's key or a toast with an OSC that
retitles the window, an ESC [2J that clears it, a BEL and a right-to-left override is drawn without them, on
every screen, its columns kept. Read from what the app would write: every widget's lines after its filters."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.store import NewEvent, Store
from cadence.store.runs import current_run
from cadence.tui.app import CadenceApp, make_app
from cadence.tui.screens.day import DayScreen
from cadence.tui.screens.errors import ErrorsScreen
from cadence.tui.screens.review import ReviewScreen
from helpers import StoreOpener, begin_run
from plans import plan, plan_table, task

HOSTILE = "hello\x1b]0;INJECTED\x1b\\world\x1b[2J\x07\u202eevil"
SHOWN = "hello]0;INJECTED\\world[2Jevil"
REASON = "sick\x1b]0;X\x07\u202eabc"
WEDNESDAY = date(2026, 12, 2)
PLAN = plan(
    plan_table("Escapes", start=date(2026, 11, 23), weeks=2),
    task("comment", "Comments", days="weekdays", unit="comments", target=3),
    task("post", "Post", days=["wed"]),
)


def open_app(tmp_path: Path, store: Store, text: str = PLAN) -> CadenceApp:
    """The app at 09:30 on Wednesday 2 December, with today's hostile note on Comments and reason on Post."""
    path = tmp_path / "plan.toml"
    path.write_text(text)
    begin_run(store, path)
    run = current_run(store, "Escapes")
    if run is not None:
        store.append([NewEvent("checkin", "comment", WEDNESDAY, amount=1.0, note=HOSTILE, run=run.number)])
        store.append([NewEvent("skip", "post", WEDNESDAY, WEDNESDAY, note=REASON, run=run.number)])
    now = datetime(2026, 12, 2, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    return make_app(PlanSource(path, "plan.toml"), store, Clock(now), os.environ, None, reminders=False)


def drawn(app: CadenceApp) -> list[str]:
    """The screen's lines as the terminal gets their text."""
    return ["".join(segment.text for segment in strip).rstrip() for strip in app.screen._compositor.render_strips()]


def sent(app: CadenceApp) -> str:
    """Everything the app would write to draw the whole screen, its own escapes (colours, moves) included."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def nothing_obeyed(app: CadenceApp) -> bool:
    """No retitling, no clearing, no bell, no override in what reaches the terminal."""
    written = sent(app)
    return not any(sequence in written for sequence in ("\x1b]0;", "\x1b[2J", "\x07", "\u202e"))


async def test_the_review_draws_a_hostile_note_without_its_escapes(open_store: StoreOpener, tmp_path: Path) -> None:
    app = open_app(tmp_path, open_store(tmp_path / "home"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        lines = drawn(app)
        assert lines[lines.index(" Notes") + 1] == f" Wed 02 Dec  Comments: {SHOWN}"
        assert nothing_obeyed(app)


async def test_the_day_view_draws_a_hostile_note_and_reason_without_their_escapes(
    open_store: StoreOpener, tmp_path: Path
) -> None:
    app = open_app(tmp_path, open_store(tmp_path / "home"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")  # today, where the grid's cursor starts
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        lines = [line.strip(" │") for line in drawn(app)]
        assert f"Comments: {SHOWN}" in lines
        assert "Post: skipped: sick]0;Xabc" in lines
        assert nothing_obeyed(app)


async def test_a_message_draws_hostile_text_without_its_escapes(open_store: StoreOpener, tmp_path: Path) -> None:
    app = open_app(tmp_path, open_store(tmp_path / "home"))
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        app.notify(HOSTILE, title=REASON, markup=False)
        for _ in range(40):
            await pilot.pause(0.05)
            ends = [line.strip() for line in drawn(app)]
            if f"sick]0;Xabc: {SHOWN}" in ends:  # on the line of messages: the title, then the message
                break
        assert f"sick]0;Xabc: {SHOWN}" in ends, "\n".join(ends)
        assert nothing_obeyed(app)


async def test_the_error_view_draws_a_hostile_key_without_its_escapes(open_store: StoreOpener, tmp_path: Path) -> None:
    hostile_key = '"\\u001b]0;INJECTED\\u0007\\u001b[2J\\u202ex" = 1\n'
    app = open_app(tmp_path, open_store(tmp_path / "home"), PLAN + hostile_key)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorsScreen)
        assert any(
            line.strip(" │").startswith("plan.toml:18:1: error: unknown key ']0;INJECTED[2Jx' in [[task]] 'post'")
            for line in drawn(app)
        ), "\n".join(drawn(app))
        assert nothing_obeyed(app)
