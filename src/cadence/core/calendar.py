"""The plan laid out on real days: weeks, phases, volume, targets and occurrences.

Pure: a `Schedule` is a plan pinned to its first day, with the shifts and
repeated weeks of its run. Nothing here reads the clock; "today" and "now" are
always arguments.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from fractions import Fraction

from cadence.core.model import Phase, Plan, Ramp, Task, WeekOverride

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import Literal, NamedTuple
else:
    from cadence.named import NamedTuple

HALF = Fraction(1, 2)


def round_half_up(value: Fraction) -> int:
    """Round to the nearest integer, halves upwards (2.5 -> 3)."""
    return math.floor(value + HALF)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


YEARS = (1000, 8999)
"""The years cadence plans in: room on both sides for a plan's weeks, shifts and repeats, and for the
windows read around a day, within what a date can hold (years 1 to 9999)."""


def within_years(day: date) -> bool:
    return YEARS[0] <= day.year <= YEARS[1]


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
    """The run's week (see `Schedule`): a repeated week has a number of its own."""
    target: int

    @property
    def id(self) -> str:
        return self.task.id


class Adjustment(NamedTuple):
    """A change a person made to how the run lays the plan on days: a shift or a repeated week."""

    kind: Literal["shift", "repeat"]
    day: date
    """shift: every plan day on or after this date moves. repeat: the day it was asked."""
    amount: int
    """shift: how many days later. repeat: the plan week done again."""


class Slot(NamedTuple):
    """What one calendar day is in a run: day `offset` (0..6) of the run's week `week`."""

    week: int
    offset: int


