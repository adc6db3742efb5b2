"""A form for the results an item brought: its task's metrics, and any other as metric=N."""

from __future__ import annotations

import math
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from cadence.planfile import ID_PATTERN


def parse_results(fields: dict[str, str], other: str) -> list[tuple[str, float]] | str:
    """The results entered, or one line saying what is wrong."""
    found: list[tuple[str, float]] = []
    pairs = [(metric, value) for metric, value in fields.items() if value.strip()]
    for part in other.split():
        metric, sep, value = part.partition("=")
        if not sep or not metric:
            return f"'{part}' is not metric=N, like leads=1"
        if not ID_PATTERN.match(metric):
            return f"metric '{metric}' must be lower-case letters, digits, '_' and '-'"
        pairs.append((metric, value))
    for metric, value in pairs:
        try:
            number = float(value)
        except ValueError:
            return f"{metric}: '{value}' is not a number"
        if not math.isfinite(number) or number <= 0:
            return f"{metric}: give a number greater than 0"
        found.append((metric, number))
    return found


class ResultsScreen(ModalScreen[list[tuple[str, float]] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, metrics: tuple[str, ...]) -> None:
        super().__init__()
        self.task_title = title
        self.metrics = metrics

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            heading = Text("What came of ", style="bold")
            heading.append(self.task_title)
            yield Static(heading)
            for metric in self.metrics:
                yield Static(Text(metric))
                yield Input(placeholder="0", id=f"metric-{metric}", type="number")
            yield Static(Text("other results"))
            yield Input(placeholder="metric=N ...  (enter logs everything)", id="other")
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
