"""How each occurrence stands, given what the person recorded.

The event log is folded into a `Ledger` by the store; everything here is a
pure function of (schedule, ledger, today).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from fractions import Fraction
from types import MappingProxyType

from cadence.core.calendar import Occurrence, Schedule, round_half_up
from cadence.core.model import Task

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import Literal, NamedTuple
else:
    from cadence.named import Literal, NamedTuple

Status = Literal["done", "partial", "skipped", "open", "missed", "rest", "untracked"]
"""`untracked`: a day of the plan before tracking began, on which nothing is owed."""


class Result(NamedTuple):
    """A number under a metric, on a day, optionally tied to the task that caused it."""

    metric: str
    amount: float
    day: date
    task: str | None = None


class Ledger(NamedTuple):
    """What the log says, folded: amounts checked in, skips and results, per plan day."""

    amounts: Mapping[tuple[str, date], float] = MappingProxyType({})
    skips: frozenset[tuple[str, date]] = frozenset()
    skip_all: frozenset[date] = frozenset()
    """Days on which every occurrence is excused (`skip --all`, a vacation)."""
    results: tuple[Result, ...] = ()
    notes: Mapping[tuple[str, date], tuple[str, ...]] = MappingProxyType({})
    """The notes of the check-ins of a task on a day, in order."""
    reasons: Mapping[tuple[str, date], str] = MappingProxyType({})
    """Why an occurrence was skipped (the latest reason given, a vacation's included)."""
    readings: tuple[Result, ...] = ()
    """Readings of level metrics (followers@372), by day and, within a day, in the order recorded."""

    def amount(self, task_id: str, day: date) -> float:
        return self.amounts.get((task_id, day), 0.0)

    def skipped(self, task_id: str, day: date) -> bool:
        return day in self.skip_all or (task_id, day) in self.skips

    def reason(self, task_id: str, day: date) -> str | None:
        return self.reasons.get((task_id, day)) or self.reasons.get(("", day))


def week_reach(schedule: Schedule, day: date) -> date:
    """The last day whose records count for a day's numbers: the end of its week (a skip booked for later
    in the week lowers a per_week quota now), or the day itself outside any week."""
    week = schedule.week_of(day)
    return day if week is None else max(day, schedule.week_end(week))


def recent_window(schedule: Schedule, day: date, today: date) -> tuple[date, date]:
    """The plan days whose events decide how `day` and today's make-up items stand.

    Two weeks back from the earlier of the two (a per_week task counts its
    week, and the last finished week tells whether the plan fell behind) plus
    the make-up window, and on to the end of their weeks (skips booked ahead
    prorate a quota); the folded log of these days is all `day_items`,
    `makeup_items` and the nudges of `today` need, however long the history.
    """
    first = min(day, today) - timedelta(days=14 + schedule.plan.makeup_days)
    return first, max(week_reach(schedule, day), week_reach(schedule, today))


def is_within_makeup(day: date, today: date, makeup_days: int) -> bool:
    """Today, or a past day that can still be made up."""
    return today - timedelta(days=makeup_days) <= day <= today


def is_closed(day: date, today: date, makeup_days: int) -> bool:
    """A past day whose make-up window is over: what was done on it is final."""
    return day < today - timedelta(days=makeup_days)


def occurrence_status(
    occ: Occurrence, ledger: Ledger, today: date, makeup_days: int, tracking: date = date.min
) -> Status:
    """How one occurrence stands. `partial` is some work short of the target, before or after its
    make-up window closed; `missed` is nothing done once it closed (the streak rules treat a closed
    partial as missed too: see `streaks.occurrences_state`)."""
    if occ.day < tracking:
        return "untracked"
    amount = ledger.amount(occ.id, occ.day)
    if amount >= occ.target:
        return "done"
    if ledger.skipped(occ.id, occ.day):
        return "skipped"
    if amount > 0 and occ.day <= today:
        return "partial"
    if occ.day > today or is_within_makeup(occ.day, today, makeup_days):
        return "open"
    return "missed"


def is_settled(status: Status, occ: Occurrence, today: date, makeup_days: int) -> bool:
    """Done, or short of its target with its make-up window over: its value no longer changes."""
    return status == "done" or (status in ("partial", "missed") and is_closed(occ.day, today, makeup_days))


class WeekCount(NamedTuple):
    """How a per_week task stands in one week.

    The quota is N, prorated when days of the week are excused (skipped, or
    before tracking began): N × (days not excused) / (days it may be done),
    rounded half up, and never more than the days left. A week excused
    entirely asks nothing and is neutral. Check-ins beyond the quota are
    extra: `counted` never exceeds it.
    """

    quota: int
    done: int
    """Days of the week on which it met its target."""
    excused: int
    closed: bool
    """The week and its make-up window are over."""

    @property
    def counted(self) -> int:
        return min(self.done, self.quota)

    @property
    def extra(self) -> int:
        return max(0, self.done - self.quota)

    def __str__(self) -> str:
        """ "2/3", or "3/3 +2" with check-ins beyond the quota: the count never reads over it."""
        return f"{self.counted}/{self.quota}" + (f" +{self.extra}" if self.extra else "")


def week_count(
    schedule: Schedule, task: Task, week: int, ledger: Ledger, today: date, before: date | None = None
) -> WeekCount:
    """A per_week task's quota and check-ins in a week (only the days before `before`, when given)."""
    target = schedule.target(task, week)
    days = [day for day in schedule.days_of_week(week) if schedule.is_due_on(task, day)]
    done = excused = 0
    for day in days:
        met = ledger.amount(task.id, day) >= target
        if not met and (not schedule.is_tracked(day) or ledger.skipped(task.id, day)):
            excused += 1
        elif met and (before is None or day < before):
            done += 1
    left = len(days) - excused
    quota = min(round_half_up(Fraction((task.per_week or 0) * left, len(days))), left) if days else 0
    closed = today > schedule.week_end(week) + timedelta(days=schedule.plan.makeup_days)
    return WeekCount(quota, done, excused, closed)


class Item(NamedTuple):
    """One line of a day: an occurrence with what was done and how it stands."""

    occurrence: Occurrence
    done: float
    status: Status
    week: WeekCount | None = None
    """For per_week tasks: how the week stands (its prorated quota, the check-ins counted and extra)."""

    @property
    def task(self) -> Task:
        return self.occurrence.task


def day_items(schedule: Schedule, day: date, ledger: Ledger, today: date) -> list[Item]:
    """What is due on a day; a per_week task drops out once its week's quota is met."""
    items: list[Item] = []
    makeup = schedule.plan.makeup_days
    for occ in schedule.due_on(day):
        task = occ.task
        if task.per_week is None:
            status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
            items.append(Item(occ, ledger.amount(task.id, day), status))
            continue
        amount = ledger.amount(task.id, day)
        before = week_count(schedule, task, occ.week, ledger, today, before=day)
        if before.done >= before.quota and amount == 0 and not ledger.skipped(task.id, day):
            continue
        status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
        if status == "missed":
            status = "open"  # judged by the week, never by the day
        items.append(Item(occ, amount, status, week_count(schedule, task, occ.week, ledger, today)))
    return items


def makeup_items(schedule: Schedule, ledger: Ledger, today: date) -> list[Item]:
    """Earlier days' work that can still be made up, oldest first."""
    found: list[Item] = []
    for back in range(schedule.plan.makeup_days, 0, -1):
        day = today - timedelta(days=back)
        for occ in schedule.fixed_due_on(day):
            status = occurrence_status(occ, ledger, today, schedule.plan.makeup_days, schedule.tracking)
            if status in ("open", "partial"):
                found.append(Item(occ, ledger.amount(occ.id, day), status))
    return found


DayStatus = Literal["done", "partial", "skipped", "open", "missed", "rest", "untracked", "shifted"]


def day_status(schedule: Schedule, day: date, ledger: Ledger, today: date) -> DayStatus | None:
    """One word for a whole day, as the streak counts it: what the plan grid and the heatmap mark.

    `done`: every required item done (or skipped, one at least done); `skipped`: every one excused;
    `partial`: some work, not all of it, while it can still be made up; `open`: nothing yet, and it
    still can be; `missed`: work left once its window closed, partly done or not at all (the day that
    broke the streak); `rest`: a rest day or holiday with nothing required. None: a day still to come,
    or one with nothing required that is no rest day (unless a per_week task was done on it).
    """
    if schedule.is_shifted(day):
        return "shifted"
    if not schedule.contains(day) or day > today:
        return None
    if not schedule.is_tracked(day):
        return "untracked"
    makeup = schedule.plan.makeup_days
    required = [occ for occ in schedule.fixed_due_on(day) if occ.task.required]
    if not required:
        if schedule.is_rest_day(day):
            return "rest"
        week = schedule.week_of(day)
        flexible = schedule.flexible_in_week(week) if week is not None else []
        met = any(task.required and ledger.amount(task.id, day) >= target for task, target in flexible)
        return "done" if met else None
    statuses = [occurrence_status(occ, ledger, today, makeup, schedule.tracking) for occ in required]
    if all(status == "skipped" for status in statuses):
        return "skipped"
    if all(status in ("done", "skipped") for status in statuses):
        return "done"
    if not is_within_makeup(day, today, makeup):
        return "missed"
    return "partial" if any(status in ("done", "partial") for status in statuses) else "open"
