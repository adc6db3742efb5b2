"""The settled past of a run, folded once: what streak and review carry instead of walking ten years again.

A day before `settled_before(today)` can no longer change with time: its make-up window has closed, so each
of its occurrences is done, partly done, missed or excused for good, and only a new event dated on it, an
undo or a redo, another plan or another layout of the run could change it (the store's `folds` table keys a
Fold by those, and drops it when one happens). A `Fold` is that past as the carries of the folds that
streak and review make over days, occurrences and weeks: the overall streak, the comebacks, each
day-scheduled task's streak and strength, and each closed week's adherence. Each function here walks only
the days at or after the Fold's `through`, with the same functions the full walk uses, so the two agree
(a property test holds them equal for random logs).
"""

from datetime import date, timedelta

from cadence.core import tally
from cadence.core.calendar import Schedule
from cadence.core.comeback import comeback_days
from cadence.core.status import Ledger, is_settled, occurrence_status
from cadence.core.streaks import (
    DAILY_MULTIPLIER,
    NO_STREAK,
    Streak,
    day_state,
    elapsed_days,
    elapsed_weeks,
    occurrences_state,
    ratio,
    run_lengths,
    week_adherence_values,
)
from cadence.core.tally import Tally, first_done

TYPE_CHECKING = False  # typing.NamedTuple compiles each field's annotation: cadence.named says why
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from cadence.named import NamedTuple


class TaskCarry(NamedTuple):
    """A day-scheduled task's streak and strength over its occurrences before `through`."""

    current: int
    longest: int
    score: float


NO_TASK = TaskCarry(0, 0, 0.0)


class Fold(NamedTuple):
    through: date
    """The first day not folded: everything before it is settled."""
    overall: Streak
    comebacks: int
    after_miss: bool
    """A missed day came after the last kept one: the next kept day is a comeback."""
    tasks: dict[str, TaskCarry]
    weeks: dict[int, tuple[float, ...]]
    """Each closed week's settled adherence values, in the order the full walk meets them."""
    tally: Tally
    """The whole review's sums over the days before `through`."""
    marks: dict[date, Tally]
    """The review's sums as of each of `tally.marks` before `through`."""
    firsts: dict[str, date]
    """Each task's first day done (`automaticity.first_done`) before `through`."""
    read: frozenset[str]
    """The metrics read (a level) and counted before `through`: which are levels is decided with today's."""
    counted: frozenset[str]


EMPTY = Fold(date.min, NO_STREAK, 0, False, {}, {}, tally.EMPTY, {}, {}, frozenset(), frozenset())


def advance(schedule: Schedule, ledger: Ledger, today: date, through: date, fold: Fold = EMPTY) -> Fold:
    """`fold` carried on to `through` (at most `settled_before(today)`), with a ledger that holds the days
    from `fold.through` and every week that had not closed by then."""
    days = [day for day in elapsed_days(schedule, today) if fold.through <= day < through]
    states = [(day, day_state(schedule, day, ledger, today)) for day in days]
    overall = run_lengths((state for _, state in states), fold.overall)
    made, after_miss = fold.comebacks, fold.after_miss
    for _, state in states:
        if state == "missed":
            after_miss = True
        elif state == "kept" and after_miss:
            made, after_miss = made + 1, False
    tasks = walk_tasks(schedule, ledger, today, fold.through, through, fold.tasks)
    weeks = dict(fold.weeks)
    for week in elapsed_weeks(schedule, today):
        if week not in weeks and schedule.week_end(week) < through:
            weeks[week] = tuple(week_adherence_values(schedule, week, ledger, today))
    last = through - timedelta(days=1)
    marks = {day: found for day, found in fold.marks.items() if day < fold.through}
    walked = tally.walk(schedule, ledger, fold.tally, [last, *(day for day in tally.marks(schedule) if day < through)])
    marks.update((day, found) for day, found in walked.items() if day != last or last in tally.marks(schedule))
    firsts = first_done(schedule, ledger, fold.through, through)
    firsts.update(fold.firsts)  # an earlier first day stands
    read, counted = tally.metric_kinds(ledger, fold.through, through)
    done = walked.get(last, fold.tally)
    return Fold(
        through, overall, made, after_miss, tasks, weeks, done, marks, firsts, fold.read | read, fold.counted | counted
    )


def open_from(schedule: Schedule, fold: Fold, today: date) -> date:
    """The first day a ledger must hold for the whole review from `fold`: its `through`, or the first day of
    an earlier week it has not closed."""
    open_weeks = [schedule.week_start(week) for week in elapsed_weeks(schedule, today) if week not in fold.weeks]
    return min([fold.through, *open_weeks])


def walk_tasks(
    schedule: Schedule, ledger: Ledger, today: date, first: date, through: date, carries: dict[str, TaskCarry]
) -> dict[str, TaskCarry]:
    """`task_streak` and `strength` of every day-scheduled task, over the occurrences from `first` and before
    `through`, after `carries`: one walk over those days (each task meets its occurrences in order)."""
    found = {task.id: carries.get(task.id, NO_TASK) for task in schedule.plan.tasks if task.per_week is None}
    makeup = schedule.plan.makeup_days
    day, last = max(first, schedule.start, schedule.tracking), min(today, schedule.end, through - timedelta(days=1))
    while day <= last:
        for occ in schedule.fixed_due_on(day):
            current, longest, score = found[occ.id]
            state = occurrences_state([occ], ledger, today, makeup, schedule.tracking)
            current, longest = run_lengths([state], Streak(current, longest))
            status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
            if is_settled(status, occ, today, makeup):
                value = ratio(ledger.amount(occ.id, occ.day), occ.target)
                score = score * DAILY_MULTIPLIER + value * (1 - DAILY_MULTIPLIER)
            found[occ.id] = TaskCarry(current, longest, score)
        day += timedelta(days=1)
    return found


def overall_from(fold: Fold, schedule: Schedule, ledger: Ledger, today: date) -> Streak:
    days = [day for day in elapsed_days(schedule, today) if day >= fold.through]
    return run_lengths((day_state(schedule, day, ledger, today) for day in days), fold.overall)


def comebacks_from(fold: Fold, schedule: Schedule, ledger: Ledger, today: date) -> int:
    days = [day for day in elapsed_days(schedule, today) if day >= fold.through]
    states = [(day, day_state(schedule, day, ledger, today)) for day in days]
    if fold.after_miss:  # a missed day before them: the walk begins after it
        states.insert(0, (fold.through, "missed"))
    return fold.comebacks + len(comeback_days(states))


def tasks_from(fold: Fold, schedule: Schedule, ledger: Ledger, today: date) -> dict[str, TaskCarry]:
    """Every day-scheduled task's streak and strength as of today."""
    return walk_tasks(schedule, ledger, today, fold.through, date.max, fold.tasks)


def week_values_from(fold: Fold, schedule: Schedule, ledger: Ledger, today: date, week: int) -> list[float]:
    """A week's settled adherence values: kept in the fold once the week closed."""
    if week in fold.weeks:
        return list(fold.weeks[week])
    return week_adherence_values(schedule, week, ledger, today)


def firsts_from(fold: Fold, schedule: Schedule, ledger: Ledger) -> dict[str, date]:
    """Each task's first day done: from the fold before its `through`, else from the ledger."""
    found = first_done(schedule, ledger, fold.through)
    found.update(fold.firsts)
    return found
