"""The plan as an RFC 5545 calendar: its blocks and timed tasks, one event per occurrence.

UIDs are `TASK-DATE@cadence`, DATE being the occurrence's day in the plan as
written (before any shift; a repeated week's days add `-again`), so importing
a new export after a shift moves each event to its new day instead of adding
copies. Times carry the plan's zone, with its VTIMEZONE, and an alarm at the
task's time; a task without a time is an all-day event, a `per_week` task one
all-day event over its week. Each DESCRIPTION says the target, the week and
phase, and the notes of the task and the plan. Rest days, holidays and
shifted days have no events; after a rotating shift every event is on its
real date. An occurrence excused by a skip (a vacation booked ahead) keeps its
event with `STATUS:CANCELLED`, so a calendar that imported an earlier export
shows the day free; a `per_week` task's event says the week's quota prorated
by its excused days ("2× ... this week"), and a week excused entirely is
cancelled.

A plan may hold 300 tasks over 104 weeks: some 200,000 events. The calendar's
head (its name and the VTIMEZONE) is written by the icalendar library; the
events are written here as text, with what repeats (a task's summary, its
week's description, its times) made once, so the export takes seconds, not
minutes. The text is what icalendar writes, byte for byte: TEXT escaped, lines
folded at 75 octets without splitting an escape.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache

from cadence.core.calendar import Schedule
from cadence.core.model import Task
from cadence.core.status import Ledger, week_count
from cadence.core.units import quantity
from cadence.wording import plural

DEFAULT_MINUTES = 15
"""The length of a timed task's event when the plan gives it no duration."""
FOLD = 75
"""The longest line in octets, its line break aside (RFC 5545, 3.1)."""


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


