"""A yes-or-no question before a change that is out of the ordinary: y answers yes, n or escape no."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from cadence.tui.screens.dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    """Dismisses with True when the person answers yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str) -> None:
        """`yes`: what answering yes does, in a few words."""
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        text = Text(self.question, style="bold")
        text.append("\n\n")
        text.append(" y ", style="bold reverse")
        text.append(f" {self.yes}    ")
        text.append(" n ", style="bold reverse")
        text.append(" cancel")
        with Vertical(classes="dialog"):
            yield Static(text, id="question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
