"""Goals: where each stands, whether it is on pace, and what feeds it.

A goal is on a **count** metric (each value logged is new results: replies,
leads) or on a **level** metric (a total read off a dashboard: followers). A
metric is a level once the run holds a reading of it; before anything is logged
under it, a goal that declares `from` (a starting level) takes it for a level.

- A count goal's value is `from` (0 when not given) plus the results logged since
  tracking began; its pace projects that rate linearly to the goal's date, and its
  sources are the tasks whose results make up the value, each with its share.
- A level goal's value is the latest reading; its start is `from`, else the first
  reading; its pace is the least-squares line through the readings (with `from`
  as the level on the first day tracked), read at the goal's date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Literal, NamedTuple

from cadence.core.calendar import Schedule, goal_date
from cadence.core.model import Goal, Plan
from cadence.core.status import Ledger, Result

GoalKind = Literal["count", "level"]
Pace = Literal["too_early", "on_pace", "behind", "met", "missed"]
"""Where a goal stands: too early to project (under two weeks tracked), on pace or behind while it runs,
met or missed once its date or the plan's end has passed."""
PROJECT_AFTER_DAYS = 14
"""A projection waits for two weeks of the run tracked: one connection on day 1 does not make 56."""


class Checkpoint(NamedTuple):
    week: int
    value: int
    day: date
    actual: float
    status: Literal["hit", "missed", "upcoming"]


class Source(NamedTuple):
    """A task (None: results logged without one) whose results of a goal's metric count for it."""

    task: str | None
    value: float
    share: float
    """Of the results logged for the goal (its `from` left out): the shares of a goal add up to 1."""
    per_hour: float | None


class GoalReview(NamedTuple):
    goal: Goal
    kind: GoalKind
    by: date
    start: float | None
    """`from`, else (for a level) the first reading; None for a level with no reading and no `from`."""
    current: float
    projected: float
    on_pace: bool
    checkpoints: tuple[Checkpoint, ...]
    sources: tuple[Source, ...] = ()
    """Count goals: best first."""
    readings: tuple[tuple[date, float], ...] = ()
    """Level goals: the last reading of each day that has one, in order."""
    trend: bool = False
    """Level goals: the projection is a least-squares trend (two days of levels or more)."""
    pace: Pace = "on_pace"


def level_metrics(ledger: Ledger, plan: Plan | None = None) -> frozenset[str]:
    """The metrics read as levels: those with a reading, and those the plan takes for levels
    (`Plan.metric_kinds`) that no count was logged under."""
    read = {reading.metric for reading in ledger.readings}
    return levels_of(plan, read, {result.metric for result in ledger.results})


def levels_of(plan: Plan | None, read: Iterable[str], counted: Iterable[str]) -> frozenset[str]:
    """`level_metrics` from the metrics read and the metrics counted."""
    levels, logged = set(read), set(counted)
    implied = plan.metric_kinds() if plan is not None else {}
    levels.update(metric for metric, kind in implied.items() if kind == "level" and metric not in logged)
    return frozenset(levels)


def cumulative(ledger: Ledger, metric: str, first: date, last: date) -> float:
    return sum(result.amount for result in ledger.results if result.metric == metric and first <= result.day <= last)


def daily_readings(readings: Iterable[Result], metric: str, first: date, last: date) -> tuple[tuple[date, float], ...]:
    """The last reading of `metric` on each day from first to last that has one (readings come in order)."""
    found: dict[date, float] = {}
    for reading in readings:
        if reading.metric == metric and first <= reading.day <= last:
            found[reading.day] = reading.amount
    return tuple(sorted(found.items()))


def trend_at(points: Iterable[tuple[float, float]], x: float) -> float | None:
    """The least-squares line through (x, y) points, read at `x`; None with fewer than two distinct xs."""
    pairs = list(points)
    n = len(pairs)
    if n < 2:
        return None
    mean_x = sum(p[0] for p in pairs) / n
    mean_y = sum(p[1] for p in pairs) / n
    spread = sum((p[0] - mean_x) ** 2 for p in pairs)
    if spread == 0:
        return None
    slope = sum((p[0] - mean_x) * (p[1] - mean_y) for p in pairs) / spread
    return mean_y + slope * (x - mean_x)


def goal_review(
    schedule: Schedule,
    goal: Goal,
    ledger: Ledger,
    today: date,
    hours: Mapping[str, float] | None = None,
    levels: frozenset[str] | None = None,
) -> GoalReview:
    """One goal as of today. `hours`: each task's hours of done work since tracking began (for sources' rates)."""
    levels = level_metrics(ledger, schedule.plan) if levels is None else levels
    if goal.metric in levels:
        found = _level_goal(schedule, goal, ledger, today)
    else:
        first = max(schedule.start, schedule.tracking)

        def logged(last: date) -> float:
            return cumulative(ledger, goal.metric, first, last)

        def values(last: date) -> dict[str | None, float]:
            found: dict[str | None, float] = {}
            for result in ledger.results:
                if result.metric == goal.metric and first <= result.day <= last:
                    found[result.task] = found.get(result.task, 0.0) + result.amount
            return found

        found = count_goal(schedule, goal, today, hours or {}, logged, values)
    return found._replace(pace=pace(schedule, found, today))


