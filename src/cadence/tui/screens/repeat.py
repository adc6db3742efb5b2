"""Do this week again: a confirmation, since everything after it moves a week later."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from cadence.tui.screens.dialog import Dialog


class RepeatScreen(Dialog[bool]):
    """Dismisses with True when the person confirms."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Repeat"),
        Binding("n,escape", "answer(False)", "Cancel"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        text = Text(self.question, style="bold")
        text.append("\n\n")
        text.append(" y ", style="bold reverse")
        text.append(" repeat it    ")
        text.append(" n ", style="bold reverse")
        text.append(" cancel")
        with Vertical(classes="dialog"):
            yield Static(text)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
