"""The whole review's sums over the tracked days, walked in day order: what a fold carries for `review`.

The review adds up floats (amounts, hours, results), and a float sum depends on its order. Walking the
days in order (and, within a day, the ledger's own order) makes the sum over days a..c the sum over a..b
carried on over the days after b: so a `Tally` kept in the fold of the settled past and carried on over
the days since gives the very floats that a walk over the whole ledger gives. The review asks for a
tally as of a few days (its last day, each goal's last day, each checkpoint); `marks` names them, so
that a fold keeps a snapshot of those that fall in its past.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from cadence.core.calendar import Schedule, goal_date
from cadence.core.status import Ledger, Result
from cadence.core.streaks import ratio

TYPE_CHECKING = False  # typing.NamedTuple compiles each field's annotation: cadence.named says why
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from cadence.named import NamedTuple


class Effort(NamedTuple):
    """A task's work over some days: amount checked in, occurrences done, hours, weeks with work."""

    activity: float = 0.0
    done: int = 0
    hours: float = 0.0
    weeks: tuple[int, ...] = ()


class Tally(NamedTuple):
    through: date
    """The first day not counted: the tracked days before it are."""
    efforts: dict[str, Effort]
    results: dict[str | None, dict[str, tuple[float, date]]]
    """Each task's (None: logged without one) results per metric, in the order first logged: sum, latest day."""
    metrics: dict[str, tuple[float, tuple[str | None, ...]]]
    """Each metric's results over every task (`goals.cumulative`) and the tasks in the order first logged."""
    notes: tuple[tuple[date, str, str], ...]
    readings: tuple[Result, ...]


EMPTY = Tally(date.min, {}, {}, {}, (), ())


def marks(schedule: Schedule) -> frozenset[date]:
    """The days the whole review may take a tally as of, besides today: the run's end, each goal's date
    and each checkpoint's day."""
    found = {schedule.end}
    for goal in schedule.plan.goals:
        found.add(goal_date(schedule, goal.by))
        found.update(schedule.week_end(schedule.last_pass(week)) for week, _ in goal.checkpoints)
    return frozenset(found)


def walk(schedule: Schedule, ledger: Ledger, tally: Tally, days: Iterable[date]) -> dict[date, Tally]:
    """`tally` carried on over the tracked days from its `through`, as of each of `days` at or after it."""
    wanted = sorted({day for day in days if day >= tally.through})
    if not wanted:
        return {}
    first, last = max(tally.through, schedule.start, schedule.tracking), wanted[-1]
    amounts = sorted(
        ((key, amount) for key, amount in ledger.amounts.items() if first <= key[1] <= last), key=lambda kv: kv[0][1]
    )
    results = sorted((r for r in ledger.results if first <= r.day <= last), key=lambda result: result.day)
    notes = sorted(
        (
            (day, task_id, text)
            for (task_id, day), texts in ledger.notes.items()
            if first <= day <= last
            for text in texts
        ),
        key=lambda note: (note[0], note[1]),
    )
    readings = [reading for reading in ledger.readings if first <= reading.day <= last]
    tasks = {task.id: task for task in schedule.plan.tasks}
    efforts = {task_id: (*effort[:3], set(effort.weeks)) for task_id, effort in tally.efforts.items()}
    logged = {task_id: dict(metrics) for task_id, metrics in tally.results.items()}
    by_metric = {metric: (total, list(order)) for metric, (total, order) in tally.metrics.items()}
    found: dict[date, Tally] = {}
    at = [0, 0, 0, 0]  # the next amount, result, note and reading not yet counted
    for day in wanted:
        while at[0] < len(amounts) and amounts[at[0]][0][1] <= day:
            (task_id, on), amount = amounts[at[0]]
            at[0] += 1
            task, week = tasks.get(task_id), schedule.week_of(on)
            if amount <= 0 or task is None or week is None:
                continue
            target = schedule.target(task, week) or 1
            activity, done, hours, weeks = efforts.get(task_id) or (0.0, 0, 0.0, set())
            weeks.add(week)
            hours += (task.duration_min or 0) / 60 * ratio(amount, target)
            efforts[task_id] = (activity + amount, done + (amount >= target), hours, weeks)
        while at[1] < len(results) and results[at[1]].day <= day:
            result = results[at[1]]
            at[1] += 1
            mine = logged.setdefault(result.task, {})
            mine[result.metric] = (mine.get(result.metric, (0.0, result.day))[0] + result.amount, result.day)
            total, order = by_metric.setdefault(result.metric, (0, []))
            if result.task not in order:
                order.append(result.task)
            by_metric[result.metric] = (total + result.amount, order)
        while at[2] < len(notes) and notes[at[2]][0] <= day:
            at[2] += 1
        while at[3] < len(readings) and readings[at[3]].day <= day:
            at[3] += 1
        found[day] = Tally(
            day + timedelta(days=1),
            {task_id: Effort(a, d, h, tuple(sorted(w))) for task_id, (a, d, h, w) in efforts.items()},
            {task_id: dict(metrics) for task_id, metrics in logged.items()},
            {metric: (total, tuple(order)) for metric, (total, order) in by_metric.items()},
            (*tally.notes, *notes[: at[2]]),
            (*tally.readings, *readings[: at[3]]),
        )
    return found


def at_days(
    schedule: Schedule, ledger: Ledger, days: Iterable[date], kept: Tally = EMPTY, snapshots: Mapping[date, Tally] = {}
) -> dict[date, Tally]:
    """A tally as of each day: from `snapshots` before `kept.through`, else carried on from `kept`.
    A day before tracking began has nothing counted."""
    wanted = set(days)
    tracked = max(schedule.start, schedule.tracking)
    found = {day: EMPTY._replace(through=day + timedelta(days=1)) for day in wanted if day < tracked}
    found.update({day: snapshots[day] for day in wanted if tracked <= day < kept.through})
    found.update(walk(schedule, ledger, kept, (day for day in wanted if day not in found)))
    return found


def metric_kinds(
    ledger: Ledger, first: date = date.min, before: date = date.max
) -> tuple[frozenset[str], frozenset[str]]:
    """The metrics read (with a reading) and counted (with a result) in the ledger's days first..before
    (`before` left out)."""
    read = frozenset(reading.metric for reading in ledger.readings if first <= reading.day < before)
    counted = frozenset(result.metric for result in ledger.results if first <= result.day < before)
    return read, counted


def first_done(schedule: Schedule, ledger: Ledger, first: date = date.min, before: date = date.max) -> dict[str, date]:
    """Each task's first tracked day with its target met (of the days first..before, `before` left out), in one
    pass over the amounts checked in."""
    tasks = {task.id: task for task in schedule.plan.tasks}
    found: dict[str, date] = {}
    for (task_id, day), amount in ledger.amounts.items():
        task = tasks.get(task_id)
        if task is None or not first <= day < before or (task_id in found and found[task_id] <= day):
            continue
        week = schedule.week_of(day)
        if week is None or day < schedule.tracking:
            continue
        if amount >= (schedule.target(task, week) or 1):
            found[task_id] = day
    return found
