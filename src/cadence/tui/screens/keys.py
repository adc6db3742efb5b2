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
    ("Today", "", ""),
    ("space / enter", "check in the rest of the item's target", "cadence check TASK"),
    ("digits, then enter", "set the amount done", "cadence check TASK N adds N"),
    ("+ / -", "one more / one less", "cadence check TASK 1 adds one"),
    ("s", "skip the item, with a reason", "cadence skip TASK --reason WHY"),
    ("r", RESULTS_KEY, "cadence log METRIC=N --task TASK --date D"),
    ("n", "a note, with a check-in (plan over: begin it again)", "cadence check TASK N --note TEXT"),
    ("d", "yesterday in detail, to correct it", "cadence check TASK N --date yesterday"),
    ("u", "undo the last change", "cadence undo"),
    ("U", "redo: apply again the last change undone", "cadence redo"),
    (">", "life happened: excuse days, move the plan, do a week again", "cadence skip --all / shift / repeat-week"),
    ("w", "do this week again; the rest moves later", "cadence repeat-week --week N"),
    ("Day view", "", ""),
    ("space, digits, + / -", "correct the day (a closed one after a yes)", "cadence check TASK N --date D --force"),
    ("s / n / r", "skip, note, results on that day", "cadence skip / check --note / log --date D"),
    ("← / →", "the day before, the day after", ""),
    ("Anywhere", "", ""),
    ("t / p / v", "Today, Plan, Review", "cadence today / plan show / review"),
    ("enter (Plan)", "the day in detail, to correct it", ""),
    ("a (Review)", "adapt: the proposals from the closed weeks, y accept, n decline", "cadence adapt --apply"),
    ("ctrl+p", "every action, by name", ""),
    ("?", "these keys", "cadence --help"),
    ("q", "quit", ""),
]
"""Each key, what it does, and the command that does the same: the command line stays the reference."""


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
        for key, meaning, command in KEYS:
            if not meaning:
                text.append(f"{key}\n", style="bold underline")
                continue
            if meaning == RESULTS_KEY:
                meaning = results_meaning(self.task_shown)
            text.append(f"  {key:<22}", style="bold")
            text.append(f"{meaning}\n")
            if command:
                text.append(f"  {'':<22}{command}\n", style="grey50")
        with VerticalScroll(classes="dialog keys"):  # scrolls where 24 rows are not enough
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)
