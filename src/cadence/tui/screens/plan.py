"""Plan: the whole plan as a week × weekday grid; enter on a day shows it in detail."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from cadence.tui.screens.base import StateScreen
from cadence.tui.screens.day import DayScreen, day_text
from cadence.tui.widgets.grid import PlanGrid
from cadence.tui.widgets.keybar import KeyBar


class PlanScreen(StateScreen):
    def compose(self) -> ComposeResult:
        yield Static(id="plan-title", markup=False)
        yield PlanGrid(id="grid")
        yield Static(id="week-line", markup=False)
        yield KeyBar(("enter", "Day"), here="p")

    def refresh_view(self) -> None:
        state = self.state
        if state.schedule is None:
            return
        schedule = state.schedule
        title = Text(schedule.plan.name, style="bold")
        title.append(f"   {schedule.weeks} weeks, {schedule.start:%a %d %b %Y} to {schedule.end:%a %d %b %Y}")
        title.append("   green ≥80%  yellow ≥50%  red <50% of target", style="grey50")
        self.query_one("#plan-title", Static).update(title)
        self.query_one(PlanGrid).show(schedule, state.full_ledger(), state.today())

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        state = self.state
        if state.schedule is not None and 0 <= event.coordinate.row < state.schedule.weeks:
            line = PlanGrid.week_line(state.schedule, event.coordinate.row + 1)
            self.query_one("#week-line", Static).update(line)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        state = self.state
        day = self.query_one(PlanGrid).day_at(event.coordinate)
        if day is None or state.schedule is None:
            return
        self.app.push_screen(DayScreen(day_text(state.schedule, day, state.recent_ledger(day), state.today())))
