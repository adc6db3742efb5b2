"""The review: what each activity produced, and whether each goal is on pace.

Results, not activity: per task the work done and what it brought under each
count metric, at what rate (per hour of effort, and per occurrence done), and a
plain verdict; results logged without a task as their own row; per goal where
it stands, where it is heading and which tasks feed it (`cadence.core.goals`);
and the notes written in the weeks covered.

Rates are per metric and never summed across metrics: ten replies and three
leads are not thirteen of anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, NamedTuple

from cadence.core.calendar import Schedule, goal_date
from cadence.core.folds import Fold, week_values_from
from cadence.core.goals import GoalReview, goal_review, level_metrics
from cadence.core.model import Task
from cadence.core.status import Ledger
from cadence.core.streaks import elapsed_weeks, mean, plan_adherence, ratio, week_adherence

Verdict = Literal["working", "weak", "no_results", "too_early", "untracked"]
VERDICT_WEEKS = 3
"""A task is judged on its last three weeks of activity."""
WEAK_SHARE = 0.25
"""Weak: under a quarter of the best task's rate, on every metric the task declares."""


class Effort(NamedTuple):
    """A task's work over some days: amount checked in, occurrences done, hours, weeks with work."""

    activity: float = 0.0
    done: int = 0
    hours: float = 0.0
    weeks: tuple[int, ...] = ()


class TaskReview(NamedTuple):
    task: Task
    activity: float
    """The amount checked in, in the task's unit."""
    done: int
    """Occurrences done (amount at or above target)."""
    results: dict[str, float]
    """Count metrics only: a level is read off a dashboard, not produced by one task."""
    hours: float
    per_hour: dict[str, float | None]
    """Each count metric's results per hour of done work; None without a duration or hours."""
    per_occurrence: dict[str, float | None]
    """Each count metric's results per occurrence done; None before any is done."""
    verdict: Verdict


class ChannelReview(NamedTuple):
    channel: str
    tasks: tuple[str, ...]
    activity: int
    """Occurrences done across the channel's tasks (units differ between tasks)."""
    results: dict[str, float]
    per_hour: dict[str, float | None]


class Note(NamedTuple):
    day: date
    task: str
    text: str


class Review(NamedTuple):
    adherence: float | None
    weeks: tuple[tuple[int, float | None], ...]
    """(the plan's week number, adherence) for each week of the run so far; a repeated week comes twice."""
    tasks: tuple[TaskReview, ...]
    channels: tuple[ChannelReview, ...]
    goals: tuple[GoalReview, ...]
    unattributed: dict[str, float]
    """Count results logged without a task, per metric: they count for goals only."""
    notes: tuple[Note, ...]
    """The check-in notes of the days covered, by day."""


def efforts(schedule: Schedule, ledger: Ledger, first: date, last: date) -> dict[str, Effort]:
    """Every task's effort over first..last, in one pass over the amounts checked in."""
    found: dict[str, list[float]] = {}
    weeks: dict[str, set[int]] = {}
    tasks = {task.id: task for task in schedule.plan.tasks}
    for (task_id, day), amount in ledger.amounts.items():
        if not first <= day <= last or amount <= 0:
            continue
        task = tasks.get(task_id)
        week = schedule.week_of(day)
        if task is None or week is None:
            continue
        target = schedule.target(task, week) or 1
        totals = found.setdefault(task_id, [0.0, 0, 0.0])
        totals[0] += amount
        totals[1] += amount >= target
        totals[2] += (task.duration_min or 0) / 60 * ratio(amount, target)
        weeks.setdefault(task_id, set()).add(week)
    return {
        task_id: Effort(activity, int(done), hours, tuple(sorted(weeks[task_id])))
        for task_id, (activity, done, hours) in found.items()
    }


def _rates(task: Task, results: dict[str, float], effort: Effort) -> tuple[dict[str, float | None], ...]:
    per_hour: dict[str, float | None] = {}
    per_occurrence: dict[str, float | None] = {}
    for metric, amount in results.items():
        timed = task.duration_min is not None and effort.hours > 0
        per_hour[metric] = amount / effort.hours if timed else None
        per_occurrence[metric] = amount / effort.done if effort.done else None
    return per_hour, per_occurrence


def task_review(
    schedule: Schedule, task: Task, ledger: Ledger, first: date, last: date, effort: Effort, levels: frozenset[str]
) -> TaskReview:
    results: dict[str, float] = {metric: 0.0 for metric in task.results if metric not in levels}
    latest: date | None = None
    for result in ledger.results:
        if result.task == task.id and first <= result.day <= last and result.metric not in levels:
            results[result.metric] = results.get(result.metric, 0.0) + result.amount
            latest = max(latest or result.day, result.day)
    per_hour, per_occurrence = _rates(task, results, effort)
    return TaskReview(
        task,
        effort.activity,
        effort.done,
        results,
        effort.hours,
        per_hour,
        per_occurrence,
        _verdict(schedule, task, effort.weeks, latest),
    )


def _verdict(schedule: Schedule, task: Task, active_weeks: Sequence[int], latest_result: date | None) -> Verdict:
    if not task.results:
        return "untracked"
    if len(active_weeks) < VERDICT_WEEKS:
        return "too_early"
    window_start = schedule.week_start(active_weeks[-VERDICT_WEEKS])
    if latest_result is not None and latest_result >= window_start:
        return "working"
    return "no_results"


