"""The plan as values: what a person asked of themselves, already validated.

Every object here is frozen and built only by `cadence.plan`, which has
checked every rule of the plan format; the core can therefore trust these values.
The defaults of the plan file live in `cadence.plan.schema`, not here.
"""

from __future__ import annotations

from datetime import date, time
from fractions import Fraction

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import Literal, NamedTuple
else:
    from cadence.named import Literal, NamedTuple

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday names as the plan file spells them; index = `date.weekday()`."""

ALL_DAYS = frozenset(range(7))

TaskKind = Literal["task", "block"]
Remind = Literal["fade", "always"]
"""`fade`: a task's reminders at its time stop once it is automatic (`core.automaticity`); `always`: they never do."""


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
    kind: TaskKind
    title: str
    days: frozenset[int]
    per_week: int | None
    weeks: frozenset[int] | None
    """None: every week of the plan."""
    at: time | None
    duration_min: int | None
    unit: str
    target: Target
    results: tuple[str, ...]
    required: bool
    on_rest_days: bool
    channel: str | None
    note: str | None
    remind: Remind = "fade"

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
    volume: Fraction
    note: str | None


class WeekOverride(NamedTuple):
    number: int
    volume: Fraction
    note: str | None


class Goal(NamedTuple):
    id: str
    title: str
    metric: str
    target: int
    by: date | int
    """A date, or a week number meaning that week's last day."""
    checkpoints: tuple[tuple[int, int], ...]
    """(week, cumulative value) in week order; for a level goal, (week, level)."""
    note: str | None
    start: int | None = None
    """The plan's `from`: where the goal starts (a level's first level, or a count already in hand)."""


class Notify(NamedTuple):
    morning: time | None
    evening: time | None
    snooze_min: int
    grace_min: int


class Plan(NamedTuple):
    name: str
    weeks: int
    start: date | None
    finish: date | None
    timezone: str | None
    """An IANA name; None: the system's local zone, resolved by the shell."""
    day_starts: time
    rest_days: frozenset[int]
    holidays: frozenset[date]
    makeup_days: int
    notify: Notify
    phases: tuple[Phase, ...]
    week_overrides: tuple[WeekOverride, ...]
    tasks: tuple[Task, ...]
    goals: tuple[Goal, ...]
    note: str | None

    @property
    def floating(self) -> bool:
        """Fixing neither `start` nor `finish`: the run says when the plan begins."""
        return self.start is None and self.finish is None

    def metric_kinds(self) -> dict[str, str]:
        """What the plan says of its metrics before anything is logged: a task's `results` are counts
        (new results), and the metric of a goal with `from` that no task declares is a level."""
        kinds = {goal.metric: "level" for goal in self.goals if goal.start is not None}
        kinds.update((metric, "count") for task in self.tasks for metric in task.results)
        return kinds

    def task(self, task_id: str) -> Task | None:
        for task in self.tasks:
            if task.id == task_id:
                return task
        return None
