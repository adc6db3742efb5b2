"""The weekly question: for each task done last week, "<title> is something I do automatically", 1 to 7."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from cadence.core.model import Task
from cadence.tui.screens.dialog import Dialog

SCALE = ("not at all", "", "", "somewhat", "", "", "completely")


class QuestionScreen(Dialog[list[tuple[str, int | None]] | None]):
    """Asks about each task in turn; dismisses with every answer (None: skipped), or None: not now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(value), f"answer({value})", str(value), show=False) for value in range(1, 8)),
        Binding("s", "answer(None)", "Skip"),
        Binding("escape", "later", "Not now"),
    ]

    def __init__(self, tasks: list[Task], week: int) -> None:
        super().__init__()
        self.tasks = tasks
        self.week = week
        self.given: list[tuple[str, int | None]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._text(), id="question", markup=False)

    def _text(self) -> Text:
        task = self.tasks[len(self.given)]
        text = Text()
        text.append(f"Week {self.week} begins: how automatic is last week's work?", style="bold")
        text.append(f"   {len(self.given) + 1} of {len(self.tasks)}\n\n", style="grey50")
        text.append(f"{task.title}", style="bold")
        text.append(" is something I do automatically.\n\n")
        for value, words in enumerate(SCALE, start=1):
            text.append(f" {value} ", style="bold reverse")
            text.append(f" {words}  " if words else "  ")
        text.append("\n\n")
        text.append(" s ", style="bold reverse")
        text.append(" skip this one    ")
        text.append(" escape ", style="bold reverse")
        text.append(" not now (asked again later)\n", style="")
        text.append(
            "Answers over the weeks show when a habit runs by itself ('cadence rate' does it too).", style="grey50"
        )
        return text

    def action_answer(self, value: int | None) -> None:
        self.given.append((self.tasks[len(self.given)].id, value))
        if len(self.given) == len(self.tasks):
            self.dismiss(self.given)
            return
        self.query_one("#question", Static).update(self._text())

    def action_later(self) -> None:
        self.dismiss(None)
