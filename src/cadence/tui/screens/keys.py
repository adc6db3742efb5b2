"""? : every key of the app, in one place."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from cadence.core.model import Task
from cadence.tui.screens.dialog import Dialog

RESULTS_KEY = "log results"
"""Its meaning names the highlighted item's own results (see `results_meaning`)."""

KEYS = [
    ("Today", ""),
    ("space / enter", "check in the rest of the item's target"),
    ("digits, then enter", "set the amount done"),
    ("+ / -", "one more / one less"),
    ("s", "skip, with a reason"),
    ("r", RESULTS_KEY),
    ("u", "undo the last change"),
    (">", "shift the rest of the plan later (1w: a week)"),
    ("w", "do this week again; the rest moves later"),
    ("n", "plan over: begin it again next Monday"),
    ("Anywhere", ""),
    ("t / p / v", "Today, Plan, Review"),
    ("enter (Plan)", "the day in detail, to correct it"),
    ("a (Review)", "adapt: the proposals from the closed weeks, y accept, n decline"),
    ("ctrl+p", "every action, by name"),
    ("?", "these keys"),
    ("q", "quit"),
]


def results_meaning(task: Task | None) -> str:
    """What r does, in the highlighted task's own metrics."""
    if task is None:
        return "log results, as metric=N"
    if not task.results:
        return "log results (it declares none), as metric=N"
    return f"log its results: {', '.join(task.results)}"


class KeysScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, task: Task | None = None) -> None:
        """`task`: the item highlighted on Today, whose results `r` logs."""
        super().__init__()
        self.task_shown = task

    def compose(self) -> ComposeResult:
        text = Text()
        for key, meaning in KEYS:
            if not meaning:
                text.append(f"{key}\n", style="bold underline")
                continue
            if meaning == RESULTS_KEY:
                meaning = results_meaning(self.task_shown)
            text.append(f"  {key:<20}", style="bold")
            text.append(f"{meaning}\n")
        with VerticalScroll(classes="dialog keys"):  # scrolls where 24 rows are not enough
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)
