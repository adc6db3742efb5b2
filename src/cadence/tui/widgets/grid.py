"""The whole plan as a week × weekday grid, like a printed training plan.

Each cell lists the day's items as done/planned ("✓comment 3/3", "◐outreach
1/2"), each with its state's symbol and its compliance colour, so the cell is
read the same with colour or without; days to come show what they plan
("comment -/3"). The seven days always fit the width there is: ids are cut to
fit, and the phase column shows only where there is room (the line under the
grid says it for the highlighted week). The cursor stays where it was across
redraws; it starts on today.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from rich.text import Text
from textual.widgets import DataTable

from cadence.core.calendar import Schedule
from cadence.core.rhythm import headings
from cadence.core.status import Ledger, day_status, occurrence_status, week_count
from cadence.tui.widgets.fitting import cut_id, shortest_prefixes
from cadence.tui.widgets.marks import mark, style_of, symbol

WEEK_WIDTH = 4
"""The week column: "12r" and a space."""
SCROLLBAR = 1
NARROWEST_WITH_PHASE = 12
"""The phase column shows only when every day column keeps at least this many cells beside it."""
WIDEST = 28


class Layout(NamedTuple):
    """How wide each column is (cell padding is 0: every cell starts with its own space)."""

    days: tuple[int, ...]
    """Each day column's width, Monday's (the first column's) first."""
    phase: int
    """0: no phase column."""


def layout(schedule: Schedule, width: int) -> Layout:
    """The widest day columns that fit `width`, and the phase column when there is room for it. The cells
    left over when the room is shared by seven go one each to the columns holding the most items (at 80
    columns, Monday to Friday's ids keep a character more)."""
    room = width - SCROLLBAR - WEEK_WIDTH
    phase = 1 + max([7, *(len(phase.name) for phase in schedule.plan.phases)])  # " ×0.6 *" too
    said = schedule.plan.phases or schedule.plan.week_overrides or schedule.adjustments
    if not (said and (room - phase) // 7 >= NARROWEST_WITH_PHASE):
        phase = 0
    room -= phase
    day = max(6, min(WIDEST, room // 7))
    left = room - 7 * day if day < WIDEST else 0
    busiest = sorted(range(7), key=lambda column: -_held(schedule, column))[: max(left, 0)]
    return Layout(tuple(day + (column in busiest) for column in range(7)), phase)


def _held(schedule: Schedule, column: int) -> int:
    """How many items the days of a column hold over the plan."""
    every = range(1, schedule.weeks + 1)
    return sum(len(schedule.fixed_due_on(schedule.days_of_week(week)[column])) for week in every)


class Entry(NamedTuple):
    """One item of a day's cell: its id, done and planned ("-" and the target for a day to come), its state."""

    task_id: str
    done: str
    target: int
    state: str | None
    value: float | None


def item_line(entry: Entry, width: int, least: int, edge: bool = False) -> Text:
    """The line " ✓comment 3/3" in `width` cells: the amount whole, the id cut to what is left, never below what
    tells it from the plan's other ids (`least`): on a day lived, where that leaves too little room and dropping
    the amount's target makes enough, the target goes (" ✓comme… 3"); a day to come keeps its target, all it
    says ("-/4"), and where not even that would do, the amount stays whole. `edge`: the day broke the streak
    though this item does not read missed, and its ✗ comes first, after the space that keeps it off the column
    before."""
    amount = f"{entry.done}/{entry.target}"
    style = style_of(entry.state or "", entry.value)
    line = Text(" ")
    if edge:
        line.append_text(mark("missed"))
    line.append(symbol(entry.state), style=style)
    room = width - line.cell_len - 1 - len(amount)
    telling = min(least, len(entry.task_id))
    if entry.done != "-" and room < telling <= width - line.cell_len - 1 - len(entry.done):
        amount = entry.done
        room = width - line.cell_len - 1 - len(amount)
    line.append(f"{cut_id(entry.task_id, room, least)} {amount}", style=style)
    return line


def day_cell(schedule: Schedule, day: date, ledger: Ledger, today: date, width: int, least: dict[str, int]) -> Text:
    """The cell of one day: a line per item (done/planned), the rest day or shift first. `least`: each id's
    shortest unique prefix, the fewest characters it is cut to."""
    lines: list[Text] = []
    state = day_status(schedule, day, ledger, today)
    if schedule.is_shifted(day) or schedule.is_rest_day(day):
        said = "shifted" if schedule.is_shifted(day) else "holiday" if day in schedule.plan.holidays else "rest"
        first = Text(" ")
        first.append_text(mark("shifted" if said == "shifted" else "rest"))
        first.append(said, style="italic grey50")
        lines.append(first)
    makeup = schedule.plan.makeup_days
    entries: list[Entry] = []
    for occ in schedule.fixed_due_on(day):
        amount = ledger.amount(occ.id, day)
        if day > today:
            entries.append(Entry(occ.id, "-", occ.target, None, None))
            continue
        status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
        entries.append(Entry(occ.id, f"{amount:g}", occ.target, status, min(amount / occ.target, 1.0)))
    week = schedule.week_of(day)
    for task, target in schedule.flexible_in_week(week) if week is not None else []:
        amount = ledger.amount(task.id, day)
        if amount > 0:  # a per_week task shows on the days it was done
            status = "done" if amount >= target else "partial"
            entries.append(Entry(task.id, f"{amount:g}", target, status, min(amount / target, 1.0)))
    # the day broke the streak though no item reads missed (partly done, its window closed): its edge says so
    edge = state == "missed" and bool(entries) and not lines and all(entry.state != "missed" for entry in entries)
    for index, entry in enumerate(entries):
        lines.append(item_line(entry, width, least.get(entry.task_id, 1), edge and index == 0))
    if not lines and state is not None:
        lines.append(Text(f" {symbol(state)}{state}", style=style_of(state)))
    cell = Text("\n").join(lines)
    if day == today:
        cell.stylize("bold reverse")
    return cell


class PlanGrid(DataTable[Text]):
    """Rows are weeks; the cell cursor picks a day.

    The columns are a week's days in calendar order under their real weekdays (`Thu Fri ... Wed` for a
    plan begun on a Thursday). Where a rotating shift moves the days of later weeks to other weekdays, a
    row of weekday names comes before them, as a printed plan would head a new page.
    """

    def on_mount(self) -> None:
        self.cursor_type = "cell"
        self.cell_padding = 0
        self.days: dict[tuple[int, int], date] = {}
        self.weeks: dict[int, int] = {}
        """The run's week of each row (a heading row: the week under it)."""
        self.placed = False
        """Whether the cursor was put on today once; after that it stays where the person moved it."""

    def show(self, schedule: Schedule, ledger: Ledger, today: date) -> None:
        kept = self.day_at(self.cursor_coordinate) if self.placed else None
        kept_row = self.cursor_coordinate.row
        sizes = layout(schedule, self.size.width or 80)
        self.clear(columns=True)
        every = range(1, schedule.weeks + 1)
        heads = headings(schedule, every)
        self.add_column(Text(" Wk"), key="week", width=WEEK_WIDTH)
        if sizes.phase:
            self.add_column(Text(" Phase"), key="phase", width=sizes.phase)
        for index, name in enumerate(heads[1]):
            self.add_column(Text(f" {name}"), key=f"day{index}", width=sizes.days[index])
        first_day = 2 if sizes.phase else 1
        least = shortest_prefixes(task.id for task in schedule.plan.tasks)
        self.days = {}
        self.weeks = {}
        today_cell: tuple[int, int] | None = None
        for week in every:
            if week != 1 and week in heads:
                side = [Text("")] if sizes.phase else []
                names = [Text(f" {name}", style="bold") for name in heads[week]]
                self.weeks[self.row_count] = week
                self.add_row(Text(""), *side, *names, key=f"head{week}", height=1)
            days = schedule.days_of_week(week)
            cells = [day_cell(schedule, day, ledger, today, sizes.days[index], least) for index, day in enumerate(days)]
            again = "r" if schedule.repeat_of(week) is not None else ""
            label = Text(f" {schedule.plan_week(week)}{again}", style="bold" if today in days else "")
            side = [self._side(schedule, week)] if sizes.phase else []
            height = max(1, *(len(cell.plain.splitlines()) for cell in [*cells, *side]))
            row = self.row_count
            self.weeks[row] = week
            self.add_row(label, *side, *cells, key=str(week), height=height)
            for column, day in enumerate(days, start=first_day):
                self.days[(row, column)] = day
                if day == today:
                    today_cell = (row, column)
        where = {day: cell for cell, day in self.days.items()}
        if kept is not None and kept in where:  # the day it was on, wherever its column is now
            self.move_cursor(row=where[kept][0], column=where[kept][1], animate=False)
        elif self.placed and kept_row < self.row_count:
            self.move_cursor(row=kept_row, animate=False)
        elif today_cell is not None:
            self.move_cursor(row=today_cell[0], column=today_cell[1], animate=False)
        self.placed = True

    def week_at(self, row: int) -> int | None:
        """The run's week a row shows (or heads)."""
        return self.weeks.get(row)

    @staticmethod
    def _side(schedule: Schedule, week: int) -> Text:
        phase = schedule.phase_of(week)
        override = schedule.week_override(week)
        side = Text(f" {phase.name}" if phase else "")
        volume = schedule.volume(week)
        if volume != 1:
            side.append(f"\n ×{float(volume):g}", style="cyan")
        if override and override.note:
            side.append(" *", style="cyan")
        gap = [day for day in schedule.span(week) if schedule.is_shifted(day)]
        if gap:
            where = "after" if gap[-1] < schedule.week_start(week) else "with"
            side.append(f"\n {where} {len(gap)} shifted", style="grey50")
        return side

    def day_at(self, coordinate: Any) -> date | None:
        return self.days.get((coordinate.row, coordinate.column))

    @staticmethod
    def week_line(schedule: Schedule, week: int, ledger: Ledger, today: date, done: float | None = None) -> Text:
        """What the grid has no room for: the week's phase, volume, minutes done of planned (`done`: None for a
        week to come), note and weekly quotas as they stand."""
        phase = schedule.phase_of(week)
        override = schedule.week_override(week)
        again = " again" if schedule.repeat_of(week) is not None else ""
        text = Text(f"Week {schedule.plan_week(week)}{again}", style="bold")
        if phase:
            text.append(f", {phase.name}")
        text.append(f", volume {float(schedule.volume(week)):g}")
        planned = schedule.planned_minutes(week)
        if planned or done:  # a plan without durations has no minutes to speak of
            text.append(f", {planned} min planned" if done is None else f", {int(done + 0.5)} of {planned} min done")
        if override and override.note:
            text.append(": ")
            text.append(override.note, style="italic")
        flexible = schedule.flexible_in_week(week)
        if flexible:
            counts = [(task, target, week_count(schedule, task, week, ledger, today)) for task, target in flexible]
            text.append("   any days: " + ", ".join(f"{task.id} {count} this week" for task, _, count in counts))
        gap = [day for day in schedule.span(week) if schedule.is_shifted(day)]
        if gap:
            text.append("   ")
            text.append_text(mark("shifted"))
            freed = f"{gap[0]:%a %d}" + ("" if len(gap) == 1 else f" to {gap[-1]:%a %d}")
            text.append(f" shifted, free: {freed}", style="grey50")
        broke = [day for day in schedule.days_of_week(week) if day_status(schedule, day, ledger, today) == "missed"]
        if broke:
            text.append("   ")
            text.append_text(mark("missed"))
            text.append(" broke the streak: " + ", ".join(f"{day:%a %d}" for day in broke), style=style_of("missed"))
        return text