class Schedule:
    """A plan laid on real days for one run: pinned to its first day, with its shifts and repeats.

    Weeks are counted as the run lives them: week numbers 1, 2, ... in order,
    each seven plan days. Without adjustments they are the plan's weeks. A
    repeated week is a week of its own that takes another week's targets and
    pattern (`plan_week`, `repeat_of`), and a shift opens days that belong to no
    week (`is_shifted`). The weekday pattern moves with the days: a task due on
    the plan's Mondays is due on whatever day a shift moved that Monday to;
    holidays stay on their dates. Days before `tracking` are untracked: the plan
    shows them, nothing is owed on them. Treat as immutable; it only memoizes.
    """

    __slots__ = (
        "_day_memo",
        "_patterns",
        "_plan_weeks",
        "_repeats",
        "_slots",
        "_targets",
        "_task_memo",
        "_week_days",
        "adjustments",
        "end",
        "plan",
        "start",
        "tracking",
    )

    def __init__(
        self, plan: Plan, start: date, adjustments: Sequence[Adjustment] = (), tracking: date | None = None
    ) -> None:
        self.plan = plan
        self.start = start
        self.adjustments = tuple(adjustments)
        self.tracking = start if tracking is None else tracking
        """The first tracked day: days before it are untracked."""
        slots: list[Slot | None] = [Slot(week, offset) for week in range(1, plan.weeks + 1) for offset in range(7)]
        plan_weeks = list(range(1, plan.weeks + 1))
        repeats: set[int] = set()
        for adjustment in self.adjustments:
            if adjustment.kind == "shift":
                if adjustment.amount < 1 or (date.max - start).days - len(slots) <= adjustment.amount + 7:
                    continue  # a shift no day could follow (from a damaged log): laid out without it
                at = min(max((adjustment.day - start).days, 0), len(slots))
                slots[at:at] = [None] * adjustment.amount
                continue
            if (date.max - start).days - len(slots) <= 14:
                continue
            passes = [week for week, number in enumerate(plan_weeks, start=1) if number == adjustment.amount]
            if not passes:
                continue
            after = passes[-1]
            last = max(index for index, slot in enumerate(slots) if slot is not None and slot.week == after)
            slots = [slot if slot is None or slot.week <= after else Slot(slot.week + 1, slot.offset) for slot in slots]
            slots[last + 1 : last + 1] = [Slot(after + 1, offset) for offset in range(7)]
            plan_weeks.insert(after, adjustment.amount)
            repeats = {week + 1 if week > after else week for week in repeats} | {after + 1}
        self._slots = slots
        self._plan_weeks = plan_weeks
        self._repeats = frozenset(repeats)
        self._week_days: list[list[date]] = [[] for _ in plan_weeks]
        for index, slot in enumerate(slots):
            if slot is not None:
                self._week_days[slot.week - 1].append(start + timedelta(days=index))
        self.end = start + timedelta(days=len(slots) - 1)
        """The last day of the last week, after every shift and repeat."""
        self._targets: dict[tuple[str, int], int] = {}
        """Memo of `target`: expansion asks for the same (task, week) once per day."""
        self._day_memo: dict[date, list[Occurrence]] = {}
        self._task_memo: dict[str, list[Occurrence]] = {}
        self._patterns: dict[tuple[int, bool], list[Task]] = {}

    def __repr__(self) -> str:
        return f"Schedule({self.plan.name!r}, start={self.start.isoformat()})"

    @property
    def overrun(self) -> int:
        """Days the run goes past the plan file's `finish` date (0: none, or no `finish`)."""
        finish = self.plan.finish
        return max(0, (self.end - finish).days) if finish is not None else 0

    @property
    def weeks(self) -> int:
        """How many weeks the run has: the plan's, and one more for each repeat."""
        return len(self._plan_weeks)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def slot(self, day: date) -> Slot | None:
        """What a day is in the run; None outside the plan and on a shifted day."""
        if not self.contains(day):
            return None
        return self._slots[(day - self.start).days]

    def is_shifted(self, day: date) -> bool:
        """A day opened by a shift: inside the plan, in no week, neutral."""
        return self.contains(day) and self._slots[(day - self.start).days] is None

    def is_tracked(self, day: date) -> bool:
        return day >= self.tracking

    def week_of(self, day: date) -> int | None:
        """The run's week of a day, or None outside the plan and on a shifted day."""
        index = (day - self.start).days
        if not 0 <= index < len(self._slots):
            return None
        slot = self._slots[index]
        return None if slot is None else slot.week

    def plan_week(self, week: int) -> int:
        """The plan's week whose targets and pattern a run's week takes (itself, unless it repeats one)."""
        return self._plan_weeks[week - 1]

    def repeat_of(self, week: int) -> int | None:
        """The plan week a run's week does again, or None."""
        return self._plan_weeks[week - 1] if week in self._repeats else None

    def origin(self, day: date) -> str | None:
        """Which day of the unadjusted plan a day is: its date there ("2026-12-02"), with "-again", "-again2"...
        for the passes of a repeated week. Stable across shifts, so a calendar can follow a moved occurrence."""
        slot = self.slot(day)
        if slot is None:
            return None
        number = self.plan_week(slot.week)
        planned = self.start + timedelta(days=7 * (number - 1) + slot.offset)
        passes = sum(1 for week in range(1, slot.week) if self.plan_week(week) == number)
        suffix = "" if passes == 0 else "-again" if passes == 1 else f"-again{passes}"
        return f"{planned.isoformat()}{suffix}"

    def last_pass(self, plan_week: int) -> int:
        """The run's last week that takes a plan week (the week itself, or its last repeat)."""
        return max(week for week, number in enumerate(self._plan_weeks, start=1) if number == plan_week)

    def span(self, week: int) -> list[date]:
        """A week's days with the shifted days among them or just before it, in calendar order."""
        first = self.week_end(week - 1) + timedelta(days=1) if week > 1 else self.start
        return list(self._calendar(first, self.week_end(week)))

    def week_start(self, week: int) -> date:
        return self._week_days[week - 1][0]

    def week_end(self, week: int) -> date:
        return self._week_days[week - 1][-1]

    def days_of_week(self, week: int) -> list[date]:
        """The seven days of a run's week, in order (not always consecutive after a shift)."""
        return self._week_days[week - 1]

    def days(self) -> Iterator[date]:
        """Every day from the first to the last, shifted days included."""
        return self._calendar(self.start, self.end)

    @staticmethod
    def _calendar(first: date, last: date) -> Iterator[date]:
        for offset in range((last - first).days + 1):
            yield first + timedelta(days=offset)

    def weekday(self, day: date) -> int | None:
        """The plan's weekday of a day (0 Monday): where a shift moved it from."""
        slot = self.slot(day)
        return None if slot is None else (self.start.weekday() + slot.offset) % 7

    def phase_of(self, week: int) -> Phase | None:
        return self._phase(self.plan_week(week))

    def week_override(self, week: int) -> WeekOverride | None:
        return self._override(self.plan_week(week))

    def volume(self, week: int) -> Fraction:
        """Phase volume times week volume."""
        return self._volume(self.plan_week(week))

    # The same, by the plan's own week number (what targets are worked out from).

    def _phase(self, number: int) -> Phase | None:
        return next((phase for phase in self.plan.phases if number in phase.weeks), None)

    def _override(self, number: int) -> WeekOverride | None:
        return next((override for override in self.plan.week_overrides if override.number == number), None)

    def _volume(self, number: int) -> Fraction:
        phase, override = self._phase(number), self._override(number)
        return (phase.volume if phase else Fraction(1)) * (override.volume if override else Fraction(1))

    def is_rest_day(self, day: date) -> bool:
        weekday = self.weekday(day)
        return (weekday is not None and weekday in self.plan.rest_days) or day in self.plan.holidays

    def target(self, task: Task, week: int) -> int:
        """The amount asked of a task in a run's week; 0 when it is not due that week."""
        number = self.plan_week(week)
        key = (task.id, number)
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = self._compute_target(task, number)
        return found

    def _compute_target(self, task: Task, week: int) -> int:
        """The target in a plan week."""
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
        volume = self._volume(week)
        return max(1, round_half_up(base * volume) if volume != 1 else int(base))

    def is_due_on(self, task: Task, day: date) -> bool:
        """Whether a day-scheduled task is due on a day (per_week tasks: whether it may be done)."""
        slot = self.slot(day)
        if slot is None:
            return False
        if task.per_week is None and (self.start.weekday() + slot.offset) % 7 not in task.days:
            return False
        if self.is_rest_day(day) and (task.kind == "block" or not task.on_rest_days):
            return False
        return self.target(task, slot.week) > 0

    def due_on(self, day: date) -> list[Occurrence]:
        """Every task and block that may be done on a day, in the plan's order by time.

        `per_week` tasks are included on every day they may be done; hiding them
        once their N check-ins are in is the status layer's job. Untracked days
        are included too: what is owed is the status layer's to say.
        """
        slot = self.slot(day)
        if slot is None:
            return []
        week = slot.week
        weekday = (self.start.weekday() + slot.offset) % 7
        rest = weekday in self.plan.rest_days or day in self.plan.holidays
        return [
            Occurrence(task, day, week, target)
            for task in self._pattern(weekday, rest)
            if (target := self.target(task, week)) > 0
        ]

    def _pattern(self, weekday: int, rest: bool) -> list[Task]:
        """The tasks a plan weekday (a rest day or not) may hold, by time: `is_due_on` without the target."""
        key = (weekday, rest)
        if (found := self._patterns.get(key)) is None:
            tasks = [
                task
                for task in self.plan.tasks
                if (task.per_week is not None or weekday in task.days)
                and not (rest and (task.kind == "block" or not task.on_rest_days))
            ]
            found = self._patterns[key] = sorted(tasks, key=_task_time)
        return found

    def fixed_due_on(self, day: date) -> list[Occurrence]:
        """The day-scheduled occurrences of a day (no per_week tasks). Do not mutate the list."""
        found = self._day_memo.get(day)
        if found is None:
            found = self._day_memo[day] = [occ for occ in self.due_on(day) if occ.task.per_week is None]
        return found

    def occurrences_of(self, task: Task) -> list[Occurrence]:
        """Every occurrence of a day-scheduled task over the whole run, in order. Do not mutate."""
        if not self._task_memo:  # one pass over the days lays out every task's occurrences
            memo: dict[str, list[Occurrence]] = {other.id: [] for other in self.plan.tasks}
            for day in self.days():
                for occ in self.fixed_due_on(day):
                    memo[occ.id].append(occ)
            self._task_memo.update(memo)
        return self._task_memo[task.id]

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
    """A goal's date: a week number means the last day of that plan week (of its last repeat)."""
    return by if isinstance(by, date) else schedule.week_end(schedule.last_pass(by))


def _task_time(task: Task) -> tuple[int, time]:
    return (0, task.at) if task.at is not None else (1, time(0))