def escape(text: str) -> str:
    """TEXT as RFC 5545 writes it: backslash, semicolon and comma escaped, each line break as \\n."""
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line, folded before it passes 75 octets; an escape (\\x) is never split across lines."""
    if len(line) < FOLD and line.isascii():
        return line
    parts: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= FOLD:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, count = [carried], len(carried.encode("utf-8"))
            else:
                parts.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _text(name: str, value: str) -> str:
    return fold(f"{name}:{escape(value)}") + "\r\n"


def _clock(zone: tzinfo) -> tuple[str, bool]:
    """How a time in `zone` is written: the TZID parameter (or none), and whether it is UTC (a trailing Z)."""
    from icalendar import Event as CalendarEvent

    probe = CalendarEvent()
    probe.add("dtstart", datetime(2026, 1, 5, 8, 30, tzinfo=zone))
    line = next(line for line in probe.to_ical().decode().splitlines() if line.startswith("DTSTART"))
    name, _, value = line.rpartition(":")  # a quoted TZID may hold a colon: the value holds none
    return name.removeprefix("DTSTART"), value.endswith("Z")


def _head(schedule: Schedule, zone: tzinfo, zoned: bool) -> tuple[str, str]:
    """The calendar around its events, as icalendar writes it: its properties and VTIMEZONE, and its end."""
    from icalendar import Calendar, Timezone

    calendar = Calendar()
    calendar.add("prodid", "-//cadence//plan export//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", schedule.plan.name)
    key = getattr(zone, "key", None)
    if zoned and key:
        with suppress(ValueError):  # a zone icalendar cannot describe: the events still name it
            calendar.add_component(Timezone.from_tzid(key))
    text = calendar.to_ical().decode("utf-8")
    end = "END:VCALENDAR\r\n"
    return text.removesuffix(end), end


CANCELLED = "STATUS:CANCELLED\r\n"


def ics(
    schedule: Schedule, zone: tzinfo, now: datetime, ledger: Ledger | None = None, today: date | None = None
) -> str:
    """The calendar; with the run's `ledger` (as of `today`), excused occurrences are cancelled and weekly
    quotas prorated."""
    book = ledger or Ledger()
    today = today or schedule.start
    parameter, utc = _clock(zone)
    stamp = f"DTSTAMP:{now.astimezone(UTC):%Y%m%dT%H%M%S}Z\r\n"

    def in_utc(moment: datetime) -> str:
        return f"{parameter}:{moment.astimezone(UTC):%Y%m%dT%H%M%S}Z"

    @cache
    def fixed(task: Task) -> tuple[str, str, Callable[[date], str]]:
        """What every event of a task says alike: its categories, the rest after its description, its times."""
        categories = _text("CATEGORIES", task.channel) if task.channel else ""
        after = f"X-CADENCE-TASK:{escape(task.id)}\r\n"
        if task.at is None:
            return (
                categories,
                after + "END:VEVENT\r\n",
                lambda day: f"DTSTART;VALUE=DATE:{day:%Y%m%d}\r\nDTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}\r\n",
            )
        at, minutes = task.at, task.duration_min or DEFAULT_MINUTES
        alarm = (
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\n" + _text("DESCRIPTION", task.title) + "TRIGGER:P0D\r\nEND:VALARM\r\n"
        )
        if utc:

            def times(day: date) -> str:
                start = datetime.combine(day, at, tzinfo=zone)
                return f"DTSTART{in_utc(start)}\r\nDTEND{in_utc(start + timedelta(minutes=minutes))}\r\n"
        else:  # a zone's wall clock, as Python adds to an aware time: the end is the start's wall time plus the length
            wall_end = datetime.combine(date(2000, 1, 1), at) + timedelta(minutes=minutes)
            spill, end_at = (wall_end.date() - date(2000, 1, 1)).days, wall_end.time()

            def times(day: date) -> str:
                return (
                    f"DTSTART{parameter}:{day:%Y%m%d}T{at:%H%M%S}\r\n"
                    f"DTEND{parameter}:{day + timedelta(days=spill):%Y%m%d}T{end_at:%H%M%S}\r\n"
                )

        return categories, after + alarm + "END:VEVENT\r\n", times

    @cache
    def summary(task: Task, target: int) -> str:
        title = task.title if task.kind == "block" else f"{task.title} ({quantity(target, task.unit)})"
        return "BEGIN:VEVENT\r\n" + _text("SUMMARY", title)

    @cache
    def description(task: Task, week: int, target: int) -> str:
        return _text("DESCRIPTION", describe(schedule, task, week, target))

    events: list[str] = []
    add = events.append
    timed = False
    for day in schedule.days():
        if schedule.is_rest_day(day):
            continue
        occurrences = schedule.fixed_due_on(day)
        if not occurrences:
            continue
        origin = schedule.origin(day)
        for occ in occurrences:
            task = occ.task
            categories, after, times = fixed(task)
            timed = timed or task.at is not None
            add(summary(task, occ.target))
            add(times(day))
            add(stamp)
            add(fold(f"UID:{escape(f'{task.id}-{origin}@cadence')}") + "\r\n")
            add(categories)
            add(description(task, occ.week, occ.target))
            if book.skipped(task.id, day) and book.amount(task.id, day) < occ.target:
                add(CANCELLED)
            add(after)
    for week in range(1, schedule.weeks + 1):  # per_week tasks: the week, as one all-day event
        first, last = schedule.week_start(week), schedule.week_end(week)
        for task, target in schedule.flexible_in_week(week):
            quota = week_count(schedule, task, week, book, today).quota if ledger is not None else task.per_week
            title = f"{task.title} ({quota}× {quantity(target, task.unit)} this week)"
            add("BEGIN:VEVENT\r\n" + _text("SUMMARY", title))
            add(f"DTSTART;VALUE=DATE:{first:%Y%m%d}\r\nDTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}\r\n")
            add(stamp)
            add(fold(f"UID:{escape(f'{task.id}-week-{schedule.origin(first)}@cadence')}") + "\r\n")
            add(fixed(task)[0] if task.channel else "")
            add(description(task, week, target))
            add(CANCELLED if quota == 0 else "")
            add(f"X-CADENCE-TASK:{escape(task.id)}\r\nEND:VEVENT\r\n")
    head, end = _head(schedule, zone, timed and parameter.startswith(";TZID="))
    return head + "".join(events) + end
