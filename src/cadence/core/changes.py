"""Changes of a plan's values, as `cadence adapt` proposes them: what a plan is once they are made, and
rule 4's guard that a change never raises a week's load or adds a warning.

A change is a value (`Change`) that `cadence.plan.revise` writes into the file's
own bytes; `apply` makes the same change on a `Plan`, so that the rules can judge
the plan the file will hold before a byte is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Literal, NamedTuple

from cadence.core.calendar import Schedule, ramp_value, round_half_up
from cadence.core.lint import LOAD_RISE, lint, target_jumps
from cadence.core.model import Plan, Ramp, Task, WeekOverride

Value = int | bool | Fraction | tuple[int, ...] | None


class Change(NamedTuple):
    """One value of the plan file as a proposal would have it."""

    table: Literal["task", "block", "week"]
    name: str | int
    """A task's or block's id, or a week's number."""
    key: str
    value: Value
    """The new value (a target list has one integer per plan week); None: the key goes."""


def base_targets(plan: Plan, task: Task) -> tuple[int, ...]:
    """A task's amount in each plan week before volume, as a target list writes it (0: not due)."""
    spec = task.target
    if isinstance(spec, int):
        return (spec,) * plan.weeks
    if isinstance(spec, Ramp):  # before tuple: a Ramp is a NamedTuple
        return tuple(round_half_up(ramp_value(spec, week, plan.weeks)) for week in range(1, plan.weeks + 1))
    return spec


def apply(plan: Plan, changes: Sequence[Change]) -> Plan:
    """The plan with the changes made: what the file will say once they are written."""
    tasks = list(plan.tasks)
    overrides = list(plan.week_overrides)
    for change in changes:
        if change.table == "week":
            assert isinstance(change.name, int) and isinstance(change.value, Fraction)
            found = [index for index, override in enumerate(overrides) if override.number == change.name]
            if found:
                overrides[found[0]] = overrides[found[0]]._replace(volume=change.value)
            else:
                overrides.append(WeekOverride(change.name, change.value, None))
            continue
        index = next(index for index, task in enumerate(tasks) if task.id == change.name)
        task = tasks[index]
        if change.key == "target" and isinstance(change.value, tuple):
            tasks[index] = task._replace(target=change.value)
        elif change.key == "required" and isinstance(change.value, bool):
            tasks[index] = task._replace(required=change.value)
        elif change.key == "peak_week" and isinstance(task.target, Ramp):
            tasks[index] = task._replace(target=task.target._replace(peak_week=None))
    return plan._replace(tasks=tuple(tasks), week_overrides=tuple(overrides))


def target_changes(task: Task, targets: Sequence[int]) -> list[Change]:
    """A task's targets as a list of the file; its `peak_week` goes with its ramp."""
    changes = [Change(task.kind, task.id, "target", tuple(targets))]
    if isinstance(task.target, Ramp) and task.target.peak_week is not None:
        changes.append(Change(task.kind, task.id, "peak_week", None))
    return changes


# --------------------------------------------------------------------------- rule 4: load and warnings


def task_load(before: Schedule, after: Schedule, index: int, week: int) -> float:
    """A task's minutes in a plan week under `after`, scaled by how much more or less it asks than under
    `before` (an occurrence's time scales with its amount)."""
    was, now = before.plan.tasks[index], after.plan.tasks[index]
    asked, asks = before.target(was, week), after.target(now, week)
    return after.task_minutes(now, week) * (asks / asked if asked else 1)


def keeps_rule_4(before: Plan, after: Plan, start: date, first_week: int) -> bool:
    """No week from `first_week` on carries more load than before, unless within the load band of the
    weeks two before it; and no plan warning that the plan did not have.

    Only the tasks whose targets change are walked (every task when a week's volume changes): the others
    add the same minutes before and after, and `required` changes neither load nor warnings.
    """
    changed = [
        index
        for index, (was, now) in enumerate(zip(before.tasks, after.tasks, strict=True))
        if was.target != now.target or before.week_overrides != after.week_overrides
    ]
    if not changed:
        return True
    was, now = Schedule(before, start), Schedule(after, start)
    weeks = range(1, before.weeks + 1)
    old = [sum(was.task_minutes(was.plan.tasks[index], week) for index in changed) for week in weeks]
    new = [sum(task_load(was, now, index, week) for index in changed) for week in weeks]
    if any(new[week - 1] > old[week - 1] + 1e-9 for week in range(first_week, before.weeks + 1)):
        planned = [float(was.planned_minutes(week)) for week in weeks]  # rare: a week carries more
        load = [planned[week - 1] - old[week - 1] + new[week - 1] for week in weeks]
        for week in range(first_week, before.weeks + 1):
            if (
                load[week - 1] > planned[week - 1] + 1e-9
                and load[week - 1] > LOAD_RISE * max(load[: max(1, week - 2)]) + 1e-9
            ):
                return False
    tasks = [was.plan.tasks[index] for index in changed]
    warned = {finding.message for finding in target_jumps(was, tasks)}
    if any(finding.message not in warned for finding in target_jumps(now, [now.plan.tasks[i] for i in changed])):
        return False
    minutes = [[was.task_minutes(task, week) for week in weeks] for task in tasks]
    if minutes == [[now.task_minutes(now.plan.tasks[i], week) for week in weeks] for i in changed]:
        return True  # the planned minutes are as they were: so are the load warnings
    warned = {finding.message for finding in lint(was)}
    return all(finding.message in warned for finding in lint(now))
