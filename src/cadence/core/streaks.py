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

from cadence.core.calendar import Occurrence, Schedule
from cadence.core.model import ALL_DAYS, Plan, Task
from cadence.core.status import Ledger, WeekCount, is_closed, is_settled, occurrence_status, week_count

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import Literal, NamedTuple
else:
    from cadence.named import Literal, NamedTuple

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
    if all(status in ("done", "skipped", "untracked") for status in statuses):
        return "kept"
    if any(
        status in ("partial", "missed") and is_closed(occ.day, today, makeup_days)
        for occ, status in zip(occurrences, statuses, strict=True)
    ):
        return "missed"  # short of the target once its window closed, partly done or not at all
    return "open"


def day_state(schedule: Schedule, day: date, ledger: Ledger, today: date) -> DayState:
    required = [occ for occ in schedule.fixed_due_on(day) if occ.task.required]
    return occurrences_state(required, ledger, today, schedule.plan.makeup_days, schedule.tracking)


def elapsed_occurrences(schedule: Schedule, task: Task, today: date) -> list[Occurrence]:
    """A day-scheduled task's tracked occurrences up to today; its other days are neutral for it."""
    return [occ for occ in schedule.occurrences_of(task) if schedule.tracking <= occ.day <= today]


def week_state(count: WeekCount) -> DayState:
    """A per_week task's week: neutral when it asks nothing (excused entirely), kept once its quota is met."""
    if count.quota == 0:
        return "neutral"
    if count.done >= count.quota:
        return "kept"
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


StreakUnit = Literal["days", "times", "weeks"]


def streak_unit(plan: Plan, task: Task) -> StreakUnit:
    """What a task's streak counts: weeks (per_week), days (due on every day that is not a rest day),
    otherwise times (its due days in a row: Tuesday and Thursday are two times, not two days)."""
    if task.per_week is not None:
        return "weeks"
    every = ALL_DAYS if task.on_rest_days else ALL_DAYS - plan.rest_days
    return "days" if every <= task.days else "times"


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
            if not count.closed or count.quota == 0:
                continue
            score = score * multiplier + count.counted / count.quota * (1 - multiplier)
        return score
    makeup = schedule.plan.makeup_days
    for occ in elapsed_occurrences(schedule, task, today):
        status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
        if not is_settled(status, occ, today, makeup):
            continue  # excused, or still open: counts once it is done or its window closed
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
    """min(amount/target, 1) of each settled occurrence (done, or its window closed) of fixed-day tasks (or of one)."""
    values: list[float] = []
    makeup = schedule.plan.makeup_days
    for day in days:
        for occ in schedule.fixed_due_on(day):
            if task_id is not None and occ.id != task_id:
                continue
            status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
            if is_settled(status, occ, today, makeup):
                values.append(ratio(ledger.amount(occ.id, day), occ.target))
    return values


def weekly_values(
    schedule: Schedule, week: int, ledger: Ledger, today: date, task_id: str | None = None
) -> list[float]:
    """check-ins / quota of each per_week task (or of one) in a week that is over or already met."""
    values: list[float] = []
    for task, _ in schedule.flexible_in_week(week):
        if task_id is not None and task.id != task_id:
            continue
        count = week_count(schedule, task, week, ledger, today)
        if count.quota > 0 and (count.closed or count.done >= count.quota):
            values.append(count.counted / count.quota)
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
