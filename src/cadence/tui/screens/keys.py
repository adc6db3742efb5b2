"""? : every key of the app, in one place."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("Today", ""),
    ("space / enter", "check in the full target of the highlighted item"),
    ("digits, then enter", "set the amount done"),
    ("+ / -", "one more / one less"),
    ("s", "skip, with a reason"),
    ("r", "log results: replies, connections, leads..."),
    ("u", "undo the last change"),
    (">", "shift the rest of the plan later (days, or weeks as 1w)"),
    ("w", "do this week again; the rest moves a week later"),
    ("n", "when the plan is over: begin it again next Monday"),
    ("Anywhere", ""),
    ("t / p / v", "Today, Plan, Review"),
    ("enter (Plan)", "the highlighted day in detail"),
    ("ctrl+p", "every action, by name"),
    ("?", "these keys"),
    ("q", "quit"),
]


class KeysScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        text = Text()
        for key, meaning in KEYS:
            if not meaning:
                text.append(f"{key}\n", style="bold underline")
                continue
            text.append(f"  {key:<20}", style="bold")
            text.append(f"{meaning}\n")
        with Vertical(classes="dialog"):
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)