def pace(schedule: Schedule, goal: GoalReview, today: date) -> Pace:
    """Met or missed once the goal's date or the plan's end is past; before two weeks are tracked, too early."""
    reached = goal.current >= goal.goal.target
    if today > goal.by or today > schedule.end:
        return "met" if reached else "missed"
    if reached and goal.kind == "count":
        return "met"  # a count never goes back down
    first = max(schedule.start, schedule.tracking)
    if (today - first).days + 1 < PROJECT_AFTER_DAYS:
        return "too_early"
    return "on_pace" if goal.on_pace else "behind"


def _checkpoint(week: int, value: int, day: date, actual: float, today: date) -> Checkpoint:
    status: Literal["hit", "missed", "upcoming"] = "hit" if actual >= value else "missed" if day < today else "upcoming"
    return Checkpoint(week, value, day, actual, status)


def count_goal(
    schedule: Schedule,
    goal: Goal,
    today: date,
    hours: Mapping[str, float],
    logged: Callable[[date], float],
    values: Callable[[date], dict[str | None, float]],
) -> GoalReview:
    """A count goal, from its results logged since tracking began up to a day (`logged`), and each task's
    share of them (`values`: None for results logged without a task, in the order first logged)."""
    by = goal_date(schedule, goal.by)
    first = max(schedule.start, schedule.tracking)
    last = min(today, by)
    start = goal.start or 0
    total = logged(last)
    current = start + total
    if today >= by:
        projected = current
    elif today < first:
        projected = float(start)
    else:
        elapsed = (today - first).days + 1
        projected = start + total * ((by - first).days + 1) / elapsed
    checkpoints = tuple(
        _checkpoint(week, value, day, start + logged(min(today, day)), today)
        for week, value in goal.checkpoints
        for day in [schedule.week_end(schedule.last_pass(week))]
    )
    return GoalReview(
        goal,
        "count",
        by,
        goal.start,
        current,
        projected,
        projected >= goal.target,
        checkpoints,
        sources=_sources(values(last), hours, schedule),
    )


def _sources(values: dict[str | None, float], hours: Mapping[str, float], schedule: Schedule) -> tuple[Source, ...]:
    total = sum(values.values())
    if total <= 0:
        return ()
    sources = []
    for task_id, value in values.items():
        task = schedule.plan.task(task_id) if task_id is not None else None
        spent = hours.get(task_id, 0.0) if task_id is not None else 0.0
        per_hour = value / spent if task is not None and task.duration_min is not None and spent > 0 else None
        sources.append(Source(task_id, value, value / total, per_hour))
    # best first; the unattributed share sits among them by its size, ties by task id
    return tuple(sorted(sources, key=lambda source: (-source.value, source.task or "")))


def _level_goal(schedule: Schedule, goal: Goal, ledger: Ledger, today: date) -> GoalReview:
    by = goal_date(schedule, goal.by)
    first = max(schedule.start, schedule.tracking)
    readings = daily_readings(ledger.readings, goal.metric, first, min(today, by))
    start = float(goal.start) if goal.start is not None else (readings[0][1] if readings else None)
    current = readings[-1][1] if readings else (start or 0.0)
    points = [((day - first).days, level) for day, level in readings]
    if goal.start is not None and not (readings and readings[0][0] == first):
        points.insert(0, (0, float(goal.start)))
    trend = trend_at(points, (by - first).days) if today < by else None
    projected = current if trend is None else max(0.0, trend)

    def level_on(day: date) -> float:
        earlier = [level for reading_day, level in readings if reading_day <= day]
        return earlier[-1] if earlier else (start or 0.0)

    checkpoints = tuple(
        _checkpoint(week, value, day, level_on(min(today, day)), today)
        for week, value in goal.checkpoints
        for day in [schedule.week_end(schedule.last_pass(week))]
    )
    return GoalReview(
        goal,
        "level",
        by,
        start,
        current,
        projected,
        projected >= goal.target,
        checkpoints,
        readings=readings,
        trend=trend is not None,
    )


def met_on(schedule: Schedule, goal: GoalReview, ledger: Ledger) -> date | None:
    """The day a goal first reached its target since tracking began: a count's running total, a level's reading."""
    first = max(schedule.start, schedule.tracking)
    if goal.kind == "level":
        return next((day for day, level in goal.readings if level >= goal.goal.target), None)
    total = float(goal.start or 0)
    for result in sorted(ledger.results, key=lambda result: result.day):
        if result.metric == goal.goal.metric and result.day >= first:
            total += result.amount
            if total >= goal.goal.target:
                return result.day
    return None


def weekly_levels(schedule: Schedule, goal: GoalReview, today: date) -> list[float | None]:
    """A level goal's readings over the weeks of the run so far: each week's last reading, carried forward."""
    levels: list[float | None] = []
    current: float | None = goal.start
    pending = list(goal.readings)
    for week in range(1, schedule.weeks + 1):
        if schedule.week_start(week) > today:
            break
        end = schedule.week_end(week)
        while pending and pending[0][0] <= end:
            current = pending.pop(0)[1]
        levels.append(current)
    return levels
