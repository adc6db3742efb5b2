"""What `cadence plan show` prints: its JSON, the week × weekday grid, and one week in detail."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from cadence.core.automaticity import Fading
from cadence.core.calendar import Schedule, goal_date
from cadence.core.model import WEEKDAYS
from cadence.core.rhythm import headings
from cadence.core.units import quantity
from cadence.printable import fit, one_line, pad, width
from cadence.wording import clock, long_day, number, plural


def minutes(value: float) -> int:
    """Done minutes as whole minutes, halves up."""
    return int(value + 0.5)


def week_json(schedule: Schedule, week: int, done: Mapping[int, float] | None = None) -> dict[str, Any]:
    """A week of the run: `number` is the plan's week, `repeat_of` set on a repeated week; shifted days
    just before or among its days are listed with `"shifted": true`; `done_minutes` once it is tracked."""
    phase = schedule.phase_of(week)
    override = schedule.week_override(week)
    return {
        "number": schedule.plan_week(week),
        "repeat_of": schedule.repeat_of(week),
        "phase": phase.name if phase else None,
        "volume": number(schedule.volume(week)),
        "note": override.note if override else None,
        "planned_minutes": schedule.planned_minutes(week),
        "done_minutes": minutes(done[week]) if done and week in done else None,
        "days": [
            {
                "date": day.isoformat(),
                "weekday": WEEKDAYS[day.weekday()],
                "rest_day": schedule.is_rest_day(day),
                **({"shifted": True} if schedule.is_shifted(day) else {}),
                "items": [
                    {
                        "id": occ.id,
                        "kind": occ.task.kind,
                        "target": occ.target,
                        "unit": occ.task.unit,
                        "at": clock(occ.task),
                        "duration_min": occ.task.duration_min,
                    }
                    for occ in schedule.fixed_due_on(day)
                ],
            }
            for day in schedule.span(week)
        ],
        "flexible": [
            {"id": task.id, "kind": task.kind, "target": target, "unit": task.unit, "times": task.per_week}
            for task, target in schedule.flexible_in_week(week)
        ],
    }


def plan_json(
    schedule: Schedule,
    weeks: list[int],
    done: Mapping[int, float] | None = None,
    faded: Mapping[str, Fading] | None = None,
) -> dict[str, Any]:
    plan = schedule.plan
    return {
        "name": plan.name,
        "start": schedule.start.isoformat(),
        "end": schedule.end.isoformat(),
        "finish": plan.finish.isoformat() if plan.finish else None,
        "overrun_days": schedule.overrun,
        "tracking_from": schedule.tracking.isoformat(),
        "timezone": plan.timezone,
        "rest_days": [WEEKDAYS[d] for d in sorted(plan.rest_days)],
        "holidays": sorted(day.isoformat() for day in plan.holidays),
        "weeks": [week_json(schedule, week, done) for week in weeks],
        "faded": [
            {
                "task": fading.task,
                "reason": "automatic",
                "answers": list(fading.answers),
                "adherence": round(fading.adherence, 4),
                "weeks": list(fading.weeks),
            }
            for fading in (faded or {}).values()
        ],
        "goals": [
            {
                "id": goal.id,
                "title": goal.title,
                "metric": goal.metric,
                "target": goal.target,
                "by": goal_date(schedule, goal.by).isoformat(),
                "checkpoints": {str(week): value for week, value in goal.checkpoints},
            }
            for goal in plan.goals
        ],
    }


def _fit_entry(entry: str, columns: int) -> str:
    """A grid entry in `columns`: an "id target" entry shortens its id and keeps the number."""
    if len(entry) <= columns:
        return entry
    name, _, number = entry.rpartition(" ")
    if name and number.isdigit() and columns - len(number) - 2 >= 2:
        return f"{name[: columns - len(number) - 2]}… {number}"
    return fit(entry, columns)


def faded_line(faded: Mapping[str, Fading]) -> str:
    """ "Reminders faded: automatic: comment (answers 6, 7, 7; weeks 4 and 5 95% done)"."""
    return "Reminders faded: automatic: " + "; ".join(fading.words() for fading in faded.values())


def plan_grid(
    schedule: Schedule,
    today: date,
    columns: int = 100,
    done: Mapping[int, float] | None = None,
    faded: Mapping[str, Fading] | None = None,
) -> str:
    """The whole plan as a week × weekday grid, like a printed training plan, `columns` wide at most.

    Every row is one plan week, its days in calendar order under their real weekdays: a heading line
    comes again wherever a week's days fall on other weekdays than the week before (a plan started on a
    Thursday reads `Thu Fri ... Wed`; a rotating shift changes the heading from its week on). `done`: the
    minutes done in each week tracked, beside the planned ones; `faded`: the tasks whose reminders faded.
    """
    plan = schedule.plan
    cells: dict[date, list[str]] = {}
    for day in schedule.days():
        entries = [f"{occ.id} {occ.target}" for occ in schedule.fixed_due_on(day)]
        if schedule.is_rest_day(day):
            entries.insert(0, "holiday" if day in plan.holidays else "rest")
        cells[day] = entries
    phase_width = max([5, *(width(phase.name) for phase in plan.phases)])
    loads = {
        week: f"{minutes(done[week])}/{schedule.planned_minutes(week)}"
        if done and week in done
        else str(schedule.planned_minutes(week))
        for week in range(1, schedule.weeks + 1)
    }
    load_width = max(4, *(len(load) + 1 for load in loads.values()))
    room = (columns - (5 + phase_width + 1 + 5 + load_width)) // 7
    longest = max([9, *(len(entry) + 1 for entries in cells.values() for entry in entries)])
    cell = max(7, min(16, longest, room))
    every = range(1, schedule.weeks + 1)
    heads = headings(schedule, every)
    indent = " " * (5 + phase_width + 1 + 5 + load_width)
    lines = [f"{plan.name}: {plan.weeks} weeks, {long_day(schedule.start)} to {long_day(schedule.end)}", ""]
    for week in every:
        if week in heads:
            left = f"{'Week':<5}{'Phase':<{phase_width + 1}}{'Vol':<5}{'Min':<{load_width}}" if week == 1 else indent
            lines.append((left + "".join(f"{name:<{cell}}" for name in heads[week])).rstrip())
        phase = schedule.phase_of(week)
        days = schedule.days_of_week(week)
        gap = [day for day in schedule.span(week) if schedule.is_shifted(day)]
        before = [day for day in gap if day < days[0]]
        among = [day for day in gap if day > days[0]]
        if before:
            lines.append(_shifted_line(indent, before, today))
        height = max(1, *(len(cells[day]) for day in days))
        marker = ">" if today in days else " "
        again = "r" if schedule.repeat_of(week) is not None else ""
        for row in range(height):
            if row == 0:
                number_ = f"{schedule.plan_week(week)}{again}"
                label = f"{marker}{number_:<4}{pad(phase.name if phase else '-', phase_width + 1)}{float(schedule.volume(week)):<5.2g}{loads[week]:<{load_width}}"
            else:
                label = indent
            line = label
            for day in days:
                entry = cells[day][row] if row < len(cells[day]) else ""
                if row == 0 and day == today:
                    entry = "*" + (entry or "today")
                line += f"{_fit_entry(entry, cell - 1):<{cell}}"
            lines.append(line.rstrip())
        if among:
            lines.append(_shifted_line(indent, among, today))
        flexible = schedule.flexible_in_week(week)
        if flexible:
            lines.append(
                indent + "any days: " + ", ".join(f"{task.id} {target} ×{task.per_week}" for task, target in flexible)
            )
        override = schedule.week_override(week)
        if override and override.note:
            lines.append(indent + one_line(override.note))
    lines.append("")
    legend = "> this week   * today   target per day after phase and week volume"
    legend += "\nMin: minutes done/planned in the weeks tracked, planned in the weeks to come"
    if any(schedule.repeat_of(week) is not None for week in every):
        legend += "   r repeated week"
    if len(heads) > 1 or heads[1] != WEEKDAY_HEADING:
        legend += "\ncolumns are each week's days in calendar order, under their real weekdays"
    lines.append(legend)
    if schedule.overrun:
        lines.append(f"The plan now ends {schedule.overrun} days after its finish date {plan.finish}.")
    if faded:
        lines.append(faded_line(faded))
    return "\n".join(lines)


WEEKDAY_HEADING = tuple(name.capitalize() for name in WEEKDAYS)


def _shifted_line(indent: str, gap: list[date], today: date) -> str:
    here = " *today" if today in gap else ""
    return f"{indent}shifted: {gap[0]:%a %d %b} to {gap[-1]:%a %d %b}, free{here}"


def week_text(schedule: Schedule, week: int, done: Mapping[int, float] | None = None) -> str:
    """One week in detail: every day with times, titles and targets."""
    plan = schedule.plan
    phase = schedule.phase_of(week)
    override = schedule.week_override(week)
    again = " again" if schedule.repeat_of(week) is not None else ""
    head = f"Week {schedule.plan_week(week)}{again} of {plan.weeks}" + (f" · {phase.name}" if phase else "")
    head += f" · volume {float(schedule.volume(week)):g}"
    lines = [head]
    if override and override.note:
        lines.append(override.note)
    for day in schedule.span(week):
        if schedule.is_shifted(day):
            lines.append(f"{long_day(day)} shifted: free")
            continue
        rest = schedule.is_rest_day(day)
        label = " holiday" if day in plan.holidays else (" rest" if rest else "")
        lines.append(f"{long_day(day)}{label}")
        for occ in schedule.fixed_due_on(day):
            task = occ.task
            duration = f"{task.duration_min}m" if task.duration_min else ""
            lines.append(
                f"  {clock(task) or '':<6} {pad(fit(task.title, 44), 45)} {pad(quantity(occ.target, task.unit), 15)} {duration}".rstrip()
            )
    for task, target in schedule.flexible_in_week(week):
        lines.append(f"Any {plural(task.per_week or 0, 'day')} this week: {task.title} ({quantity(target, task.unit)})")
    lines.append(f"Planned time: {schedule.planned_minutes(week)} min")
    if done and week in done:
        lines[-1] += f"; done: {minutes(done[week])} min"
    return "\n".join(lines)
