"""Plan: the whole plan as a week × weekday grid; enter on a day shows it in detail."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cadence.core.load import done_minutes
from cadence.core.status import Ledger
from cadence.tui.screens.base import StateScreen
from cadence.tui.widgets.grid import PlanGrid
from cadence.tui.widgets.keybar import KeyBar
from cadence.tui.widgets.marks import legend
from cadence.tui.widgets.said import SaidLine


class PlanScreen(StateScreen, Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.ledger = Ledger()
        """The log as last drawn, for the line under the grid."""
        self.done: dict[int, float] = {}
        """The done minutes of each week tracked, as last drawn."""

    def compose(self) -> ComposeResult:
        yield Static(id="plan-title", markup=False)
        yield PlanGrid(id="grid")
        yield Static(id="week-line", markup=False)
        yield SaidLine(id="said")
        yield KeyBar(("enter", "Day"), here="p")

    def refresh_view(self) -> None:
        state = self.state
        if state.schedule is None:
            return
        schedule = state.schedule
        title = Text(schedule.plan.name, style="bold")
        title.append(f"   {schedule.weeks} weeks, {schedule.start:%a %d %b %Y} to {schedule.end:%a %d %b %Y}\n")
        title.append_text(legend())
        if self.size.width >= 140:
            title.append("   colour: green ≥80%  yellow ≥50%  red <50% of target", style="grey50")
        self.query_one("#plan-title", Static).update(title)
        grid = self.query_one(PlanGrid)
        self.ledger = state.full_ledger()
        self.done = done_minutes(schedule, self.ledger, state.today())
        grid.show(schedule, self.ledger, state.today())
        self._show_week(grid.cursor_coordinate.row)

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_view()  # the day columns take the width there is

    def _show_week(self, row: int) -> None:
        state = self.state
        week = self.query_one(PlanGrid).week_at(row)
        if state.schedule is not None and week is not None:
            line = PlanGrid.week_line(state.schedule, week, self.ledger, state.today(), self.done.get(week))
            self.query_one("#week-line", Static).update(line)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._show_week(event.coordinate.row)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        from cadence.tui.screens.day import DayScreen

        day = self.query_one(PlanGrid).day_at(event.coordinate)
        if day is None or self.state.schedule is None:
            return
        self.app.push_screen(DayScreen(day))
