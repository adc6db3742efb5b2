"""One day of the plan in detail: every item with its target, what was done and its colour."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from cadence.core.calendar import Schedule
from cadence.core.status import Ledger, day_items
from cadence.core.streaks import compliance
from cadence.tui.widgets.charts import COLOURS


def day_text(schedule: Schedule, day: date, ledger: Ledger, today: date) -> Text:
    week = schedule.week_of(day)
    text = Text(f"{day:%A %d %B %Y}", style="bold")
    if week is not None:
        phase = schedule.phase_of(week)
        again = " again" if schedule.repeat_of(week) is not None else ""
        text.append(f"   week {schedule.plan_week(week)}{again}" + (f", {phase.name}" if phase else ""))
    text.append("\n\n")
    if schedule.is_rest_day(day):
        text.append("Rest day.\n" if day not in schedule.plan.holidays else "Holiday.\n", style="italic")
    items = day_items(schedule, day, ledger, today)
    if not items:
        text.append("Nothing is due.\n")
    for item in items:
        colour = compliance(item.occurrence, ledger, today, schedule.plan.makeup_days, schedule.tracking)
        text.append("● ", style=COLOURS[colour])
        text.append(f"{item.task.at:%H:%M} " if item.task.at else "      ")
        text.append(item.task.title)
        text.append(f"   {item.done:g}/{item.occurrence.target} {item.task.unit}   {item.status}\n", style="grey70")
    return text


class DayScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, body: Text) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.body)

    def action_close(self) -> None:
        self.dismiss(None)
