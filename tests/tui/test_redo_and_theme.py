"""The TUI's `U` (redo), and the theme chosen in the command palette kept in config.toml for the next start."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.color import Color

from cadence.config import ConfigError
from cadence.tui.app import CadenceApp
from life import Factory


@pytest.fixture
def config() -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "cadence" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def said(app: CadenceApp) -> list[str]:
    return [notification.message for notification in [*app.said, *app.held]]


def done_today(app: CadenceApp) -> float:
    return app.state.store.ledger(app.state.today(), app.state.today(), app.state.run).amount(
        "comment", app.state.today()
    )


async def test_shift_u_applies_again_what_u_undid_and_both_name_the_day(life: Factory) -> None:
    app = life()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert done_today(app) == 3
        await pilot.press("u")
        await pilot.pause()
        assert done_today(app) == 0
        await pilot.press("U")
        await pilot.pause()
        assert done_today(app) == 3
        await pilot.press("U")
        await pilot.pause()
        assert said(app)[-3:] == [
            "Undid check-in of Thoughtful comments in my niche, every weekday 3 on Wed 02 Dec",
            "Redid check-in of Thoughtful comments in my niche, every weekday 3 on Wed 02 Dec",
            "Nothing to redo: no change was undone since the last one.",
        ]
        kinds = [event.kind for event in app.state.store.events()]
        assert kinds[-3:] == ["checkin", "undo", "checkin"]  # the redo is a new event; nothing was removed


async def test_the_theme_chosen_in_the_palette_is_kept_and_used_at_the_next_start(life: Factory, config: Path) -> None:
    config.write_text('# mine\n\n[reminders]\nvia = "tmux"  # over SSH\n')
    app = life()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "textual-dark"
        assert app.screen.styles.background == Color.parse("#121212")  # textual-dark's background
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await pilot.press("enter")  # the palette's Theme: the themes by name
        await pilot.pause()
        await pilot.press(*"gruvbox")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "gruvbox"
        await pilot.pause()
        assert app.screen.styles.background == Color.parse("#282828")  # the screen drawn in gruvbox's colours
    assert config.read_text() == 'theme = "gruvbox"\n# mine\n\n[reminders]\nvia = "tmux"  # over SSH\n'
    again = life(history=False)
    assert again.theme == "gruvbox"


def test_a_theme_textual_does_not_have_is_one_line(life: Factory, config: Path) -> None:
    config.write_text('plan = "mine.toml"\ntheme = "gruvbx"\n')
    with pytest.raises(ConfigError) as refused:
        life()
    assert str(refused.value) == f"{config}:2:1: error: no theme 'gruvbx'; did you mean 'gruvbox'?"
