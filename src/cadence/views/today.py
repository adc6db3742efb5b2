"""What `cadence today` prints: its JSON (docs/commands.md) and the human view of the same values."""

from __future__ import annotations

from datetime import date

from cadence.core.calendar import Schedule
from cadence.core.rhythm import week_to_repeat
from cadence.core.status import Item, Ledger, day_items, makeup_items
from cadence.core.units import fraction, quantity
from cadence.printable import pad
from cadence.wording import clock, long_day, number, plural

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import Any

    from cadence.core.comeback import Comeback


def week_label(schedule: Schedule, week: int) -> str:
    """ "week 3 of 12", or "week 3 again" for a repeated week: the plan's own numbers."""
    number_ = schedule.plan_week(week)
    again = " again" if schedule.repeat_of(week) is not None else ""
    return f"week {number_}{again} of {schedule.plan.weeks}"


def item_json(item: Item, ledger: Ledger | None = None, with_date: bool = False) -> dict[str, Any]:
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
        "week_quota": item.week.quota if item.week else None,
        "week_done": item.week.counted if item.week else None,
        "week_extra": item.week.extra if item.week else None,
        "notes": list(ledger.notes.get((task.id, occ.day), ())) if ledger is not None else [],
    }
    if item.status == "skipped" and ledger is not None:
        data["reason"] = ledger.reason(task.id, occ.day)
    if with_date:
        data["date"] = occ.day.isoformat()
    return data


def today_json(schedule: Schedule, day: date, ledger: Ledger, today: date, run: int | None = None) -> dict[str, Any]:
    """`week` is the plan's week number (a repeated week has its week's number and `repeat_of`)."""
    plan = schedule.plan
    week = schedule.week_of(day)
    phase = schedule.phase_of(week) if week else None
    data: dict[str, Any] = {
        "date": day.isoformat(),
        "plan": plan.name,
        "run": run,
        "start": schedule.start.isoformat(),
        "end": schedule.end.isoformat(),
        "tracking_from": schedule.tracking.isoformat(),
        "complete": today > schedule.end,
        "overrun_days": schedule.overrun,
        "week": schedule.plan_week(week) if week else None,
        "repeat_of": schedule.repeat_of(week) if week else None,
        "weeks": plan.weeks,
        "phase": phase.name if phase else None,
        "rest_day": bool(week) and schedule.is_rest_day(day),
        "shifted": schedule.is_shifted(day),
        "untracked": schedule.contains(day) and not schedule.is_tracked(day),
        "items": [],
        "makeup": [],
    }
    if day == today and schedule.contains(today):  # a shifted day still shows what it can make up
        data["makeup"] = [item_json(item, ledger, with_date=True) for item in makeup_items(schedule, ledger, today)]
        found = lead(schedule, ledger, today)
        data["comeback"] = (
            None
            if found is None
            else {
                "missed": found.missed.isoformat(),
                "tasks": [{"id": task.id, "target": target, "unit": task.unit} for task, target in found.steps],
            }
        )
    else:
        data["comeback"] = None
    if week is None:
        return data
    data["items"] = [item_json(item, ledger) for item in day_items(schedule, day, ledger, today)]
    return data


def lead(schedule: Schedule, ledger: Ledger, today: date) -> Comeback | None:
    from cadence.core.comeback import comeback  # the streak engine, loaded only for today itself

    return comeback(schedule, ledger, today)


def comeback_line(found: Comeback) -> str:
    """ "Comeback: Wed 02 Dec was missed. Start small: ..." — the first thing Today says after a miss."""
    steps = ", ".join(f"{task.title} ({quantity(target, task.unit)})" for task, target in found.steps)
    small = f" Start small, as in week 1: {steps}." if steps else ""
    return f"Comeback: {found.missed:%a %d %b} was missed.{small} A kept day now is a comeback."


def _amount(item: Item) -> str:
    return fraction(item.done, item.occurrence.target, item.task.unit)


def _item_line(item: Item, show_date: bool = False) -> str:
    task = item.task
    when = task.window()
    title = task.title if task.required else f"{task.title} (optional)"
    if item.week is not None:
        title += f" [{item.week} this week]"
    prefix = f"{item.occurrence.day:%a %d %b}  " if show_date else ""
    return f"  {prefix}{task.id:<12} {when:<11} {pad(title, 44)} {pad(_amount(item), 18)} {item.status}"


CLI_HELP = (
    "'cadence repeat-week --week {week}' does week {week} again before moving on, 'cadence shift 1w' gives you a week."
)
"""What the fell-behind line suggests on the command line (the TUI names its keys instead); {week} is the plan
week that `repeat-week` can still do again: this one (a finished week is never lived again)."""


def nudges(schedule: Schedule, ledger: Ledger, today: date, help: str = CLI_HELP) -> list[str]:
    """The lines that say the plan is slipping: a second miss in a row, a finished week under half done.

    `help` ends the fell-behind line with what to do, in the words of the surface that shows it; every
    command or key it names does what it says when taken as written.
    """
    from cadence.core.streaks import fell_behind, missed_in_a_row

    lines = []
    missed = missed_in_a_row(schedule, ledger, today)
    if missed >= 2:
        lines.append(f"{missed} days missed in a row. Never miss twice: today's work brings the habit back.")
    behind = fell_behind(schedule, ledger, today)
    again = week_to_repeat(schedule, today)
    if behind is not None and again is not None:
        lines.append(
            f"{week_label(schedule, behind.week).capitalize()} was {round(behind.adherence * 100)}% done: "
            + help.format(week=again)
        )
    return lines


def today_text(schedule: Schedule, day: date, ledger: Ledger, today: date) -> str:
    plan = schedule.plan
    week = schedule.week_of(day)
    if schedule.is_shifted(day):
        resume = next((d for d in schedule.days() if d > day and not schedule.is_shifted(d)), schedule.end)
        lines = [
            f"{plan.name} · {long_day(day)} · shifted: the plan moved past this day, so nothing is due.",
            f"It resumes on {long_day(resume)}.",
        ]
        makeup = makeup_items(schedule, ledger, today) if day == today else []
        if makeup:
            lines.append("Make up from earlier days:")
            lines.extend(_item_line(item, show_date=True) for item in makeup)
        return "\n".join(lines)
    if week is None:
        if day < schedule.start:
            days = (schedule.start - day).days
            return (
                f"{plan.name} starts on {long_day(schedule.start)}, in {days} day{'s' if days != 1 else ''}.\n"
                f"See what it asks with 'cadence plan show'."
            )
        return f"{plan.name} ended on {long_day(schedule.end)}. See how it went with 'cadence review'."
    phase = schedule.phase_of(week)
    header = f"{plan.name} · {week_label(schedule, week)}" + (f" · {phase.name}" if phase else "")
    lines = [f"{header} · {long_day(day)}"]
    if not schedule.is_tracked(day):
        lines.append(f"  Untracked: tracking began on {long_day(schedule.tracking)}; nothing is owed before it.")
    override = schedule.week_override(week)
    if override and override.note:
        lines.append(f"  {override.note}")
    items = day_items(schedule, day, ledger, today)
    found = lead(schedule, ledger, today) if day == today else None
    if found is not None:
        lines.append(comeback_line(found))
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
        lines.extend(nudges(schedule, ledger, today))
        if schedule.overrun:
            lines.append(
                f"The plan now ends on {long_day(schedule.end)}, {plural(schedule.overrun, 'day')} after its"
                f" finish date {plan.finish}."
            )
    return "\n".join(lines)
