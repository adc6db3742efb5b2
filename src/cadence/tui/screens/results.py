"""A form for the results an item brought: its task's metrics, and any other as metric=N (or metric@N, a reading)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from cadence.errors import CadenceError
from cadence.record import writes as record
from cadence.record.writes import Entry, ResultForm
from cadence.tui.screens.dialog import Dialog

FORM = ResultForm("metric=N or metric@N", "leads=1 or followers@372")
"""How the dialog's "other results" field spells a result, for its messages."""


def parse_results(fields: dict[str, str], other: str) -> list[Entry] | str:
    """The results entered (each metric's field, then the other words), or one line saying what is wrong."""
    words = [f"{metric}={value.strip()}" for metric, value in fields.items() if value.strip()]
    try:
        return record.parse_results([*words, *other.split()], FORM)
    except CadenceError as error:
        return str(error)


class ResultsScreen(Dialog[list[Entry] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, metrics: tuple[str, ...]) -> None:
        super().__init__()
        self.task_title = title
        self.metrics = metrics

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog results"):
            heading = Text("What came of ", style="bold")
            heading.append(self.task_title)
            yield Static(heading, id="results-title")
            for metric in self.metrics:  # one row each, so the form and its line fit 24 rows
                with Horizontal(classes="field"):
                    yield Static(Text(metric), classes="label")
                    yield Input(placeholder="0", id=f"metric-{metric}", type="number", compact=True)
            with Horizontal(classes="field"):
                yield Static(Text("other results"), classes="label")
                yield Input(placeholder="metric=N  metric@N ...  (enter logs everything)", id="other", compact=True)
            yield Static(id="problem", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        fields = {metric: self.query_one(f"#metric-{metric}", Input).value for metric in self.metrics}
        parsed = parse_results(fields, self.query_one("#other", Input).value)
        if isinstance(parsed, str):
            self.query_one("#problem", Static).update(Text(parsed, style="bold red"))
            return
        self.dismiss(parsed)

    def action_cancel(self) -> None:
        self.dismiss(None)
