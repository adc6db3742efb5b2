"""On the first use of a plan that fixes no first day: begin today, or on the next Monday."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from cadence.tui.screens.dialog import Dialog


def next_monday(today: date) -> date:
    """The next Monday, today included."""
    return today + timedelta(days=-today.weekday() % 7)


class StartScreen(Dialog[date | None]):
    """Dismisses with the day week 1 begins on (None: leave the plan as its first use laid it out)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t,enter", "choose('today')", "Today"),
        Binding("m", "choose('monday')", "Next Monday"),
        Binding("escape", "cancel", "Later"),
    ]

    def __init__(self, plan: str, today: date) -> None:
        super().__init__()
        self.plan = plan
        self.today = today

    def compose(self) -> ComposeResult:
        monday = next_monday(self.today)
        text = Text("When does ", style="bold")
        text.append(self.plan, style="bold")
        text.append(" begin?\n\n", style="bold")
        text.append(" t ", style="bold reverse")
        if monday == self.today:  # a Monday: today is the clean week's first day, one choice and not two
            text.append(f" today, {self.today:%a %d %b}: week 1 starts now, on its first day\n\n")
        else:
            text.append(f" today, {self.today:%a %d %b}: week 1 starts now\n")
            text.append(" m ", style="bold reverse")
            text.append(f" next Monday, {monday:%a %d %b}: a clean week from its first day\n\n")
        text.append(
            "escape: decide later ('cadence start today' or 'cadence start monday' does it too)", style="grey50"
        )
        with Vertical(classes="dialog"):
            yield Static(text, id="question")

    def action_choose(self, when: str) -> None:
        self.dismiss(self.today if when == "today" else next_monday(self.today))

    def action_cancel(self) -> None:
        self.dismiss(None)
