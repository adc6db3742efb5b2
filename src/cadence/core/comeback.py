"""The comeback: returning after a missed day, which predicts a habit better than an unbroken chain.

After a missed day (work left once its make-up window closed), Today leads
with the comeback until a day is kept again: the smallest useful version of
each task left undone that day, its target in the plan's first week (a
deload-sized step back in). Each kept day after a missed one, neutral and open
days passed over, counts as a *comeback* in `streak` and `review`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from cadence.core.calendar import Schedule
from cadence.core.model import Task
from cadence.core.status import Ledger, is_closed, occurrence_status
from cadence.core.streaks import DayState, day_state, elapsed_days

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from cadence.named import NamedTuple

LOOK_BACK = 14
"""Days walked back for the last miss: the days `status.recent_window` folds."""


class Comeback(NamedTuple):
    missed: date
    """The missed day it comes back from."""
    steps: tuple[tuple[Task, int], ...]
    """Each task left undone that day with its smallest useful amount."""


def smallest(schedule: Schedule, task: Task) -> int:
    """A task's smallest useful amount: its target in the plan's first week (the first it is due in)."""
    return next((target for week in range(1, schedule.weeks + 1) if (target := schedule.target(task, week))), 1)


def comeback(schedule: Schedule, ledger: Ledger, today: date) -> Comeback | None:
    """The comeback Today leads with: the last day before today that counted (kept or missed) was missed,
    and today asks for work (not a rest day, not excused) that is not done yet. None otherwise."""
    if not schedule.contains(today) or day_state(schedule, today, ledger, today) in ("kept", "neutral"):
        return None
    makeup = schedule.plan.makeup_days
    for back in range(1, LOOK_BACK + 1):
        day = today - timedelta(days=back)
        if day < max(schedule.start, schedule.tracking):
            return None
        state = day_state(schedule, day, ledger, today)
        if state == "kept":
            return None
        if state != "missed":
            continue
        left = [
            occ.task
            for occ in schedule.fixed_due_on(day)
            if occ.task.required
            and occurrence_status(occ, ledger, today, makeup, schedule.tracking) in ("partial", "missed")
            and is_closed(occ.day, today, makeup)
        ]
        return Comeback(day, tuple((task, smallest(schedule, task)) for task in left))
    return None


def comeback_days(days: Iterable[tuple[date, DayState]]) -> list[date]:
    """The kept days that follow a missed one (neutral and open days between passed over)."""
    found, after_miss = [], False
    for day, state in days:
        if state == "missed":
            after_miss = True
        elif state == "kept" and after_miss:
            found.append(day)
            after_miss = False
    return found


def comebacks(schedule: Schedule, ledger: Ledger, today: date, week: int | None = None) -> int:
    """The run's comebacks so far (those made in one run week, when given)."""
    days = elapsed_days(schedule, today)
    made = comeback_days((day, day_state(schedule, day, ledger, today)) for day in days)
    return len([day for day in made if week is None or schedule.week_of(day) == week])
