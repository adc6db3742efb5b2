"""Streaks, adherence, compliance and strength: pure functions of (schedule, ledger, today).

A plan day is *kept* when every required occurrence on it is done or skipped;
days with nothing required, or with everything skipped, are *neutral*; a day
that can still be kept (today, or inside the make-up window) is *open*; any
other day with work left is *missed*. `per_week` tasks are judged by the week.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Literal, NamedTuple

from cadence.core.calendar import Occurrence, Schedule
from cadence.core.model import Task
from cadence.core.status import Ledger, occurrence_status

DayState = Literal["kept", "neutral", "open", "missed"]
Compliance = Literal["green", "yellow", "red", "grey"]

DAILY_MULTIPLIER = 0.5 ** (1 / 13)
"""Loop Habit Tracker's daily multiplier: a habit's strength halves in 13 idle days."""


class Streak(NamedTuple):
    current: int
    longest: int


NO_STREAK = Streak(0, 0)


def ratio(amount: float, target: int) -> float:
    return min(amount / target, 1.0)


def last_day(schedule: Schedule, today: date) -> date:
    """The last plan day that has happened (today at the latest)."""
    return min(today, schedule.end)


def elapsed_days(schedule: Schedule, today: date) -> list[date]:
    """The tracked days of the plan that have happened (days before tracking are neutral)."""
    first, last = max(schedule.start, schedule.tracking), last_day(schedule, today)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def occurrences_state(
    occurrences: Sequence[Occurrence], ledger: Ledger, today: date, makeup_days: int, tracking: date = date.min
) -> DayState:
    """The state of a day judged by some of its occurrences; untracked and all-skipped days are neutral."""
    if not occurrences:
        return "neutral"
    statuses = [occurrence_status(occ, ledger, today, makeup_days, tracking) for occ in occurrences]
    if all(status in ("skipped", "untracked") for status in statuses):
        return "neutral"
    if all(status in ("done", "skipped") for status in statuses):
        return "kept"
    if "missed" in statuses:
        return "missed"
    return "open"


def day_state(schedule: Schedule, day: date, ledger: Ledger, today: date) -> DayState:
    required = [occ for occ in schedule.fixed_due_on(day) if occ.task.required]
    return occurrences_state(required, ledger, today, schedule.plan.makeup_days, schedule.tracking)


def elapsed_occurrences(schedule: Schedule, task: Task, today: date) -> list[Occurrence]:
    """A day-scheduled task's tracked occurrences up to today; its other days are neutral for it."""
    return [occ for occ in schedule.occurrences_of(task) if schedule.tracking <= occ.day <= today]


class WeekCount(NamedTuple):
    """How a per_week task stands in one week."""

    need: int
    """N, or fewer when rest days and holidays leave fewer days."""
    done: int
    skipped: int
    closed: bool
    """The week and its make-up window are over."""


def week_count(schedule: Schedule, task: Task, week: int, ledger: Ledger, today: date) -> WeekCount:
    days = [day for day in schedule.days_of_week(week) if schedule.is_due_on(task, day) and schedule.is_tracked(day)]
    target = schedule.target(task, week)
    done = sum(1 for day in days if ledger.amount(task.id, day) >= target)
    skipped = sum(1 for day in days if ledger.skipped(task.id, day) and ledger.amount(task.id, day) < target)
    need = min(task.per_week or 0, len(days))
    closed = today > schedule.week_end(week) + timedelta(days=schedule.plan.makeup_days)
    return WeekCount(need, done, skipped, closed)


def week_state(count: WeekCount) -> DayState:
    if count.need == 0:
        return "neutral"
    if count.done + count.skipped >= count.need:
        return "kept" if count.done > 0 else "neutral"
    return "missed" if count.closed else "open"


def run_lengths(states: Iterable[DayState], carry: Streak = NO_STREAK) -> Streak:
    """Current and longest runs of kept states; neutral and open ones are passed over.

    `carry` is the result over the days before `states`, so a settled past can be
    computed once and only the days that can still change walked again.
    """
    run, longest = carry
    for state in states:
        if state == "kept":
            run += 1
            longest = max(longest, run)
        elif state == "missed":
            run = 0
    return Streak(run, longest)


def elapsed_weeks(schedule: Schedule, today: date) -> range:
    """The weeks that have begun by today and end on or after the tracking start."""
    last = last_day(schedule, today)
    begun = [week for week in range(1, schedule.weeks + 1) if schedule.week_start(week) <= last]
    tracked = [week for week in begun if schedule.week_end(week) >= schedule.tracking]
    return range(tracked[0], tracked[-1] + 1) if tracked else range(1, 1)


def overall_streak(
    schedule: Schedule,
    ledger: Ledger,
    today: date,
    since: date | None = None,
    before: date | None = None,
    carry: Streak = NO_STREAK,
) -> Streak:
    """The overall streak as of today, over the days from `since` and before `before`, after `carry`."""
    days = [
        day
        for day in elapsed_days(schedule, today)
        if (since is None or day >= since) and (before is None or day < before)
    ]
    return run_lengths((day_state(schedule, day, ledger, today) for day in days), carry)


def settled_before(schedule: Schedule, today: date) -> date:
    """The first day that can still change: today's make-up window begins there."""
    return today - timedelta(days=schedule.plan.makeup_days)