def rate(review: TaskReview, metric: str) -> float | None:
    """The rate a task is judged by on a metric: per hour, or per occurrence where it has no duration."""
    if review.task.duration_min is not None:
        return review.per_hour.get(metric)
    return review.per_occurrence.get(metric)


def weigh(reviews: Sequence[TaskReview]) -> tuple[TaskReview, ...]:
    """Working tasks whose rate, on every metric they declare that some task produced, is under a
    quarter of the best task's rate on it (by the same measure) are `weak`."""

    def best(metric: str, timed: bool) -> float:
        rates = [
            value
            for other in reviews
            for value in [other.per_hour.get(metric) if timed else other.per_occurrence.get(metric)]
            if value is not None
        ]
        return max(rates, default=0.0)

    weighed = []
    for review in reviews:
        if review.verdict == "working":
            timed = review.task.duration_min is not None
            compared = [
                (value, best(metric, timed))
                for metric in review.task.results
                if any(other.results.get(metric, 0) > 0 for other in reviews)
                for value in [rate(review, metric)]
                if value is not None
            ]
            if compared and all(value < WEAK_SHARE * top for value, top in compared):
                review = review._replace(verdict="weak")
        weighed.append(review)
    return tuple(weighed)


def channel_reviews(reviews: Sequence[TaskReview]) -> tuple[ChannelReview, ...]:
    channels: dict[str, list[TaskReview]] = {}
    for review in reviews:
        channels.setdefault(review.task.channel or "(none)", []).append(review)
    found = []
    for channel, members in channels.items():
        results: dict[str, float] = {}
        for member in members:
            for metric, amount in member.results.items():
                results[metric] = results.get(metric, 0.0) + amount
        hours = sum(member.hours for member in members)
        timed = any(member.task.duration_min is not None for member in members) and hours > 0
        found.append(
            ChannelReview(
                channel,
                tuple(member.task.id for member in members),
                sum(member.done for member in members),
                results,
                {metric: amount / hours if timed else None for metric, amount in results.items()},
            )
        )
    return tuple(found)


def unattributed(ledger: Ledger, first: date, last: date, levels: frozenset[str]) -> dict[str, float]:
    found: dict[str, float] = {}
    for result in ledger.results:
        if result.task is None and first <= result.day <= last and result.metric not in levels:
            found[result.metric] = found.get(result.metric, 0.0) + result.amount
    return found


def notes(ledger: Ledger, first: date, last: date) -> tuple[Note, ...]:
    found = [
        Note(day, task_id, text)
        for (task_id, day), texts in ledger.notes.items()
        if first <= day <= last
        for text in texts
    ]
    return tuple(sorted(found, key=lambda note: (note.day, note.task)))


def review(
    schedule: Schedule, ledger: Ledger, today: date, week: int | None = None, fold: Fold | None = None
) -> Review:
    """The whole review as of today; with `week`, tasks, adherence and notes of that week only. With `fold`
    (the whole review only), the closed weeks' adherence is taken from it."""
    tracked = max(schedule.start, schedule.tracking)
    by_week: dict[int, float | None] = {}
    if week is None:
        first, last = tracked, min(today, schedule.end)
        weeks = elapsed_weeks(schedule, today)
        if fold is None:
            adherence = plan_adherence(schedule, ledger, today)
        else:
            found = [week_values_from(fold, schedule, ledger, today, number) for number in weeks]
            by_week = {number: mean(values) for number, values in zip(weeks, found, strict=True)}
            adherence = mean([value for values in found for value in values])
    else:
        first = schedule.week_start(week)
        last = min(today, schedule.week_end(week))
        weeks = range(week, week + 1) if first <= today else range(0)
        adherence = week_adherence(schedule, week, ledger, today) if weeks else None
    levels = level_metrics(ledger, schedule.plan)
    effort = efforts(schedule, ledger, first, last)
    tasks = weigh(
        [
            task_review(schedule, task, ledger, first, last, effort.get(task.id, Effort()), levels)
            for task in schedule.plan.tasks
        ]
    )
    spent: dict[date, dict[str, float]] = {}
    if first == tracked:  # the whole run: its efforts serve the goals that end with it
        spent[last] = {task_id: found.hours for task_id, found in effort.items()}
    goals = []
    for goal in schedule.plan.goals:
        window_end = min(today, goal_date(schedule, goal.by))
        if goal.metric not in levels and window_end not in spent:
            worked = efforts(schedule, ledger, tracked, window_end)
            spent[window_end] = {task_id: found.hours for task_id, found in worked.items()}
        goals.append(goal_review(schedule, goal, ledger, today, spent.get(window_end), levels))
    return Review(
        adherence,
        tuple(
            (
                schedule.plan_week(number),
                by_week[number] if by_week else week_adherence(schedule, number, ledger, today),
            )
            for number in weeks
        ),
        tasks,
        channel_reviews(tasks),
        tuple(goals),
        unattributed(ledger, first, last, levels),
        notes(ledger, first, last),
    )
