"""The due instants, computed by the core: times, blocks, day_starts, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cadence.core.alarms import alarms_between, catch_up_words, instant, words
from cadence.core.calendar import Schedule, resolve_start
from cadence.core.status import Ledger
from cadence.plan import check_text
from plans import block, notify, plan, plan_table, task


def schedule_of(zone: str, start: str = "2026-10-19", extra: str = "") -> Schedule:
    text = plan(
        plan_table("Alarms", start=date.fromisoformat(start), weeks=30, timezone=zone) + extra,
        notify(morning="07:30", evening="20:00"),
        task("early", "Small hours", at="02:30"),
        task("comment", "Comments", at="08:30", target=3, unit="comments"),
        block("article", "Article", days=["sat"], at="09:00", duration="2h"),
    )
    checked, diagnostics = check_text(text, "a.toml")
    assert checked is not None, [str(d) for d in diagnostics]
    return Schedule(checked, resolve_start(checked, date(2026, 10, 19)))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_a_day_of_alarms_in_order() -> None:
    schedule = schedule_of("Europe/London")
    zone = ZoneInfo("Europe/London")
    found = alarms_between(schedule, zone, utc("2026-12-05T00:00+00:00"), utc("2026-12-06T00:00+00:00"))
    assert [(a.key, a.at.isoformat()) for a in found] == [
        ("reminder:early:2026-12-05", "2026-12-05T02:30:00+00:00"),
        ("morning:2026-12-05", "2026-12-05T07:30:00+00:00"),
        ("reminder:comment:2026-12-05", "2026-12-05T08:30:00+00:00"),
        ("block_start:article:2026-12-05", "2026-12-05T09:00:00+00:00"),
        ("block_end:article:2026-12-05", "2026-12-05T11:00:00+00:00"),
        ("evening:2026-12-05", "2026-12-05T20:00:00+00:00"),
    ]


def test_a_time_before_day_starts_belongs_to_the_previous_plan_day() -> None:
    schedule = schedule_of("Europe/London", extra='day_starts = "04:00"')
    found = alarms_between(
        schedule, ZoneInfo("Europe/London"), utc("2026-12-05T00:00+00:00"), utc("2026-12-05T05:00+00:00")
    )
    # 02:30 on the 5th is the small hours of plan day the 4th
    assert [(a.key, a.at.isoformat()) for a in found] == [("reminder:early:2026-12-04", "2026-12-05T02:30:00+00:00")]


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # Berlin falls back at 03:00 CEST on 2026-10-25: 02:30 happens twice; the first one counts
        ("Europe/Berlin", "2026-10-25", "2026-10-25T00:30:00+00:00"),
        # Berlin springs forward at 02:00 CET on 2027-03-28: 02:30 never happens; it is read as 03:30 CEST
        ("Europe/Berlin", "2027-03-28", "2027-03-28T01:30:00+00:00"),
        # New York falls back at 02:00 EDT on 2026-11-01: 02:30 happens once, in EST
        ("America/New_York", "2026-11-01", "2026-11-01T07:30:00+00:00"),
        # New York springs forward at 02:00 EST on 2027-03-14: 02:30 is read as 03:30 EDT
        ("America/New_York", "2027-03-14", "2027-03-14T07:30:00+00:00"),
    ],
)
def test_dst_days_have_each_alarm_exactly_once(zone: str, day: str, expected: str) -> None:
    schedule = schedule_of(zone)
    tz = ZoneInfo(zone)
    start = datetime.fromisoformat(day).replace(tzinfo=tz)
    found = alarms_between(schedule, tz, start.astimezone(UTC), utc(f"{day}T23:59:59+00:00").replace(day=start.day + 1))
    keys = [alarm.key for alarm in found]
    assert len(keys) == len(set(keys))
    early = [alarm for alarm in found if alarm.key == f"reminder:early:{day}"]
    assert [alarm.at.isoformat() for alarm in early] == [expected]


def test_instant_in_the_repeated_hour_is_the_first_one() -> None:
    first = instant(date(2026, 11, 1), time(1, 30), ZoneInfo("America/New_York"), time(0))
    assert first.isoformat() == "2026-11-01T05:30:00+00:00"  # 01:30 EDT, not 01:30 EST


def test_words_say_what_is_left_and_fall_silent_when_done() -> None:
    schedule = schedule_of("Europe/London")
    zone = ZoneInfo("Europe/London")
    day = date(2026, 12, 5)
    found = {
        a.kind + ":" + (a.task_id or ""): a
        for a in alarms_between(schedule, zone, utc("2026-12-05T00:00+00:00"), utc("2026-12-06T00:00+00:00"))
    }
    empty = Ledger()
    reminder = words(found["reminder:comment"], schedule, empty, day)
    assert reminder is not None and (reminder.title, reminder.body) == ("Comments", "3 comments")
    done = Ledger({("comment", day): 3.0})
    assert words(found["reminder:comment"], schedule, done, day) is None
    evening = words(found["evening:"], schedule, Ledger({("early", day): 1.0}), day)
    assert evening is not None and evening.body == "Comments: 3 comments\nArticle: 1 session"
    everything = Ledger({("early", day): 1.0, ("comment", day): 3.0, ("article", day): 1.0})
    assert words(found["evening:"], schedule, everything, day) is None
    morning = words(found["morning:"], schedule, empty, day)
    assert morning is not None and morning.title == "Alarms: today"
    assert morning.body.splitlines() == [
        "Week 7 of 30.",
        "Small hours: 1 time at 02:30",
        "Comments: 3 comments at 08:30",
        "Article: 1 session at 09:00",
        "Make up: Small hours, Comments",  # Friday's work, still inside the make-up window
    ]
    end = words(found["block_end:article"], schedule, everything, day)
    assert end is not None and end.title == "Article: time is up"


def test_catch_up_folds_into_one() -> None:
    schedule = schedule_of("Europe/London")
    zone = ZoneInfo("Europe/London")
    found = alarms_between(schedule, zone, utc("2026-12-05T00:00+00:00"), utc("2026-12-05T10:00+00:00"))
    said = [(alarm, words(alarm, schedule, Ledger(), date(2026, 12, 5))) for alarm in found]
    folded = catch_up_words([(alarm, words_) for alarm, words_ in said if words_ is not None])
    assert folded.title == "Missed while away: 4 reminders"
    assert folded.body.splitlines() == [
        "02:30 Small hours",
        "07:30 Alarms: today",
        "08:30 Comments",
        "09:00 Blocked time: Article",
    ]


def test_reminders_and_the_end_of_a_block_name_the_tasks_own_results() -> None:
    text = plan(
        plan_table("Results", start=date(2026, 11, 23), weeks=2, timezone="Europe/London", rest_days=["sun"]),
        notify(morning="07:30"),
        task("post", "Post", at="09:00", unit="posts", results=["followers"]),
        task("walk", "Walk", at="07:00", unit="walks"),
        block("article", "Article", days=["sat"], at="10:00", duration="2h", results=["followers", "leads"]),
        block("tidy", "Tidy", days=["sat"], at="13:00", duration="1h"),
    )
    checked, diagnostics = check_text(text, "r.toml")
    assert checked is not None, [str(d) for d in diagnostics]
    schedule = Schedule(checked, date(2026, 11, 23))
    zone = ZoneInfo("Europe/London")
    saturday = date(2026, 11, 28)
    found = {a.key: a for a in alarms_between(schedule, zone, utc("2026-11-28T00:00Z"), utc("2026-11-29T00:00Z"))}
    said = {key: words(alarm, schedule, Ledger(), saturday) for key, alarm in found.items()}
    assert {
        key: (w.title, w.body) for key, w in said.items() if w is not None and key.startswith(("rem", "block_end"))
    } == {
        "reminder:walk:2026-11-28": ("Walk", "1 walk"),
        "reminder:post:2026-11-28": ("Post", "1 post\nThen log: followers."),
        "block_end:article:2026-11-28": ("Article: time is up", "Log what came of it: followers, leads."),
        "block_end:tidy:2026-11-28": ("Tidy: time is up", "Log what came of it."),
    }


def test_a_rest_days_morning_is_never_missed() -> None:
    text = plan(
        plan_table("Rest", start=date(2026, 11, 23), weeks=2, timezone="Europe/London", rest_days=["sun"]),
        notify(morning="07:30"),
        task("post", "Post", at="09:00"),
        task("review", "Weekly review", days=["sun"], on_rest_days=True, required=False),
    )
    checked, diagnostics = check_text(text, "r.toml")
    assert checked is not None, [str(d) for d in diagnostics]
    schedule = Schedule(checked, date(2026, 11, 23))
    sunday = date(2026, 11, 29)
    (morning,) = alarms_between(schedule, ZoneInfo("Europe/London"), utc("2026-11-29T00:00Z"), utc("2026-11-29T12:00Z"))
    said = words(morning, schedule, Ledger(), sunday)
    assert said == ("Rest: rest day", "Week 1 of 2. Rest is part of the plan.\nIf you like: Weekly review", False)
    monday = alarms_between(schedule, ZoneInfo("Europe/London"), utc("2026-11-30T07:00Z"), utc("2026-11-30T08:00Z"))
    workday = words(monday[0], schedule, Ledger(), date(2026, 11, 30))
    assert workday is not None and workday.missable
