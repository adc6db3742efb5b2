"""How each occurrence stands, given what the person recorded.

The event log is folded into a `Ledger` by the store; everything here is a
pure function of (schedule, ledger, today).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal, NamedTuple

from cadence.core.calendar import Occurrence, Schedule
from cadence.core.model import Task

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


def recent_window(makeup_days: int, day: date, today: date) -> tuple[date, date]:
    """The plan days whose events decide how `day` and today's make-up items stand.

    Two weeks back from the earlier of the two (a per_week task counts its
    week, and the last finished week tells whether the plan fell behind) plus
    the make-up window; the folded log of these days is all `day_items`,
    `makeup_items` and the nudges of `today` need, however long the history.
    """
    return min(day, today) - timedelta(days=14 + makeup_days), max(day, today)


def is_within_makeup(day: date, today: date, makeup_days: int) -> bool:
    """Today, or a past day that can still be made up."""
    return today - timedelta(days=makeup_days) <= day <= today


def occurrence_status(
    occ: Occurrence, ledger: Ledger, today: date, makeup_days: int, tracking: date = date.min
) -> Status:
    if occ.day < tracking:
        return "untracked"
    amount = ledger.amount(occ.id, occ.day)
    if amount >= occ.target:
        return "done"
    if ledger.skipped(occ.id, occ.day):
        return "skipped"
    if occ.day > today:
        return "open"
    if is_within_makeup(occ.day, today, makeup_days):
        return "partial" if amount > 0 else "open"
    return "missed"


class Item(NamedTuple):
    """One line of a day: an occurrence with what was done and how it stands."""

    occurrence: Occurrence
    done: float
    status: Status
    week_done: int | None = None
    """For per_week tasks: the days of the week on which it was done."""

    @property
    def task(self) -> Task:
        return self.occurrence.task


def week_done_days(schedule: Schedule, task: Task, week: int, ledger: Ledger, before: date | None = None) -> int:
    """Days of a week on which a per_week task met its target (skips count as done)."""
    count = 0
    for day in schedule.days_of_week(week):
        if before is not None and day >= before:
            break
        target = schedule.target(task, week)
        if ledger.amount(task.id, day) >= target or ledger.skipped(task.id, day):
            count += 1
    return count


def day_items(schedule: Schedule, day: date, ledger: Ledger, today: date) -> list[Item]:
    """What is due on a day; a per_week task drops out once its N days are in."""
    items: list[Item] = []
    makeup = schedule.plan.makeup_days
    for occ in schedule.due_on(day):
        task = occ.task
        if task.per_week is None:
            status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
            items.append(Item(occ, ledger.amount(task.id, day), status))
            continue
        done_before = week_done_days(schedule, task, occ.week, ledger, before=day)
        amount = ledger.amount(task.id, day)
        if done_before >= task.per_week and amount == 0 and not ledger.skipped(task.id, day):
            continue
        status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
        if status == "missed":
            status = "open" if amount == 0 else "partial"  # judged by the week, never by the day
        week_done = week_done_days(schedule, task, occ.week, ledger)
        items.append(Item(occ, amount, status, week_done))
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
