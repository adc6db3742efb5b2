"""The TUI's forms under keys as they really come: in bursts, and with refusals said in the form."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from cadence.tui.screens.results import ResultsScreen
from cadence.tui.screens.today import TodayScreen
from helpers import StoreOpener
from morning import AppFactory, events, morning_app


@pytest.fixture
def app_for(open_store: StoreOpener, tmp_path: Path) -> AppFactory:
    return morning_app(open_store, tmp_path)


async def test_keys_typed_in_one_burst_land_in_the_fields_they_were_meant_for(app_for: AppFactory) -> None:
    """`5 Tab 7 Enter` sent at once, as tmux or a fast typist sends them: replies 5 and connections 7."""
    from textual import events as textual_events

    app = app_for()
    async with app.run_test() as pilot:
        await pilot.press("r")
        await pilot.pause()
        for key, character in (("5", "5"), ("tab", None), ("7", "7"), ("enter", "\r")):
            app.post_message(textual_events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert events(app) == [
            ("result", "comment", "2026-12-02", 5.0, "replies"),
            ("result", "comment", "2026-12-02", 7.0, "connections"),
        ]


async def test_a_reading_of_a_count_is_said_in_the_form_and_what_was_typed_is_kept(app_for: AppFactory) -> None:
    app = app_for()
    async with app.run_test() as pilot:
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#metric-replies", Input).value = "2"
        app.screen.query_one("#other", Input).value = "replies@40"
        app.screen.query_one("#other", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert str(app.screen.query_one("#problem", Static).render()) == (
            "replies is a count (each value logged is new results): log it as replies=N, not replies@40"
        )
        assert app.screen.query_one("#metric-replies", Input).value == "2"
        assert events(app) == []
