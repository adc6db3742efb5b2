"""Asks why an occurrence is skipped; dismisses with the reason, or None when cancelled."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from cadence.tui.screens.dialog import Dialog
from cadence.tui.widgets.fields import Field


class SkipScreen(Dialog[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, day: date) -> None:
        super().__init__()
        self.task_title = title
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            heading = Text("Skip ", style="bold")
            heading.append(self.task_title)
            heading.append(f" on {self.day:%a %d %b}", style="bold")
            yield Static(heading)
            yield Field(placeholder="reason (sick, travel, ...), enter to skip", id="reason")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#reason", Input))  # before the first frame: the first key typed is the form's

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
