"""The calendar is written as text, fast: it says what the icalendar library would, byte for byte, and every
title and note reads back from it exactly; no line passes 75 octets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent
from icalendar.prop import vCategory

from cadence.core.calendar import Adjustment, Schedule
from cadence.core.model import Task
from cadence.core.units import quantity
from cadence.exchange.ics import DEFAULT_MINUTES, describe, ics
from cadence.plan import check_text
from plans import block, plan, plan_table, task

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def through_icalendar(schedule: Schedule, zone: tzinfo, now: datetime) -> str:
    """The calendar as the icalendar library builds it, event by event: what the export must say."""
    calendar = Calendar()
    calendar.add("prodid", "-//cadence//plan export//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", schedule.plan.name)

    def event(item: Task, uid: str, summary: str, description: str) -> CalendarEvent:
        found = CalendarEvent()
        for name, value in (("uid", uid), ("dtstamp", now.astimezone(UTC)), ("summary", summary)):
            found.add(name, value)
        found.add("description", description)
        if item.channel:
            found.add("categories", [item.channel])
        found.add("x-cadence-task", item.id)
        return found

    for day in schedule.days():
        if schedule.is_rest_day(day):
            continue
        for occ in schedule.fixed_due_on(day):
            item = occ.task
            summary = item.title if item.kind == "block" else f"{item.title} ({quantity(occ.target, item.unit)})"
            found = event(
                item,
                f"{item.id}-{schedule.origin(day)}@cadence",
                summary,
                describe(schedule, item, occ.week, occ.target),
            )
            if item.at is None:
                found.add("dtstart", day)
                found.add("dtend", day + timedelta(days=1))
            else:
                start = datetime.combine(day, item.at, tzinfo=zone)
                found.add("dtstart", start)
                found.add("dtend", start + timedelta(minutes=item.duration_min or DEFAULT_MINUTES))
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", item.title)
                alarm.add("trigger", timedelta(0))
                found.add_component(alarm)
            calendar.add_component(found)
    for week in range(1, schedule.weeks + 1):
        first, last = schedule.week_start(week), schedule.week_end(week)
        for item, target in schedule.flexible_in_week(week):
            summary = f"{item.title} ({item.per_week}× {quantity(target, item.unit)} this week)"
            found = event(
                item,
                f"{item.id}-week-{schedule.origin(first)}@cadence",
                summary,
                describe(schedule, item, week, target),
            )
            found.add("dtstart", first)
            found.add("dtend", last + timedelta(days=1))
            calendar.add_component(found)
    if getattr(zone, "key", None):
        calendar.add_missing_timezones()
    return str(calendar.to_ical().decode("utf-8"))


AWKWARD = plan(
    plan_table(
        "Awkward, plan; \\ with a note",
        start=date(2027, 3, 1),
        weeks=3,
        timezone="America/New_York",
        note="Plan note, with; punctuation\nand a second line long enough to fold past seventy-five octets, ünïcödé 日本語",
    ),
    task("comment", "Comments; in my niche, é 日本", channel="linked,in", days="weekdays", at="08:30", duration="20m"),
    task("weekly", "Weekly outreach", per_week=3, target=2),
    task("allday", "Read something long, every day, and keep one idea from it worth keeping", on_rest_days=True),
    task("late", "Late check", days=["sat"], at="23:50", duration="1h30m"),
    block("deep", "Deep work", days="daily", at="01:30", duration="3h", channel="blog"),
)


@pytest.mark.parametrize(
    "zone",
    [ZoneInfo("America/New_York"), ZoneInfo("Europe/London"), ZoneInfo("UTC"), UTC, timezone(timedelta(hours=1))],
    ids=str,
)
@pytest.mark.parametrize("adjusted", [False, True])
def test_the_calendar_says_what_icalendar_would_byte_for_byte(zone: tzinfo, adjusted: bool) -> None:
    loaded, problems = check_text(AWKWARD, "awkward.toml")
    assert loaded is not None, problems
    start = date(2027, 3, 1)  # the spring change falls in week 2, on a day the block is due at 01:30
    moves = [Adjustment("shift", date(2027, 3, 10), 3), Adjustment("repeat", date(2027, 3, 16), 2)] if adjusted else []
    schedule = Schedule(loaded, start, moves, start)
    assert ics(schedule, zone, NOW) == through_icalendar(schedule, zone, NOW)


TEXT = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=["Cs", "Cc"]), st.sampled_from([",", ";", "\\", "é", "日"])),
    min_size=1,
    max_size=120,
).filter(str.strip)


@pytest.mark.slow  # 80 calendars
@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, note=TEXT, channel=TEXT)
def test_every_title_and_note_reads_back_and_no_line_passes_75_octets(title: str, note: str, channel: str) -> None:
    text = plan(
        plan_table("Read back", start=date(2026, 11, 30), weeks=1),
        task("comment", title, days=["mon"], at="08:30", note=note, channel=channel),
    )
    loaded, problems = check_text(text, "plan.toml")
    assert loaded is not None, problems
    written = ics(Schedule(loaded, date(2026, 11, 30)), ZoneInfo("Europe/London"), NOW)
    assert all(len(line.encode("utf-8")) <= 75 for line in written.split("\r\n"))
    [event] = Calendar.from_ical(written).walk("VEVENT")
    item = loaded.tasks[0]
    assert str(event["SUMMARY"]) == f"{item.title} (1 time)"
    assert str(event["DESCRIPTION"]) == f"Target: 1 time\nWeek 1 of 1\n{item.note}"
    categories = event["CATEGORIES"]
    assert isinstance(categories, vCategory)
    assert [str(category) for category in categories.cats] == [item.channel]
