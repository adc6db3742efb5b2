"""The whole plan as a week × weekday grid, like a printed training plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from cadence.core.calendar import Schedule
from cadence.core.model import WEEKDAYS
from cadence.core.status import Ledger
from cadence.core.streaks import day_adherence
from cadence.tui.widgets.charts import COLOURS, colour_of


def day_cell(schedule: Schedule, day: date, ledger: Ledger, today: date) -> Text:
    lines = Text()
    if schedule.is_rest_day(day):
        lines.append("holiday" if day in schedule.plan.holidays else "rest", style="italic grey50")
    for occ in schedule.fixed_due_on(day):
        if lines:
            lines.append("\n")
        lines.append(f"{occ.id} {occ.target}")
    if day < today and not schedule.is_rest_day(day):
        lines.stylize(COLOURS[colour_of(day_adherence(schedule, day, ledger, today))])
    if day == today:
        lines.stylize("bold reverse")
    return lines


class PlanGrid(DataTable[Text]):
    """Rows are weeks; the cell cursor picks a day."""

    def on_mount(self) -> None:
        self.cursor_type = "cell"
        self.days: dict[tuple[int, int], date] = {}

    def show(self, schedule: Schedule, ledger: Ledger, today: date) -> None:
        self.clear(columns=True)
        self.add_column("Week", key="week")
        self.add_column("Phase", key="phase")
        for day in schedule.days_of_week(1):
            weekday = WEEKDAYS[schedule.weekday(day) or 0]
            self.add_column(weekday.capitalize(), key=weekday)
        self.days = {}
        today_cell: tuple[int, int] | None = None
        for week in range(1, schedule.weeks + 1):
            days = schedule.days_of_week(week)
            cells = [day_cell(schedule, day, ledger, today) for day in days]
            phase = schedule.phase_of(week)
            override = schedule.week_override(week)
            again = "r" if schedule.repeat_of(week) is not None else ""
            label = Text(f"{schedule.plan_week(week)}{again}", style="bold" if today in days else "")
            volume = schedule.volume(week)
            side = Text(phase.name if phase else "")
            if volume != 1:
                side.append(f"\n×{float(volume):g}", style="cyan")
            if override and override.note:
                side.append(" *", style="cyan")
            gap = [day for day in schedule.span(week) if schedule.is_shifted(day)]
            if gap:
                side.append(f"\nafter {len(gap)} shifted", style="grey50")
            flexible = schedule.flexible_in_week(week)
            if flexible:
                side.append("\n" + ", ".join(f"{task.id} ×{task.per_week}" for task, _ in flexible), style="grey50")
            height = max(1, *(len(cell.plain.splitlines()) for cell in [*cells, side]))
            self.add_row(label, side, *cells, key=str(week), height=height)
            for column, day in enumerate(days, start=2):
                self.days[(week - 1, column)] = day
                if day == today:
                    today_cell = (week - 1, column)
        if today_cell is not None:
            self.move_cursor(row=today_cell[0], column=today_cell[1])

    def day_at(self, coordinate: Any) -> date | None:
        return self.days.get((coordinate.row, coordinate.column))

    @staticmethod
    def week_line(schedule: Schedule, week: int) -> Text:
        """What the grid has no room for: the week's phase, volume, note and weekly quotas."""
        phase = schedule.phase_of(week)
        override = schedule.week_override(week)
        again = " again" if schedule.repeat_of(week) is not None else ""
        text = Text(f"Week {schedule.plan_week(week)}{again}", style="bold")
        if phase:
            text.append(f", {phase.name}")
        text.append(f", volume {float(schedule.volume(week)):g}")
        if override and override.note:
            text.append(": ")
            text.append(override.note, style="italic")
        flexible = schedule.flexible_in_week(week)
        if flexible:
            text.append(
                "   any days: " + ", ".join(f"{task.id} {target} ×{task.per_week}" for task, target in flexible)
            )
        return text
