"""A note with a check-in (`cadence check TASK AMOUNT --note TEXT`): the note, and the amount to record with it.

The amount starts at what is left of the day's target; 0 keeps the note alone, on the work already recorded.
Dismisses with (note, amount), or None when cancelled.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from cadence.core.units import quantity
from cadence.tui.screens.dialog import Dialog
from cadence.tui.widgets.fields import Field


class NoteScreen(Dialog[tuple[str, float] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, day: date, left: float, unit: str) -> None:
        super().__init__()
        self.task_title = title
        self.day = day
        self.left = left
        self.unit = unit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog results"):
            heading = Text("A note on ", style="bold")
            heading.append(self.task_title)
            heading.append(f", {self.day:%a %d %b}", style="bold")
            yield Static(heading, id="results-title")
            with Horizontal(classes="field"):
                yield Static(Text("note"), classes="label")
                yield Field(placeholder="what happened (enter records it)", id="note", compact=True)
            with Horizontal(classes="field"):
                yield Static(Text(f"check in ({self.unit})"), classes="label")
                yield Field(value=f"{self.left:g}", id="amount", type="number", compact=True)
            said = f"0 keeps the note alone; {quantity(self.left, self.unit)} left of the target"
            yield Static(Text(said, style="grey50"))
            yield Static(id="problem", markup=False)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#note", Input))  # before the first frame: the first key typed is the form's

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        note = self.query_one("#note", Input).value.strip()
        text = self.query_one("#amount", Input).value.strip() or "0"
        try:
            amount = float(text)
        except ValueError:
            amount = -1.0
        if not note:
            self.query_one("#problem", Static).update(Text("write the note first", style="bold red"))
            return
        if not amount >= 0:
            self.query_one("#problem", Static).update(
                Text(f"the amount must be 0 or more, not '{text}'", style="bold red")
            )
            return
        self.dismiss((note, amount))

    def action_cancel(self) -> None:
        self.dismiss(None)
