"""What the read commands print: the JSON of SPEC §4 and the human views of the same values."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from cadence.core.calendar import Schedule
from cadence.core.model import WEEKDAYS, Task
from cadence.core.review import Review, goal_date
from cadence.core.status import Item, Ledger, day_items, makeup_items
from cadence.core.streaks import day_state, overall_streak, strength, task_streak
from cadence.store import Event


def number(value: float | Fraction) -> int | float:
    """A JSON number: integral values without a fraction part."""
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 4)


def _clock(task: Task) -> str | None:
    return task.at.strftime("%H:%M") if task.at else None


def item_json(item: Item, with_date: bool = False) -> dict[str, Any]:
    task, occ = item.task, item.occurrence
    data: dict[str, Any] = {
        "id": task.id,
        "kind": task.kind,
        "title": task.title,
        "target": occ.target,
        "unit": task.unit,
        "done": number(item.done),
        "status": item.status,
        "at": _clock(task),
        "duration_min": task.duration_min,
        "required": task.required,
        "channel": task.channel,
        "per_week": task.per_week,
        "week_done": item.week_done,
    }
    if with_date:
        data["date"] = occ.day.isoformat()
    return data


def today_json(schedule: Schedule, day: date, ledger: Ledger, today: date) -> dict[str, Any]:
    plan = schedule.plan
    week = schedule.week_of(day)
    phase = schedule.phase_of(week) if week else None
    data: dict[str, Any] = {
        "date": day.isoformat(),
        "plan": plan.name,
        "start": schedule.start.isoformat(),
        "end": schedule.end.isoformat(),
        "week": week,
        "weeks": plan.weeks,
        "phase": phase.name if phase else None,
        "rest_day": bool(week) and schedule.is_rest_day(day),
        "items": [],
        "makeup": [],
    }
    if week is None:
        return data
    data["items"] = [item_json(item) for item in day_items(schedule, day, ledger, today)]
    if day == today:
        data["makeup"] = [item_json(item, with_date=True) for item in makeup_items(schedule, ledger, today)]
    return data


def _long_day(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def _amount(item: Item) -> str:
    unit = item.task.unit
    return f"{number(item.done)}/{item.occurrence.target} {unit}"


def _item_line(item: Item, show_date: bool = False) -> str:
    task = item.task
    when = _clock(task) or ""
    if task.kind == "block" and task.at and task.duration_min:
        end = (task.at.hour * 60 + task.at.minute + task.duration_min) % (24 * 60)
        when = f"{when}-{end // 60:02d}:{end % 60:02d}"
    title = task.title if task.required else f"{task.title} (optional)"
    if task.per_week is not None:
        title += f" [{item.week_done or 0}/{task.per_week} this week]"
    prefix = f"{item.occurrence.day:%a %d %b}  " if show_date else ""
    return f"  {prefix}{when:<11} {title:<44} {_amount(item):<18} {item.status}"


def today_text(schedule: Schedule, day: date, ledger: Ledger, today: date) -> str:
    plan = schedule.plan
    week = schedule.week_of(day)
    if week is None:
        if day < schedule.start:
            days = (schedule.start - day).days
            return (
                f"{plan.name} starts on {_long_day(schedule.start)}, in {days} day{'s' if days != 1 else ''}.\n"
                f"See what it asks with 'cadence plan show'."
            )
        return f"{plan.name} ended on {_long_day(schedule.end)}. See how it went with 'cadence review'."
    phase = schedule.phase_of(week)
    header = f"{plan.name} · week {week} of {plan.weeks}" + (f" · {phase.name}" if phase else "")
    lines = [f"{header} · {_long_day(day)}"]
    override = schedule.week_override(week)
    if override and override.note:
        lines.append(f"  {override.note}")
    items = day_items(schedule, day, ledger, today)
    if schedule.is_rest_day(day):
        reason = "Holiday" if day in plan.holidays else "Rest day"
        lines.append(f"{reason}: recovery is part of the plan.")
    if items:
        lines.extend(_item_line(item) for item in items)
    elif not schedule.is_rest_day(day):
        lines.append("Nothing is due today.")
    if day == today:
        makeup = makeup_items(schedule, ledger, today)
        if makeup:
            lines.append("Make up from earlier days:")
            lines.extend(_item_line(item, show_date=True) for item in makeup)
    return "\n".join(lines)


# --------------------------------------------------------------------------- plan show


def week_json(schedule: Schedule, week: int) -> dict[str, Any]:
    phase = schedule.phase_of(week)
    override = schedule.week_override(week)
    return {
        "number": week,
        "phase": phase.name if phase else None,
        "volume": number(schedule.volume(week)),
        "note": override.note if override else None,
        "planned_minutes": schedule.planned_minutes(week),
        "days": [
            {
                "date": day.isoformat(),
                "weekday": WEEKDAYS[day.weekday()],
                "rest_day": schedule.is_rest_day(day),
                "items": [
                    {
                        "id": occ.id,
                        "kind": occ.task.kind,
                        "target": occ.target,
                        "unit": occ.task.unit,
                        "at": _clock(occ.task),
                        "duration_min": occ.task.duration_min,
                    }
                    for occ in schedule.fixed_due_on(day)
                ],
            }
            for day in schedule.days_of_week(week)
        ],
        "flexible": [
            {"id": task.id, "kind": task.kind, "target": target, "unit": task.unit, "times": task.per_week}
            for task, target in schedule.flexible_in_week(week)
        ],
    }


def plan_json(schedule: Schedule, weeks: list[int]) -> dict[str, Any]:
    plan = schedule.plan
    return {
        "name": plan.name,
        "start": schedule.start.isoformat(),
        "end": schedule.end.isoformat(),
        "timezone": plan.timezone,
        "rest_days": [WEEKDAYS[d] for d in sorted(plan.rest_days)],
        "holidays": sorted(day.isoformat() for day in plan.holidays),
        "weeks": [week_json(schedule, week) for week in weeks],
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


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def plan_grid(schedule: Schedule, today: date) -> str:
    """The whole plan as a week × weekday grid, like a printed training plan."""
    plan = schedule.plan
    cells: dict[date, list[str]] = {}
    for day in schedule.days():
        entries = [f"{occ.id} {occ.target}" for occ in schedule.fixed_due_on(day)]
        if schedule.is_rest_day(day):
            entries.insert(0, "holiday" if day in plan.holidays else "rest")
        cells[day] = entries
    width = min(16, max([9, *(len(entry) + 1 for entries in cells.values() for entry in entries)]))
    phase_width = max([5, *(len(phase.name) for phase in plan.phases)])
    first = schedule.days_of_week(1)
    head = f"{'Week':<5}{'Phase':<{phase_width + 1}}{'Vol':<5}" + "".join(
        f"{WEEKDAYS[day.weekday()].capitalize():<{width}}" for day in first
    )
    lines = [
        f"{plan.name}: {plan.weeks} weeks, {_long_day(schedule.start)} to {_long_day(schedule.end)}",
        "",
        head.rstrip(),
    ]
    for week in range(1, plan.weeks + 1):
        phase = schedule.phase_of(week)
        days = schedule.days_of_week(week)
        height = max(1, *(len(cells[day]) for day in days))
        marker = ">" if today in days else " "
        for row in range(height):
            if row == 0:
                label = f"{marker}{week:<4}{(phase.name if phase else '-'):<{phase_width + 1}}{float(schedule.volume(week)):<5.2g}"
            else:
                label = " " * (5 + phase_width + 1 + 5)
            line = label
            for day in days:
                entry = cells[day][row] if row < len(cells[day]) else ""
                if row == 0 and day == today:
                    entry = "*" + (entry or "today")
                line += f"{_fit(entry, width - 1):<{width}}"
            lines.append(line.rstrip())
        pad = " " * (5 + phase_width + 1 + 5)
        flexible = schedule.flexible_in_week(week)
        if flexible:
            lines.append(
                pad + "any days: " + ", ".join(f"{task.id} {target} ×{task.per_week}" for task, target in flexible)
            )
        override = schedule.week_override(week)
        if override and override.note:
            lines.append(pad + override.note)
    lines.append("")
    lines.append("> this week   * today   target per day after phase and week volume")
    return "\n".join(lines)


def week_text(schedule: Schedule, week: int) -> str:
    """One week in detail: every day with times, titles and targets."""
    plan = schedule.plan
    phase = schedule.phase_of(week)
    override = schedule.week_override(week)
    head = f"Week {week} of {plan.weeks}" + (f" · {phase.name}" if phase else "")
    head += f" · volume {float(schedule.volume(week)):g}"
    lines = [head]
    if override and override.note:
        lines.append(override.note)
    for day in schedule.days_of_week(week):
        rest = schedule.is_rest_day(day)
        label = " holiday" if day in plan.holidays else (" rest" if rest else "")
        lines.append(f"{_long_day(day)}{label}")
        for occ in schedule.fixed_due_on(day):
            task = occ.task
            duration = f"{task.duration_min}m" if task.duration_min else ""
            lines.append(
                f"  {_clock(task) or '':<6} {_fit(task.title, 44):<45} {occ.target} {task.unit:<12} {duration}".rstrip()
            )
    for task, target in schedule.flexible_in_week(week):
        lines.append(
            f"Any {task.per_week} day{'s' if task.per_week != 1 else ''} this week: {task.title} ({target} {task.unit})"
        )
    lines.append(f"Planned time: {schedule.planned_minutes(week)} min")
    return "\n".join(lines)


# --------------------------------------------------------------------------- streak and review


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def streak_json(schedule: Schedule, ledger: Ledger, today: date) -> dict[str, Any]:
    overall = overall_streak(schedule, ledger, today)
    in_plan = schedule.contains(today)
    return {
        "current": overall.current,
        "longest": overall.longest,
        "today": day_state(schedule, today, ledger, today) if in_plan else None,
        "tasks": {
            task.id: {
                "current": streak.current,
                "longest": streak.longest,
                "strength": round(strength(schedule, task, ledger, today), 6),
                "unit": "weeks" if task.per_week is not None else "days",
            }
            for task in schedule.plan.tasks
            for streak in [task_streak(schedule, task, ledger, today)]
        },
    }


def streak_text(schedule: Schedule, data: dict[str, Any]) -> str:
    current, longest = data["current"], data["longest"]
    lines = [f"Current streak: {current} day{'s' if current != 1 else ''} (longest {longest})"]
    if data["today"] == "open":
        lines[0] += "; today is still open"
    width = max([4, *(len(task_id) for task_id in data["tasks"])])
    lines.append(f"  {'task':<{width}}  {'current':>7}  {'longest':>7}  strength")
    for task_id, info in data["tasks"].items():
        unit = "w" if info["unit"] == "weeks" else "d"
        bar = "█" * round(info["strength"] * 10) + "·" * (10 - round(info["strength"] * 10))
        lines.append(
            f"  {task_id:<{width}}  {str(info['current']) + unit:>7}  {str(info['longest']) + unit:>7}"
            f"  {bar} {round(info['strength'] * 100)}%"
        )
    return "\n".join(lines)


def review_json(result: Review) -> dict[str, Any]:
    return {
        "adherence": None if result.adherence is None else round(result.adherence, 4),
        "weeks": [{"number": n, "adherence": None if a is None else round(a, 4)} for n, a in result.weeks],
        "tasks": [
            {
                "id": t.task.id,
                "kind": t.task.kind,
                "channel": t.task.channel,
                "unit": t.task.unit,
                "activity": number(t.activity),
                "done": t.done,
                "hours": round(t.hours, 4),
                "results": {metric: number(amount) for metric, amount in t.results.items()},
                "results_per_hour": None if t.results_per_hour is None else round(t.results_per_hour, 4),
                "verdict": t.verdict,
            }
            for t in result.tasks
        ],
        "channels": [
            {
                "channel": c.channel,
                "tasks": list(c.tasks),
                "activity": c.activity,
                "results": {metric: number(amount) for metric, amount in c.results.items()},
                "results_per_hour": None if c.results_per_hour is None else round(c.results_per_hour, 4),
            }
            for c in result.channels
        ],
        "goals": [
            {
                "id": g.goal.id,
                "title": g.goal.title,
                "metric": g.goal.metric,
                "current": number(g.current),
                "target": g.goal.target,
                "by": g.by.isoformat(),
                "projected": round(g.projected, 2),
                "on_pace": g.on_pace,
                "checkpoints": [
                    {
                        "week": c.week,
                        "value": c.value,
                        "date": c.day.isoformat(),
                        "actual": number(c.actual),
                        "status": c.status,
                    }
                    for c in g.checkpoints
                ],
            }
            for g in result.goals
        ],
    }


VERDICT_WORDS = {
    "working": "working",
    "no_results": "no results in 3 weeks",
    "too_early": "too early to tell",
    "untracked": "no results declared",
}


def review_text(schedule: Schedule, result: Review, today: date, week: int | None) -> str:
    plan = schedule.plan
    scope = f"week {week}" if week else "the plan so far"
    lines = [f"Review of {plan.name}, {scope}, as of {_long_day(today)}", f"Adherence: {_percent(result.adherence)}"]
    for number_, adherence in result.weeks:
        filled = 0 if adherence is None else round(adherence * 20)
        lines.append(f"  week {number_:>3}  {'█' * filled}{'·' * (20 - filled)} {_percent(adherence)}")
    lines += ["", "Tasks"]
    width = max([4, *(len(t.task.id) for t in result.tasks)])
    for t in result.tasks:
        results = ", ".join(f"{metric} {amount:g}" for metric, amount in t.results.items()) or "no results"
        per_hour = "" if t.results_per_hour is None else f", {t.results_per_hour:.1f}/h"
        lines.append(
            f"  {t.task.id:<{width}}  {t.activity:g} {t.task.unit}; {results}{per_hour}: {VERDICT_WORDS[t.verdict]}"
        )
    if result.channels:
        lines += ["", "Channels"]
        for c in result.channels:
            results = ", ".join(f"{metric} {amount:g}" for metric, amount in c.results.items()) or "no results"
            per_hour = "" if c.results_per_hour is None else f", {c.results_per_hour:.1f}/h"
            lines.append(f"  {c.channel}: {c.activity} done; {results}{per_hour}")
    if result.goals:
        lines += ["", "Goals"]
        for g in result.goals:
            pace = "on pace" if g.on_pace else "behind pace"
            lines.append(
                f"  {g.goal.title}: {g.current:g} of {g.goal.target} {g.goal.metric} by {g.by.isoformat()}; "
                f"projected {g.projected:.0f}, {pace}"
            )
            for point in g.checkpoints:
                lines.append(
                    f"    week {point.week}: {point.value} by {point.day.isoformat()}, {point.status} ({point.actual:g})"
                )
    dropping = [t.task.id for t in result.tasks if t.verdict == "no_results"]
    if dropping:
        lines += ["", f"No results for three weeks of work: {', '.join(dropping)}. Consider dropping or changing them."]
    return "\n".join(lines)


def describe_event(event: Event) -> str:
    """One event in words, for undo's confirmation."""
    if event.kind == "checkin":
        return f"check-in of {event.task} {event.amount:g} on {event.day}"
    if event.kind == "result":
        task = f" for {event.task}" if event.task else ""
        return f"result {event.metric} {event.amount:g}{task} on {event.day}"
    if event.kind == "skip":
        span = f"from {event.day} to {event.until}" if event.until else f"on {event.day}"
        return f"skip of {event.task or 'everything'} {span}"
    return f"undo of batch {event.target_batch}"
