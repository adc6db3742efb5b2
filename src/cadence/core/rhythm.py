"""The weekly rhythm on the real calendar: the weekday each day really is, and what a shift would move.

A plan is a weekly rhythm (rest on Sunday, the long block on Saturday), and a
person lives it on calendar weekdays. A shift by whole weeks keeps every
weekday; a shift by days that are not whole weeks *rotates* the rhythm: the
plan's Sunday rest then falls on another weekday. cadence refuses that unless
asked in so many words (`shift N --rotate`), and says beforehand what would
move. After a rotation, or in a plan that starts on a Thursday, every view
labels each day by its real weekday: a plan week's days in calendar order,
`Thu Fri Sat Sun Mon Tue Wed`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from cadence.core.calendar import Schedule
from cadence.core.model import ALL_DAYS, WEEKDAYS

FULL_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def short_name(day: date) -> str:
    """ "Thu": the real weekday of a date, whatever the locale."""
    return WEEKDAYS[day.weekday()].capitalize()


def week_heading(schedule: Schedule, week: int) -> tuple[str, ...]:
    """The real weekdays of a run's week, in the order of its days: ("Thu", "Fri", ..., "Wed")."""
    return tuple(short_name(day) for day in schedule.days_of_week(week))


def headings(schedule: Schedule, weeks: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The weeks before which a grid needs a heading of weekdays: the first, and each whose days fall on
    other weekdays than the week before (after a rotating shift, or a week with shifted days among them)."""
    found: dict[int, tuple[str, ...]] = {}
    last: tuple[str, ...] | None = None
    for week in weeks:
        heading = week_heading(schedule, week)
        if heading != last:
            found[week] = heading
        last = heading
    return found


def rotation(schedule: Schedule, day: date) -> int:
    """By how many weekdays the rhythm is rotated at a day (0: the plan's weekdays are the calendar's).

    Read at the first day in a week on or after `day`; 0 beyond the plan.
    """
    while schedule.contains(day):
        planned = schedule.weekday(day)
        if planned is not None:
            return (day.weekday() - planned) % 7
        day += timedelta(days=1)
    return 0


def keeps_weekdays(days: int) -> bool:
    return days % 7 == 0


def _names(weekdays: Iterable[int], plural: bool) -> str:
    names = [FULL_NAMES[day] + ("s" if plural else "") for day in sorted(weekdays)]
    if len(names) == 7:
        return "every day"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def weekday_moves(schedule: Schedule, first: date, days: int, done: bool = False) -> str:
    """What a shift of `days` from `first` does to the rhythm, in words: "your rest day would fall on
    Tuesdays, the Saturday block on Mondays" (`done`: "your rest day falls on Tuesdays", once shifted).
    Empty for whole weeks, which keep every weekday."""
    if keeps_weekdays(days):
        return ""
    plan = schedule.plan
    before = rotation(schedule, first)
    after = before + days

    def moved(weekdays: Iterable[int], by: int) -> set[int]:
        return {(day + by) % 7 for day in weekdays}

    said = []
    if plan.rest_days:
        one = len(plan.rest_days) == 1
        verb = "would fall" if not done else "falls" if one else "fall"
        noun = "rest day" if one else "rest days"
        said.append(f"your {noun} {verb} on {_names(moved(plan.rest_days, after), True)}")
    blocks = [task for task in plan.tasks if task.kind == "block" and task.days != ALL_DAYS]
    for block in blocks:
        named = f"{block.id} block" if len(blocks) > 1 else "block"
        was = _names(moved(block.days, before), False)
        said.append(f"the {was} {named} on {_names(moved(block.days, after), True)}")
    if not said:
        verb = "falls" if done else "would fall"
        said.append(f"each day's work {verb} on another weekday (Monday's on {FULL_NAMES[days % 7]}s)")
    return ", ".join(said)


def week_to_repeat(schedule: Schedule, today: date) -> int | None:
    """The plan week `repeat-week` does again now: today's, or on a shifted day the next one (a finished week
    is never lived again); None past the plan's end."""
    day = today
    while schedule.contains(day):
        week = schedule.week_of(day)
        if week is not None:
            return schedule.plan_week(week)
        day += timedelta(days=1)
    return None
