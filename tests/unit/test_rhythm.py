"""The weekly rhythm on the real calendar: the weekdays a grid heads its weeks with, and what a shift moves."""

from __future__ import annotations

from datetime import date

from cadence.core.calendar import Adjustment, Schedule
from cadence.core.comeback import comeback_days
from cadence.core.rhythm import headings, rotation, week_to_repeat, weekday_moves
from cadence.plan import check_text
from plans import block, plan, plan_table, task

TWO_BLOCKS = plan(
    plan_table("Rhythm", start=date(2026, 11, 26), weeks=3, rest_days=["sat", "sun"]),  # a Thursday
    task("comment", "Comments", days="weekdays"),
    block("article", "Article", days=["fri"], at="09:00", duration="2h"),
    block("call", "Calls", days=["tue", "thu"], at="16:00", duration="1h"),
)


def schedule(adjustments: tuple[Adjustment, ...] = ()) -> Schedule:
    loaded, problems = check_text(TWO_BLOCKS, "rhythm.toml")
    assert loaded is not None, problems
    return Schedule(loaded, date(2026, 11, 26), adjustments)


def test_a_plan_begun_on_a_thursday_heads_its_weeks_from_thursday() -> None:
    assert headings(schedule(), range(1, 4)) == {1: ("Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed")}


def test_a_rotation_heads_the_week_it_changes_and_the_weeks_after() -> None:
    rotated = schedule((Adjustment("shift", date(2026, 12, 4), 3),))  # from Friday of week 2, three days
    assert headings(rotated, range(1, 4)) == {
        1: ("Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"),
        2: ("Thu", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"),
        3: ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"),
    }
    assert (rotation(rotated, date(2026, 12, 3)), rotation(rotated, date(2026, 12, 4))) == (0, 3)


def test_the_sentence_names_each_rest_day_and_each_block_and_follows_an_earlier_rotation() -> None:
    plain = schedule()
    assert weekday_moves(plain, date(2026, 12, 4), 7) == ""
    assert weekday_moves(plain, date(2026, 12, 4), 2) == (
        "your rest days would fall on Mondays and Tuesdays, the Friday article block on Sundays,"
        " the Tuesday and Thursday call block on Thursdays and Saturdays"
    )
    rotated = schedule((Adjustment("shift", date(2026, 12, 4), 3),))  # Saturday's rest already on Tuesday
    assert weekday_moves(rotated, date(2026, 12, 10), 1, done=True) == (
        "your rest days fall on Wednesdays and Thursdays, the Monday article block on Tuesdays,"
        " the Friday and Sunday call block on Mondays and Saturdays"
    )


def test_the_week_to_repeat_is_todays_or_after_a_shifted_day_the_next() -> None:
    shifted = schedule((Adjustment("shift", date(2026, 12, 3), 2),))  # week 2 begins on Sat 05 Dec
    assert [week_to_repeat(shifted, day) for day in (date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 22))] == [
        1,
        2,
        None,
    ]


def test_a_comeback_is_the_first_kept_day_after_a_miss() -> None:
    days = [date(2026, 11, 23 + offset) for offset in range(7)]
    states = ["kept", "missed", "neutral", "open", "kept", "kept", "missed"]
    assert comeback_days(zip(days, states, strict=True)) == [date(2026, 11, 27)]  # type: ignore[arg-type]
