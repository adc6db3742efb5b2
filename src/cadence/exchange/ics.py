"""The plan as an RFC 5545 calendar: its blocks and timed tasks, one event per occurrence.

UIDs are `TASK-DATE@cadence`, DATE being the occurrence's day in the plan as
written (before any shift; a repeated week's days add `-again`), so importing
a new export after a shift moves each event to its new day instead of adding
copies. Times carry the plan's zone, with its VTIMEZONE. Rest days, holidays
and shifted days have no events.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from cadence.core.calendar import Schedule

DEFAULT_MINUTES = 15
"""The length of a timed task's event when the plan gives it no duration."""


def ics(schedule: Schedule, zone: tzinfo, now: datetime) -> str:
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    plan = schedule.plan
    calendar = Calendar()
    calendar.add("prodid", "-//cadence//plan export//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", plan.name)
    stamp = now.astimezone(UTC)
    for day in schedule.days():
        if schedule.is_rest_day(day):
            continue
        for occ in schedule.fixed_due_on(day):
            task = occ.task
            if task.at is None:
                continue
            start = datetime.combine(day, task.at, tzinfo=zone)
            minutes = task.duration_min or DEFAULT_MINUTES
            event = CalendarEvent()
            event.add("uid", f"{task.id}-{schedule.origin(day)}@cadence")
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=minutes))
            summary = task.title if task.kind == "block" else f"{task.title} ({occ.target} {task.unit})"
            event.add("summary", summary)
            if task.note:
                event.add("description", task.note)
            if task.channel:
                event.add("categories", [task.channel])
            event.add("x-cadence-task", task.id)
            calendar.add_component(event)
    if getattr(zone, "key", None):
        calendar.add_missing_timezones()
    return str(calendar.to_ical().decode("utf-8"))
