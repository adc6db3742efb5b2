"""What `cadence today` prints: its JSON (docs/commands.md) and the human view of the same values."""

from __future__ import annotations

from datetime import date
from typing import Any

from cadence.core.calendar import Schedule
from cadence.core.status import Item, Ledger, day_items, makeup_items
from cadence.wording import clock, long_day, number


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
        "at": clock(task),
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


def _amount(item: Item) -> str:
    unit = item.task.unit
    return f"{number(item.done)}/{item.occurrence.target} {unit}"


def _item_line(item: Item, show_date: bool = False) -> str:
    task = item.task
    when = task.window()
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
                f"{plan.name} starts on {long_day(schedule.start)}, in {days} day{'s' if days != 1 else ''}.\n"
                f"See what it asks with 'cadence plan show'."
            )
        return f"{plan.name} ended on {long_day(schedule.end)}. See how it went with 'cadence review'."
    phase = schedule.phase_of(week)
    header = f"{plan.name} · week {week} of {plan.weeks}" + (f" · {phase.name}" if phase else "")
    lines = [f"{header} · {long_day(day)}"]
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
