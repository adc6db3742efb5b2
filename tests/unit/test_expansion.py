"""Plan expansion, table by table: ramps, rounding, volume, rest days, anchors, plan days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cadence.core.calendar import Schedule, plan_day, resolve_start
from cadence.plan import check_text
from plans import block, plan, plan_table, task


def schedule_of(body: str, weeks: int = 12, extra: str = "", first_use: date = date(2026, 12, 2)) -> Schedule:
    text = plan(plan_table("t", weeks=weeks, timezone=None) + extra, body)
    checked, diagnostics = check_text(text, "t.toml")
    assert checked is not None, [str(d) for d in diagnostics]
    return Schedule(checked, resolve_start(checked, first_use))


def targets(schedule: Schedule, task_id: str = "t") -> list[int]:
    task = schedule.plan.task(task_id)
    assert task is not None
    return [schedule.target(task, week) for week in range(1, schedule.plan.weeks + 1)]


@pytest.mark.parametrize(
    ("target", "weeks", "extra", "expected"),
    [
        # linear from week 1 to the last week, rounded half up
        ("{ start = 3, peak = 10 }", 12, "", [3, 4, 4, 5, 6, 6, 7, 7, 8, 9, 9, 10]),
        # a peak week: constant after it
        ("{ start = 3, peak = 10 }\npeak_week = 10", 12, "", [3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 10, 10]),
        # a falling ramp is allowed (a taper written as a ramp)
        ("{ start = 8, peak = 4 }", 5, "", [8, 7, 6, 5, 4]),
        # half up: 1.5 -> 2
        ("{ start = 1, peak = 2 }", 3, "", [1, 2, 2]),
        # a peak in week 1 is the peak throughout
        ("{ start = 1, peak = 5 }\npeak_week = 1", 3, "", [5, 5, 5]),
        ("7", 3, "", [7, 7, 7]),
        ("[2, 0, 5]", 3, "", [2, 0, 5]),
    ],
)
def test_targets(target: str, weeks: int, extra: str, expected: list[int]) -> None:
    schedule = schedule_of(f'[[task]]\nid = "t"\ntitle = "T"\ntarget = {target}\n', weeks, extra)
    assert targets(schedule) == expected


@pytest.mark.parametrize(
    ("volumes", "target", "expected"),
    [
        # 5 x 0.5 = 2.5 -> 3 (half up)
        ("[[week]]\nnumber = 2\nvolume = 0.5\n", "5", [5, 3, 5]),
        # never below 1 when due: 1 x 0.3 = 0.3 -> 1
        ("[[week]]\nnumber = 1\nvolume = 0.3\n", "1", [1, 1, 1]),
        # phase volume times week volume: 10 x 0.8 x 0.5 = 4
        ('[[phase]]\nname = "P"\nweeks = "1-3"\nvolume = 0.8\n[[week]]\nnumber = 3\nvolume = 0.5\n', "10", [8, 8, 4]),
        # rounded twice: ramp week 2 = 1.5 -> 2, then 2 x 0.75 = 1.5 -> 2 (not 1.125 -> 1)
        ("[[week]]\nnumber = 2\nvolume = 0.75\n", "{ start = 1, peak = 2 }", [1, 2, 2]),
        # a volume above 1 raises targets
        ('[[phase]]\nname = "Peak"\nweeks = [3]\nvolume = 1.25\n', "6", [6, 6, 8]),
        # a week the task is not due stays 0 whatever the volume
        ("[[week]]\nnumber = 2\nvolume = 2.0\n", "[3, 0, 3]", [3, 0, 3]),
    ],
)
def test_volume(volumes: str, target: str, expected: list[int]) -> None:
    schedule = schedule_of(volumes + f'[[task]]\nid = "t"\ntitle = "T"\ntarget = {target}\n', weeks=3)
    assert targets(schedule) == expected


def test_task_weeks_limit_when_it_is_due() -> None:
    schedule = schedule_of('[[task]]\nid = "t"\ntitle = "T"\nweeks = "2-3"\ntarget = 4\n', weeks=4)
    assert targets(schedule) == [0, 4, 4, 0]
    assert schedule.due_on(date(2026, 11, 23)) == []
    assert [o.id for o in schedule.due_on(date(2026, 11, 30))] == ["t"]


def due_ids(schedule: Schedule, day: date) -> list[str]:
    return [occ.id for occ in schedule.due_on(day)]


REST_PLAN = plan(
    task("daily", "Every day"),
    task("weekday", "Weekdays", days="weekdays"),
    task("always", "Even on rest days", on_rest_days=True),
    task("flex", "Three times a week", per_week=3),
    block("deep", "Deep work", days=["sun", "fri"], at="09:00", duration="1h"),
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), ["daily", "weekday", "always", "flex"]),  # Monday
        (date(2026, 11, 27), ["deep", "daily", "weekday", "always", "flex"]),  # Friday: timed first
        (date(2026, 11, 28), ["daily", "always", "flex"]),  # Saturday
        (date(2026, 11, 29), ["always"]),  # Sunday is a rest day: blocks too stay away
        (date(2026, 12, 25), ["always"]),  # a holiday on a Friday
        (date(2026, 12, 24), ["daily", "weekday", "always", "flex"]),
        (date(2026, 11, 22), []),  # before the plan
        (date(2027, 2, 15), []),  # after its 12 weeks
    ],
)
def test_rest_days_and_holidays(day: date, expected: list[str]) -> None:
    schedule = schedule_of(REST_PLAN, extra='rest_days = ["sun"]\nholidays = [2026-12-25]')
    assert due_ids(schedule, day) == expected


def test_rest_day_flags() -> None:
    schedule = schedule_of(REST_PLAN, extra='rest_days = ["sun", "sat"]\nholidays = [2026-12-25]')
    assert [schedule.is_rest_day(date(2026, 11, 23) + (date(2026, 11, 24) - date(2026, 11, 23)) * i) for i in range(7)] == [
        False, False, False, False, False, True, True,
    ]  # fmt: skip
    assert schedule.is_rest_day(date(2026, 12, 25))


def test_per_week_minutes_count_at_most_n_days() -> None:
    schedule = schedule_of('[[task]]\nid = "f"\ntitle = "F"\nper_week = 3\nduration = "20m"\n', weeks=2)
    assert schedule.planned_minutes(1) == 60
    assert [task.id for task, _ in schedule.flexible_in_week(1)] == ["f"]


@pytest.mark.parametrize(
    ("anchor", "first_use", "start", "end"),
    [
        ("start = 2026-11-23", date(2030, 1, 1), date(2026, 11, 23), date(2027, 2, 14)),
        ("finish = 2027-02-14", date(2030, 1, 1), date(2026, 11, 23), date(2027, 2, 14)),
        # a start need not be a Monday
        ("start = 2026-11-25", date(2030, 1, 1), date(2026, 11, 25), date(2027, 2, 16)),
        # neither: the Monday of the week of first use
        ("", date(2026, 12, 2), date(2026, 11, 30), date(2027, 2, 21)),
        ("", date(2026, 11, 30), date(2026, 11, 30), date(2027, 2, 21)),
        ("", date(2026, 12, 6), date(2026, 11, 30), date(2027, 2, 21)),
    ],
)
def test_anchors(anchor: str, first_use: date, start: date, end: date) -> None:
    plan, _ = check_text(f'[plan]\nname = "a"\nweeks = 12\n{anchor}\n', "a.toml")
    assert plan is not None
    schedule = Schedule(plan, resolve_start(plan, first_use))
    assert (schedule.start, schedule.end) == (start, end)
    assert schedule.week_of(start) == 1
    assert schedule.week_of(end) == 12


@pytest.mark.parametrize(
    ("moment", "zone", "day_starts", "expected"),
    [
        ("2026-12-02T03:59:00+00:00", "Europe/London", time(4), date(2026, 12, 1)),
        ("2026-12-02T04:00:00+00:00", "Europe/London", time(4), date(2026, 12, 2)),
        ("2026-12-02T00:30:00+00:00", "Europe/London", time(0), date(2026, 12, 2)),
        # 23:30 UTC is 18:30 in New York: still the same day there
        ("2026-12-02T23:30:00+00:00", "America/New_York", time(0), date(2026, 12, 2)),
        # 23:30 UTC is 00:30 the next day in Berlin
        ("2026-12-02T23:30:00+00:00", "Europe/Berlin", time(0), date(2026, 12, 3)),
        # Berlin falls back on 2026-10-25 at 03:00 CEST: 00:30 UTC is 02:30 CEST
        ("2026-10-25T00:30:00+00:00", "Europe/Berlin", time(4), date(2026, 10, 24)),
        # 02:30 UTC is 03:30 CET, after the change, still before 04:00
        ("2026-10-25T02:30:00+00:00", "Europe/Berlin", time(4), date(2026, 10, 24)),
        ("2026-10-25T03:00:00+00:00", "Europe/Berlin", time(4), date(2026, 10, 25)),
        # Berlin springs forward on 2027-03-28 at 02:00 CET: 01:30 UTC is 03:30 CEST
        ("2027-03-28T01:30:00+00:00", "Europe/Berlin", time(3), date(2027, 3, 28)),
        ("2027-03-28T00:30:00+00:00", "Europe/Berlin", time(3), date(2027, 3, 27)),
        # New York springs forward on 2027-03-14
        ("2027-03-14T07:30:00+00:00", "America/New_York", time(4), date(2027, 3, 13)),
        ("2027-03-14T08:30:00+00:00", "America/New_York", time(4), date(2027, 3, 14)),
    ],
)
def test_plan_day(moment: str, zone: str, day_starts: time, expected: date) -> None:
    assert plan_day(datetime.fromisoformat(moment), ZoneInfo(zone), day_starts) == expected


def test_plan_day_accepts_any_aware_moment() -> None:
    moment = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    assert plan_day(moment, ZoneInfo("Asia/Tokyo"), time(4)) == date(2026, 12, 2)  # 12:00 in Tokyo
