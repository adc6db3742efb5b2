"""Warnings about a valid plan: load that rises too fast, targets that jump, blocks that collide.

These never fail a plan; they point at the task whose value a person would change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from itertools import pairwise
from typing import NamedTuple

from cadence.core.calendar import Schedule
from cadence.core.model import Task

LOAD_RISE = 1.3
"""A week may plan at most 30% more minutes than the highest load two weeks before."""


class Finding(NamedTuple):
    """A warning about one key of one task or block."""

    task: Task
    key: str
    message: str


def lint(schedule: Schedule) -> list[Finding]:
    return [*_load_rises(schedule), *target_jumps(schedule), *_block_overlaps(schedule)]


def _load_rises(schedule: Schedule) -> list[Finding]:
    """The load rule: week k against the highest week up to k-2 (week 1 for week 2).

    Comparing with the highest earlier load, not just week k-2, lets a plan come
    back from a deload week to where it was without a warning.
    """
    weeks = schedule.plan.weeks
    minutes = {week: schedule.planned_minutes(week) for week in range(1, weeks + 1)}
    findings: list[Finding] = []
    for week in range(2, weeks + 1):
        window = range(1, max(1, week - 2) + 1)
        base_week = max(window, key=lambda w: (minutes[w], w))
        base = minutes[base_week]
        if base == 0 or minutes[week] <= base * LOAD_RISE:
            continue
        culprit = _largest_rise(schedule, base_week, week)
        if culprit is None:
            continue
        rise = round(100 * (minutes[week] - base) / base)
        findings.append(
            Finding(
                culprit,
                "weeks",
                f"week {week} plans {minutes[week]} min, {rise}% more than the "
                f"{base} min of week {base_week}; raise the load by at most 30% "
                f"over two weeks (most of the rise comes from '{culprit.id}')",
            )
        )
    return findings


def _largest_rise(schedule: Schedule, before: int, after: int) -> Task | None:
    rises = [
        (schedule.task_minutes(task, after) - schedule.task_minutes(task, before), index)
        for index, task in enumerate(schedule.plan.tasks)
    ]
    rise, index = max(rises)
    return schedule.plan.tasks[index] if rise > 0 else None


def target_jumps(schedule: Schedule, tasks: Sequence[Task] | None = None) -> list[Finding]:
    """A target more than doubling from one week it is due to the next, for the tasks given (default: all)."""
    findings: list[Finding] = []
    for task in schedule.plan.tasks if tasks is None else tasks:
        if task.kind == "block":
            continue
        due = [
            (week, target) for week in range(1, schedule.plan.weeks + 1) if (target := schedule.target(task, week)) > 0
        ]
        for (week_a, a), (week_b, b) in pairwise(due):
            if b > 2 * a:
                findings.append(
                    Finding(
                        task,
                        "target",
                        f"the target of '{task.id}' more than doubles from {a} in week "
                        f"{week_a} to {b} in week {week_b}; ramp it up more gently",
                    )
                )
                break
    return findings


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _block_overlaps(schedule: Schedule) -> list[Finding]:
    blocks = [task for task in schedule.plan.tasks if task.kind == "block"]
    findings: list[Finding] = []
    for later_index, later in enumerate(blocks):
        for earlier in blocks[:later_index]:
            clash = _first_clash(schedule, earlier, later)
            if clash is not None:
                findings.append(
                    Finding(
                        later,
                        "at",
                        f"block '{later.id}' overlaps block '{earlier.id}' on {clash}",
                    )
                )
    return findings


def _first_clash(schedule: Schedule, a: Task, b: Task) -> str | None:
    assert a.at is not None and b.at is not None
    a_start, b_start = _minutes(a.at), _minutes(b.at)
    a_end = a_start + (a.duration_min or 0)
    b_end = b_start + (b.duration_min or 0)
    if a_start >= b_end or b_start >= a_end:
        return None
    for day in schedule.days():
        if schedule.is_due_on(a, day) and schedule.is_due_on(b, day):
            return f"{day:%a} {day.isoformat()} ({a.at:%H:%M}-{_clock(a_end)} and {b.at:%H:%M}-{_clock(b_end)})"
    return None


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