def task_streak(schedule: Schedule, task: Task, ledger: Ledger, today: date) -> Streak:
    if task.per_week is not None:
        counts = (week_count(schedule, task, week, ledger, today) for week in elapsed_weeks(schedule, today))
        return run_lengths(week_state(count) for count in counts)
    makeup = schedule.plan.makeup_days
    return run_lengths(
        occurrences_state([occ], ledger, today, makeup, schedule.tracking)
        for occ in elapsed_occurrences(schedule, task, today)
    )


def strength(schedule: Schedule, task: Task, ledger: Ledger, today: date) -> float:
    """Loop Habit Tracker's habit strength, stepped over the task's due days (or closed weeks)."""
    score = 0.0
    if task.per_week is not None:
        multiplier = 0.5 ** (7 * math.sqrt(task.per_week / 7) / 13)
        for week in elapsed_weeks(schedule, today):
            count = week_count(schedule, task, week, ledger, today)
            asked = count.need - count.skipped
            if not count.closed or count.need == 0 or asked <= 0:
                continue
            score = score * multiplier + min(count.done / asked, 1.0) * (1 - multiplier)
        return score
    makeup = schedule.plan.makeup_days
    for occ in elapsed_occurrences(schedule, task, today):
        status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
        if status in ("skipped", "open", "partial", "untracked"):
            continue  # excused, or still open: counts once it is done or missed
        value = ratio(ledger.amount(task.id, occ.day), occ.target)
        score = score * DAILY_MULTIPLIER + value * (1 - DAILY_MULTIPLIER)
    return score


def compliance(occ: Occurrence, ledger: Ledger, today: date, makeup_days: int, tracking: date = date.min) -> Compliance:
    """The colour of one occurrence, as training platforms colour a workout."""
    status = occurrence_status(occ, ledger, today, makeup_days, tracking)
    if status in ("skipped", "open", "untracked"):  # open: nothing done yet, and it still can be
        return "grey"
    value = ratio(ledger.amount(occ.id, occ.day), occ.target)
    if value >= 0.8:
        return "green"
    if value >= 0.5:
        return "yellow"
    return "red"


def settled_values(
    schedule: Schedule, days: Iterable[date], ledger: Ledger, today: date, task_id: str | None = None
) -> list[float]:
    """min(amount/target, 1) of each settled occurrence (done or missed) of fixed-day tasks (or of one)."""
    values: list[float] = []
    makeup = schedule.plan.makeup_days
    for day in days:
        for occ in schedule.fixed_due_on(day):
            if task_id is not None and occ.id != task_id:
                continue
            status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
            if status in ("done", "missed"):
                values.append(ratio(ledger.amount(occ.id, day), occ.target))
    return values


def weekly_values(
    schedule: Schedule, week: int, ledger: Ledger, today: date, task_id: str | None = None
) -> list[float]:
    """check-ins / N of each per_week task (or of one) in a week that is over or already met."""
    values: list[float] = []
    for task, _ in schedule.flexible_in_week(week):
        if task_id is not None and task.id != task_id:
            continue
        count = week_count(schedule, task, week, ledger, today)
        asked = count.need - count.skipped
        if asked > 0 and (count.closed or count.done >= asked):
            values.append(min(count.done / asked, 1.0))
    return values


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def day_adherence(schedule: Schedule, day: date, ledger: Ledger, today: date) -> float | None:
    return mean(settled_values(schedule, [day], ledger, today))


def week_adherence(schedule: Schedule, week: int, ledger: Ledger, today: date) -> float | None:
    return mean(week_adherence_values(schedule, week, ledger, today))


def week_adherence_values(
    schedule: Schedule, week: int, ledger: Ledger, today: date, task_id: str | None = None
) -> list[float]:
    days = [day for day in schedule.days_of_week(week) if day <= today]
    return settled_values(schedule, days, ledger, today, task_id) + weekly_values(
        schedule, week, ledger, today, task_id
    )


def plan_adherence(schedule: Schedule, ledger: Ledger, today: date) -> float | None:
    """The mean over every settled occurrence so far (not the mean of the weeks' means)."""
    values: list[float] = []
    for week in elapsed_weeks(schedule, today):
        values += week_adherence_values(schedule, week, ledger, today)
    return mean(values)


def missed_in_a_row(schedule: Schedule, ledger: Ledger, today: date) -> int:
    """Required days missed one after another, back from today (neutral and open days passed over).

    Two is the point of "never miss twice": one miss does not matter much to a
    habit, a second in a row starts a new one.
    """
    count = 0
    for day in reversed(elapsed_days(schedule, today)[-14:]):  # the days `recent_window` folds
        state = day_state(schedule, day, ledger, today)
        if state == "missed":
            count += 1
        elif state == "kept":
            break
    return count


class Behind(NamedTuple):
    """A finished week done at less than half: time to shift or do it again."""

    week: int
    adherence: float


BEHIND = 0.5


def fell_behind(schedule: Schedule, ledger: Ledger, today: date) -> Behind | None:
    """The last finished week, when its adherence is under 50%."""
    finished = [week for week in elapsed_weeks(schedule, today) if schedule.week_end(week) < today]
    if not finished:
        return None
    week = finished[-1]
    if schedule.week_end(week) + timedelta(days=schedule.plan.makeup_days) >= today:
        return None  # its make-up window is still open
    if any(adjustment.day > schedule.week_end(week) for adjustment in schedule.adjustments):
        return None  # a shift or a repeat since: the person acted on it
    adherence = week_adherence(schedule, week, ledger, today)
    return Behind(week, adherence) if adherence is not None and adherence < BEHIND else None
