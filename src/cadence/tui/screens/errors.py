"""Shown instead of Today when the plan cannot be used at start; leaves once the file is fixed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from cadence.tui.screens.base import StateScreen
from cadence.tui.widgets.keybar import KeyBar


class ErrorsScreen(StateScreen, Screen[None]):
    """No line for messages: they wait until the plan can be used (`cadence.tui.toasts`)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="errors", markup=False)
        yield KeyBar(navigation=False)  # nothing else to show until the plan can be used

    def refresh_view(self) -> None:
        state = self.state
        text = Text(f"{state.source.shown} cannot be used yet\n\n", style="bold red")
        if state.error is not None:
            for diagnostic in state.error.diagnostics:
                text.append(str(diagnostic) + "\n", style="red" if diagnostic.severity == "error" else "yellow")
        text.append("\nFix the file in your editor: cadence reloads it as soon as it is saved.", style="italic")
        self.query_one("#errors", Static).update(text)
