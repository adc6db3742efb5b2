"""When to raise what: the due instants of a window, and the words of each notification.

Pure. APScheduler is only the alarm clock: this module computes every instant
from the plan, so recurrence never lives in a cron trigger and DST is decided
here, once: a wall time that happens twice (autumn) means the first; one that
does not happen (spring) is read with the offset before the change.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal, NamedTuple

from cadence.core.calendar import Schedule
from cadence.core.model import Task
from cadence.core.status import Item, Ledger, day_items, makeup_items
from cadence.core.units import fraction, quantity

AlarmKind = Literal["reminder", "block_start", "block_end", "morning", "evening"]


class Alarm(NamedTuple):
    """One notification due at one instant; `key` is stable, so it is sent once."""

    key: str
    kind: AlarmKind
    at: datetime
    """In UTC: Python compares two datetimes of one zone by wall time, ignoring DST."""
    wall: time
    """The local wall time, as the plan says it."""
    day: date
    """The plan day it belongs to."""
    task_id: str | None = None


def instant(day: date, at: time, zone: tzinfo, day_starts: time) -> datetime:
    """The moment (UTC) of a plan day's wall time; before `day_starts` it is on the next date."""
    calendar_day = day + timedelta(days=1) if at < day_starts else day
    return datetime.combine(calendar_day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


def alarms_of_day(schedule: Schedule, day: date, zone: tzinfo, faded: Collection[str] = ()) -> list[Alarm]:
    """The day's alarms; a task whose reminders faded (`core.automaticity`) has none at its time."""
    plan = schedule.plan
    if not schedule.contains(day) or not schedule.is_tracked(day) or schedule.is_shifted(day):
        return []  # nothing is owed before tracking began: no reminder, no catch-up
    found: list[Alarm] = []
    stamp = day.isoformat()
    if plan.notify.morning is not None:
        morning = plan.notify.morning
        found.append(Alarm(f"morning:{stamp}", "morning", instant(day, morning, zone, plan.day_starts), morning, day))
    for occ in schedule.due_on(day):
        task = occ.task
        if task.at is None or task.id in faded:
            continue
        start = instant(day, task.at, zone, plan.day_starts)
        if task.kind == "block":
            found.append(Alarm(f"block_start:{task.id}:{stamp}", "block_start", start, task.at, day, task.id))
            end = start + timedelta(minutes=task.duration_min or 0)
            minutes = task.at.hour * 60 + task.at.minute + (task.duration_min or 0)
            wall_end = time(minutes // 60 % 24, minutes % 60)
            found.append(Alarm(f"block_end:{task.id}:{stamp}", "block_end", end, wall_end, day, task.id))
        else:
            found.append(Alarm(f"reminder:{task.id}:{stamp}", "reminder", start, task.at, day, task.id))
    if plan.notify.evening is not None:
        evening = plan.notify.evening
        found.append(Alarm(f"evening:{stamp}", "evening", instant(day, evening, zone, plan.day_starts), evening, day))
    return found


def alarms_between(
    schedule: Schedule, zone: tzinfo, start: datetime, end: datetime, faded: Collection[str] = ()
) -> list[Alarm]:
    """Every alarm with start <= at < end, in time order (start and end are aware)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    first = start.astimezone(zone).date() - timedelta(days=2)
    last = end.astimezone(zone).date() + timedelta(days=1)
    found: list[Alarm] = []
    day = first
    while day <= last:
        found += [alarm for alarm in alarms_of_day(schedule, day, zone, faded) if start <= alarm.at < end]
        day += timedelta(days=1)
    return sorted(found, key=lambda alarm: (alarm.at, alarm.key))


class Words(NamedTuple):
    """The text of a notification; plain text, escaped (if at all) by the notifier."""

    title: str
    body: str
    missable: bool = True
    """False for what cannot be missed, like a rest day's morning: never folded into "Missed while away"."""


def _amount(item: Item) -> str:
    if item.done:
        return fraction(item.done, item.occurrence.target, item.task.unit)
    return quantity(item.occurrence.target, item.task.unit)


def log_prompt(task: Task) -> str:
    """What to log after a task, in its own metrics: "Log what came of it: followers, leads."."""
    if not task.results:
        return "Log what came of it."
    return f"Log what came of it: {', '.join(task.results)}."


def still_due(item: Item) -> bool:
    return item.status in ("open", "partial")


def words(alarm: Alarm, schedule: Schedule, ledger: Ledger, today: date, faded: Collection[str] = ()) -> Words | None:
    """What to say for an alarm as things stand; None when there is nothing to say any more. A task whose
    reminders faded is named in the morning summary only, not in the evening's nudge."""
    items = day_items(schedule, alarm.day, ledger, today)
    if alarm.kind == "morning":
        week = schedule.week_of(alarm.day)
        phase = schedule.phase_of(week) if week else None
        number = schedule.plan_week(week) if week else 0
        head = f"Week {number} of {schedule.plan.weeks}" + (f", {phase.name}" if phase else "")
        if schedule.is_rest_day(alarm.day) and not any(item.task.required for item in items):
            optional = "".join(f"\nIf you like: {item.task.title}" for item in items)
            return Words(f"{schedule.plan.name}: rest day", f"{head}. Rest is part of the plan.{optional}", False)
        if not items:
            return Words(f"{schedule.plan.name}: nothing due", f"{head}. Nothing is due today.", False)
        lines = [
            f"{item.task.title}: {_amount(item)}" + (f" at {item.task.at:%H:%M}" if item.task.at else "")
            for item in items
        ]
        makeup = makeup_items(schedule, ledger, today) if alarm.day == today else []
        if makeup:
            lines.append(f"Make up: {', '.join(item.task.title for item in makeup)}")
        return Words(f"{schedule.plan.name}: today", f"{head}.\n" + "\n".join(lines))
    if alarm.kind == "evening":
        left = [
            item
            for item in items
            if still_due(item) and item.task.required and item.task.per_week is None and item.task.id not in faded
        ]
        if not left:
            return None
        return Words("Still to do today", "\n".join(f"{item.task.title}: {_amount(item)}" for item in left))
    item = next((item for item in items if item.task.id == alarm.task_id), None)
    if item is None:
        return None
    task = item.task
    if alarm.kind == "block_end":
        return Words(f"{task.title}: time is up", log_prompt(task))
    if not still_due(item):
        return None
    if alarm.kind == "block_start":
        return Words(f"Blocked time: {task.title}", task.window() + (f"\n{task.note}" if task.note else ""))
    detail = " · ".join(
        part for part in (_amount(item), f"{task.duration_min} min" if task.duration_min else "") if part
    )
    then = f"\nThen log: {', '.join(task.results)}." if task.results else ""
    return Words(task.title, detail + (f"\n{task.note}" if task.note else "") + then)


def catch_up_words(missed: list[tuple[Alarm, Words]]) -> Words:
    """One notification for everything missed while the machine slept or cadence was off."""
    lines = [f"{alarm.wall:%H:%M} {said.title}" for alarm, said in missed]
    count = len(missed)
    return Words(f"Missed while away: {count} reminder{'s' if count != 1 else ''}", "\n".join(lines))
