"""The plan as an RFC 5545 calendar: its blocks and timed tasks, one event per occurrence.

UIDs are `TASK-DATE@cadence`, DATE being the occurrence's day in the plan as
written (before any shift; a repeated week's days add `-again`), so importing
a new export after a shift moves each event to its new day instead of adding
copies. Times carry the plan's zone, with its VTIMEZONE, and an alarm at the
task's time; a task without a time is an all-day event, a `per_week` task one
all-day event over its week. Each DESCRIPTION says the target, the week and
phase, and the notes of the task and the plan. Rest days, holidays and
shifted days have no events.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from cadence.core.calendar import Schedule
from cadence.core.model import Task
from cadence.core.units import quantity
from cadence.wording import plural

DEFAULT_MINUTES = 15
"""The length of a timed task's event when the plan gives it no duration."""


def describe(schedule: Schedule, task: Task, week: int, target: int) -> str:
    """An event's DESCRIPTION: what is asked, in which phase, and the notes of the task and the plan."""
    phase = schedule.phase_of(week)
    lines = [
        f"Target: {quantity(target, task.unit)}"
        + (f", {plural(task.per_week, 'day')} this week" if task.per_week else "")
    ]
    lines.append(f"Week {schedule.plan_week(week)} of {schedule.plan.weeks}" + (f", {phase.name}" if phase else ""))
    lines += [note for note in (task.note, schedule.plan.note) if note]
    return "\n".join(lines)


def ics(schedule: Schedule, zone: tzinfo, now: datetime) -> str:
    from icalendar import Alarm, Calendar
    from icalendar import Event as CalendarEvent

    plan = schedule.plan
    calendar = Calendar()
    calendar.add("prodid", "-//cadence//plan export//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", plan.name)
    stamp = now.astimezone(UTC)

    def event(task: Task, uid: str, summary: str, description: str) -> CalendarEvent:
        found = CalendarEvent()
        found.add("uid", uid)
        found.add("dtstamp", stamp)
        found.add("summary", summary)
        found.add("description", description)
        if task.channel:
            found.add("categories", [task.channel])
        found.add("x-cadence-task", task.id)
        return found

    for day in schedule.days():
        if schedule.is_rest_day(day):
            continue
        for occ in schedule.fixed_due_on(day):
            task = occ.task
            summary = task.title if task.kind == "block" else f"{task.title} ({quantity(occ.target, task.unit)})"
            found = event(
                task,
                f"{task.id}-{schedule.origin(day)}@cadence",
                summary,
                describe(schedule, task, occ.week, occ.target),
            )
            if task.at is None:  # no time of day: an all-day event
                found.add("dtstart", day)
                found.add("dtend", day + timedelta(days=1))
            else:
                start = datetime.combine(day, task.at, tzinfo=zone)
                found.add("dtstart", start)
                found.add("dtend", start + timedelta(minutes=task.duration_min or DEFAULT_MINUTES))
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", task.title)
                alarm.add("trigger", timedelta(0))
                found.add_component(alarm)
            calendar.add_component(found)
    for week in range(1, schedule.weeks + 1):  # per_week tasks: the week, as one all-day event
        first, last = schedule.week_start(week), schedule.week_end(week)
        for task, target in schedule.flexible_in_week(week):
            summary = f"{task.title} ({task.per_week}× {quantity(target, task.unit)} this week)"
            found = event(
                task,
                f"{task.id}-week-{schedule.origin(first)}@cadence",
                summary,
                describe(schedule, task, week, target),
            )
            found.add("dtstart", first)
            found.add("dtend", last + timedelta(days=1))
            calendar.add_component(found)
    if getattr(zone, "key", None):
        calendar.add_missing_timezones()
    return str(calendar.to_ical().decode("utf-8"))
