"""Load: the minutes a week plans, and the minutes that were done in it.

A week's planned minutes are the durations of all its occurrences, blocks
included (`Schedule.planned_minutes`). Its done minutes are the hours of the
review, in minutes: each check-in counts its task's `duration` scaled by
min(amount / target, 1), so a block counts its whole window once checked and
a task done at half its target counts half its duration. Together they show
planned against done per week, as training platforms show a week's volume.
"""

from __future__ import annotations

from datetime import date

from cadence.core.calendar import Schedule
from cadence.core.status import Ledger
from cadence.core.streaks import ratio


def done_minutes(schedule: Schedule, ledger: Ledger, today: date) -> dict[int, float]:
    """The done minutes of every week of the run that is tracked and has begun by today, in one pass
    over the amounts checked in (a week with nothing done has 0). Weeks to come are left out."""
    found = {
        week: 0.0
        for week in range(1, schedule.weeks + 1)
        if schedule.week_start(week) <= today and schedule.week_end(week) >= schedule.tracking
    }
    tasks = {task.id: task for task in schedule.plan.tasks}
    for (task_id, day), amount in ledger.amounts.items():
        task = tasks.get(task_id)
        if task is None or not task.duration_min or amount <= 0 or day > today or day < schedule.tracking:
            continue
        week = schedule.week_of(day)
        if week is None or week not in found:
            continue
        target = schedule.target(task, week) or 1  # work on a day it is not due: the week's target
        found[week] += task.duration_min * ratio(amount, target)
    return found
