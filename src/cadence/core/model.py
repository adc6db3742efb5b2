"""The plan as values: what a person asked of themselves, already validated.

Every object here is frozen and built only by `cadence.planfile`, which has
checked every rule of SPEC §1; the core can therefore trust these values.
"""

from __future__ import annotations

from datetime import date, time
from fractions import Fraction
from typing import Literal, NamedTuple

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday names as the plan file spells them; index = `date.weekday()`."""

ALL_DAYS = frozenset(range(7))

Kind = Literal["task", "block"]


class Ramp(NamedTuple):
    """A target that rises linearly from `start` in week 1 to `peak` in `peak_week`."""

    start: int
    peak: int
    peak_week: int | None = None
    """None: the plan's last week."""


Target = int | tuple[int, ...] | Ramp
"""An amount every week, one amount per plan week (0: not due), or a ramp."""


class Task(NamedTuple):
    """A `[[task]]` or a `[[block]]`: blocks are tasks with a fixed window and target 1."""

    id: str
    kind: Kind
    title: str
    days: frozenset[int] = ALL_DAYS
    per_week: int | None = None
    weeks: frozenset[int] | None = None
    """None: every week of the plan."""
    at: time | None = None
    duration_min: int | None = None
    unit: str = "times"
    target: Target = 1
    results: tuple[str, ...] = ()
    required: bool = True
    on_rest_days: bool = False
    channel: str | None = None
    note: str | None = None

    def window(self) -> str:
        """When it is done: "08:30", or "09:00-11:00" for a block; "" when it has no time."""
        if self.at is None:
            return ""
        if self.kind == "block" and self.duration_min:
            end = (self.at.hour * 60 + self.at.minute + self.duration_min) % (24 * 60)
            return f"{self.at:%H:%M}-{end // 60:02d}:{end % 60:02d}"
        return f"{self.at:%H:%M}"


class Phase(NamedTuple):
    name: str
    weeks: frozenset[int]
    volume: Fraction = Fraction(1)
    note: str | None = None


class WeekOverride(NamedTuple):
    number: int
    volume: Fraction = Fraction(1)
    note: str | None = None


class Goal(NamedTuple):
    id: str
    title: str
    metric: str
    target: int
    by: date | int
    """A date, or a week number meaning that week's last day."""
    checkpoints: tuple[tuple[int, int], ...] = ()
    """(week, cumulative value) in week order."""
    note: str | None = None


class Notify(NamedTuple):
    morning: time | None = None
    evening: time | None = None
    snooze_min: int = 10
    grace_min: int = 60


class Plan(NamedTuple):
    name: str
    weeks: int
    start: date | None = None
    finish: date | None = None
    timezone: str | None = None
    """An IANA name; None: the system's local zone, resolved by the shell."""
    day_starts: time = time(0, 0)
    rest_days: frozenset[int] = frozenset()
    holidays: frozenset[date] = frozenset()
    makeup_days: int = 1
    notify: Notify = Notify()
    phases: tuple[Phase, ...] = ()
    week_overrides: tuple[WeekOverride, ...] = ()
    tasks: tuple[Task, ...] = ()
    goals: tuple[Goal, ...] = ()
    note: str | None = None

    def task(self, task_id: str) -> Task | None:
        for task in self.tasks:
            if task.id == task_id:
                return task
        return None
