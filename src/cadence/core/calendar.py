"""The plan laid out on real days: weeks, phases, volume, targets and occurrences.

Pure: a `Schedule` is a plan pinned to its first day. Nothing here reads the
clock; "today" and "now" are always arguments.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from fractions import Fraction
from typing import NamedTuple

from cadence.core.model import Phase, Plan, Ramp, Task, WeekOverride

HALF = Fraction(1, 2)


def round_half_up(value: Fraction) -> int:
    """Round to the nearest integer, halves upwards (2.5 -> 3)."""
    return math.floor(value + HALF)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def resolve_start(plan: Plan, first_use: date) -> date:
    """The first day of week 1.

    `start` wins; `finish` counts back; a plan with neither starts on the Monday
    of the week in which it is first used (the store records that day).
    """
    if plan.start is not None:
        return plan.start
    if plan.finish is not None:
        return plan.finish - timedelta(days=7 * plan.weeks - 1)
    return monday_of(first_use)


def plan_day(moment: datetime, zone: tzinfo, day_starts: time) -> date:
    """The plan day a moment belongs to: its local date after subtracting `day_starts`."""
    local = moment.astimezone(zone)
    shift = timedelta(hours=day_starts.hour, minutes=day_starts.minute)
    return (local - shift).date()


def ramp_value(ramp: Ramp, week: int, weeks: int) -> Fraction:
    """The unrounded ramp value of a week: linear from week 1 to the peak week."""
    peak_week = ramp.peak_week or weeks
    if week >= peak_week or peak_week == 1:
        return Fraction(ramp.peak)
    return ramp.start + Fraction(ramp.peak - ramp.start) * (week - 1) / (peak_week - 1)


class Occurrence(NamedTuple):
    """One task or block due on one plan day, with the amount asked for."""

    task: Task
    day: date
    week: int
    target: int

    @property
    def id(self) -> str:
        return self.task.id


class Schedule:
    """A plan pinned to its first day. Treat as immutable; it only memoizes targets."""

    __slots__ = ("_day_memo", "_targets", "_task_memo", "end", "plan", "start")

    def __init__(self, plan: Plan, start: date) -> None:
        self.plan = plan
        self.start = start
        self.end = start + timedelta(days=7 * plan.weeks - 1)
        """The last day of the last week."""
        self._targets: dict[tuple[str, int], int] = {}
        """Memo of `target`: expansion asks for the same (task, week) once per day."""
        self._day_memo: dict[date, list[Occurrence]] = {}
        self._task_memo: dict[str, list[Occurrence]] = {}

    def __repr__(self) -> str:
        return f"Schedule({self.plan.name!r}, start={self.start.isoformat()})"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def week_of(self, day: date) -> int | None:
        """The week number of a day, or None outside the plan."""
        if not self.contains(day):
            return None
        return (day - self.start).days // 7 + 1

    def week_start(self, week: int) -> date:
        return self.start + timedelta(days=7 * (week - 1))

    def days_of_week(self, week: int) -> list[date]:
        first = self.week_start(week)
        return [first + timedelta(days=i) for i in range(7)]

    def days(self) -> Iterator[date]:
        for offset in range(7 * self.plan.weeks):
            yield self.start + timedelta(days=offset)

    def phase_of(self, week: int) -> Phase | None:
        for phase in self.plan.phases:
            if week in phase.weeks:
                return phase
        return None

    def week_override(self, week: int) -> WeekOverride | None:
        for override in self.plan.week_overrides:
            if override.number == week:
                return override
        return None

    def volume(self, week: int) -> Fraction:
        """Phase volume times week volume."""
        phase = self.phase_of(week)
        override = self.week_override(week)
        return (phase.volume if phase else Fraction(1)) * (override.volume if override else Fraction(1))

    def is_rest_day(self, day: date) -> bool:
        return day.weekday() in self.plan.rest_days or day in self.plan.holidays

    def target(self, task: Task, week: int) -> int:
        """The amount asked of a task in a week; 0 when it is not due that week."""
        key = (task.id, week)
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = self._compute_target(task, week)
        return found

    def _compute_target(self, task: Task, week: int) -> int:
        if task.weeks is not None and week not in task.weeks:
            return 0
        if task.kind == "block":
            return 1
        spec = task.target
        if isinstance(spec, int):
            base = Fraction(spec)
        elif isinstance(spec, Ramp):  # before tuple: a Ramp is a NamedTuple
            base = Fraction(round_half_up(ramp_value(spec, week, self.plan.weeks)))
        else:
            if spec[week - 1] == 0:
                return 0
            base = Fraction(spec[week - 1])
        volume = self.volume(week)
        return max(1, round_half_up(base * volume) if volume != 1 else int(base))

    def is_due_on(self, task: Task, day: date) -> bool:
        """Whether a day-scheduled task is due on a day (per_week tasks: whether it may be done)."""
        week = self.week_of(day)
        if week is None:
            return False
        if task.per_week is None and day.weekday() not in task.days:
            return False
        if self.is_rest_day(day) and (task.kind == "block" or not task.on_rest_days):
            return False
        return self.target(task, week) > 0

    def due_on(self, day: date) -> list[Occurrence]:
        """Every task and block that may be done on a day, in the plan's order by time.

        `per_week` tasks are included on every day they may be done; hiding them
        once their N check-ins are in is the status layer's job.
        """
        week = self.week_of(day)
        if week is None:
            return []
        found = [
            Occurrence(task, day, week, self.target(task, week))
            for task in self.plan.tasks
            if self.is_due_on(task, day)
        ]
        return sorted(found, key=_by_time)

    def fixed_due_on(self, day: date) -> list[Occurrence]:
        """The day-scheduled occurrences of a day (no per_week tasks). Do not mutate the list."""
        found = self._day_memo.get(day)
        if found is None:
            found = self._day_memo[day] = [occ for occ in self.due_on(day) if occ.task.per_week is None]
        return found

    def occurrences_of(self, task: Task) -> list[Occurrence]:
        """Every occurrence of a day-scheduled task over the whole plan, in order. Do not mutate."""
        found = self._task_memo.get(task.id)
        if found is None:
            found = self._task_memo[task.id] = [
                Occurrence(
                    task, day, (day - self.start).days // 7 + 1, self.target(task, (day - self.start).days // 7 + 1)
                )
                for day in self.days()
                if task.per_week is None and self.is_due_on(task, day)
            ]
        return found

    def flexible_in_week(self, week: int) -> list[tuple[Task, int]]:
        """The per_week tasks due in a week, with their per-check-in target."""
        return [
            (task, target)
            for task in self.plan.tasks
            if task.per_week is not None and (target := self.target(task, week)) > 0
        ]

    def task_minutes(self, task: Task, week: int) -> int:
        """A task's planned minutes in a week: its duration for each day due (N days at most for per_week)."""
        count = sum(1 for day in self.days_of_week(week) if self.is_due_on(task, day))
        if task.per_week is not None:
            count = min(count, task.per_week)
        return count * (task.duration_min or 0)

    def planned_minutes(self, week: int) -> int:
        """The durations of all of a week's occurrences, blocks included."""
        return sum(self.task_minutes(task, week) for task in self.plan.tasks)


def goal_date(schedule: Schedule, by: date | int) -> date:
    """A goal's date: a week number means that week's last day."""
    return by if isinstance(by, date) else schedule.week_start(by) + timedelta(days=6)


def _by_time(occ: Occurrence) -> tuple[int, time]:
    return (0, occ.task.at) if occ.task.at is not None else (1, time(0))
