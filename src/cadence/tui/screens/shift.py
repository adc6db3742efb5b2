"""Shift the rest of the plan later: how many days (or weeks), confirmed with enter."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from cadence.errors import CadenceError
from cadence.record.runs import parse_shift
from cadence.tui.screens.dialog import Dialog


class ShiftScreen(Dialog[int | None]):
    """Dismisses with the number of days to shift, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, plan: str, today: date) -> None:
        super().__init__()
        self.plan = plan
        self.today = today

    def compose(self) -> ComposeResult:
        heading = Text("Shift ", style="bold")
        heading.append(self.plan, style="bold")
        heading.append(f" from {self.today:%a %d %b}\n", style="bold")
        heading.append("Everything from today on moves later; the days opened are free.")
        with Vertical(classes="dialog"):
            yield Static(heading)
            yield Input(value="1w", placeholder="days, or weeks as 1w", id="days")
            yield Static(Text("days (3) or weeks (1w) · enter shifts · escape cancels", style="grey50"))
            yield Static(id="problem", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            days = parse_shift(event.value)
        except CadenceError as error:
            self.query_one("#problem", Static).update(Text(str(error), style="bold red"))
            return
        self.dismiss(days)

    def action_cancel(self) -> None:
        self.dismiss(None)
