"""export --format ics: RFC 5545, parsed back (`system/test_khal.py` loads it into a real calendar program)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from helpers import Cli, PlanWriter
from plans import CALENDAR_PLAN as PLAN


class VEvent(NamedTuple):
    """A VEVENT of the export, as read back."""

    uid: str
    summary: str
    start: datetime
    end: datetime


def events(text: str) -> list[VEvent]:
    calendar = Calendar.from_ical(text)
    return [
        VEvent(str(e["uid"]), str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend"))
        for e in calendar.walk("VEVENT")
    ]


def test_blocks_and_timed_tasks_become_events(cli: Cli, write_plan: PlanWriter) -> None:
    plan = write_plan(PLAN)
    result = cli("export", "--format", "ics", "--plan", str(plan))
    assert result.code == 0, result.err
    berlin = ZoneInfo("Europe/Berlin")
    found = events(result.out)
    # Mon, Tue, Thu, Fri, Sat (Wed is a holiday, Sun a rest day): the comments at 08:30, the task with no
    # time as an all-day event; and Saturday's block
    day = "comment-{0}@cadence Comments (3 comments)", "untimed-{0}@cadence No time (1 time)"
    expected = [
        part.format(d).split(" ", 1) for d in ("2026-11-30", "2026-12-01", "2026-12-03", "2026-12-04") for part in day
    ]
    expected += [day[0].format("2026-12-05").split(" ", 1), ["article-2026-12-05@cadence", "Article"]]
    expected += [day[1].format("2026-12-05").split(" ", 1)]
    assert [[event.uid, event.summary] for event in found] == expected
    untimed = found[1]
    assert (untimed.start, untimed.end) == (date(2026, 11, 30), date(2026, 12, 1))
    block = found[-2]
    assert (block.start, block.end) == (
        datetime(2026, 12, 5, 9, 0, tzinfo=berlin),
        datetime(2026, 12, 5, 11, 0, tzinfo=berlin),
    )
    calendar = Calendar.from_ical(result.out)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    article = calendar.walk("VEVENT")[-2]
    assert str(article["description"]) == "Target: 1 session\nWeek 1 of 1\nThe long run"
    [alarm] = article.walk("VALARM")
    assert (str(alarm["action"]), alarm.decoded("trigger")) == ("DISPLAY", timedelta(0))
    assert not calendar.walk("VEVENT")[1].walk("VALARM")  # an all-day event has no alarm


def test_uids_are_stable_across_exports(cli: Cli, write_plan: PlanWriter) -> None:
    plan = write_plan(PLAN)
    first = [event.uid for event in events(cli("export", "--format", "ics", "--plan", str(plan)).out)]
    write_plan(PLAN.replace('title = "Article"', 'title = "Article, renamed"'))
    again = events(cli("export", "--format", "ics", "--plan", str(plan)).out)
    assert [event.uid for event in again] == first
    assert [event.summary for event in again if event.uid == "article-2026-12-05@cadence"] == ["Article, renamed"]


@pytest.mark.parametrize("fmt", ["ics"])
def test_export_ics_refuses_a_bad_plan(cli: Cli, write_plan: PlanWriter, fmt: str) -> None:
    plan = write_plan(PLAN.replace("weeks = 1", "weeks = 0"))
    result = cli("export", "--format", fmt, "--plan", str(plan))
    assert result.code == 1 and result.out == ""
