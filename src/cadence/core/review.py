"""The review: what each activity produced, and whether each goal is on pace.

Results, not activity: per task and per channel the work done and the results it
brought, results per hour of effort, and a plain verdict; per goal the current
value, the value projected at the current pace, and each checkpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, NamedTuple

from cadence.core.calendar import Schedule, goal_date
from cadence.core.model import Goal, Task
from cadence.core.status import Ledger
from cadence.core.streaks import elapsed_weeks, plan_adherence, ratio, week_adherence

Verdict = Literal["working", "no_results", "too_early", "untracked"]
VERDICT_WEEKS = 3
"""A task is judged on its last three weeks of activity."""


class TaskReview(NamedTuple):
    task: Task
    activity: float
    """The amount checked in, in the task's unit."""
    done: int
    """Occurrences done (amount at or above target)."""
    results: dict[str, float]
    hours: float
    results_per_hour: float | None
    verdict: Verdict


class ChannelReview(NamedTuple):
    channel: str
    tasks: tuple[str, ...]
    activity: int
    """Occurrences done across the channel's tasks (units differ between tasks)."""
    results: dict[str, float]
    results_per_hour: float | None


class Checkpoint(NamedTuple):
    week: int
    value: int
    day: date
    actual: float
    status: Literal["hit", "missed", "upcoming"]


class GoalReview(NamedTuple):
    goal: Goal
    by: date
    current: float
    projected: float
    on_pace: bool
    checkpoints: tuple[Checkpoint, ...]


class Review(NamedTuple):
    adherence: float | None
    weeks: tuple[tuple[int, float | None], ...]
    """(the plan's week number, adherence) for each week of the run so far; a repeated week comes twice."""
    tasks: tuple[TaskReview, ...]
    channels: tuple[ChannelReview, ...]
    goals: tuple[GoalReview, ...]


def _per_hour(results: dict[str, float], hours: float, has_duration: bool) -> float | None:
    if not has_duration or hours == 0:
        return None
    return sum(results.values()) / hours


def task_review(schedule: Schedule, task: Task, ledger: Ledger, first: date, last: date) -> TaskReview:
    activity = 0.0
    hours = 0.0
    done = 0
    active_weeks: set[int] = set()
    for (task_id, day), amount in ledger.amounts.items():
        if task_id != task.id or not first <= day <= last or amount <= 0:
            continue
        week = schedule.week_of(day)
        if week is None:
            continue
        target = schedule.target(task, week) or 1
        activity += amount
        done += amount >= target
        active_weeks.add(week)
        hours += (task.duration_min or 0) / 60 * ratio(amount, target)
    results: dict[str, float] = {}
    latest: date | None = None
    for result in ledger.results:
        if result.task == task.id and first <= result.day <= last:
            results[result.metric] = results.get(result.metric, 0.0) + result.amount
            latest = max(latest or result.day, result.day)
    return TaskReview(
        task,
        activity,
        done,
        results,
        hours,
        _per_hour(results, hours, task.duration_min is not None),
        _verdict(schedule, task, sorted(active_weeks), latest),
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
        timed = any(member.task.duration_min is not None for member in members)
        found.append(
            ChannelReview(
                channel,
                tuple(member.task.id for member in members),
                sum(member.done for member in members),
                results,
                _per_hour(results, hours, timed),
            )
        )
    return tuple(found)


def cumulative(ledger: Ledger, metric: str, first: date, last: date) -> float:
    return sum(result.amount for result in ledger.results if result.metric == metric and first <= result.day <= last)


def goal_review(schedule: Schedule, goal: Goal, ledger: Ledger, today: date) -> GoalReview:
    """Pace: the results since tracking began, projected linearly from that day to the goal's date."""
    by = goal_date(schedule, goal.by)
    first = max(schedule.start, schedule.tracking)
    current = cumulative(ledger, goal.metric, first, min(today, by))
    if today >= by:
        projected = current
    elif today < first:
        projected = 0.0
    else:
        elapsed = (today - first).days + 1
        projected = current * ((by - first).days + 1) / elapsed
    checkpoints = []
    for week, value in goal.checkpoints:
        day = schedule.week_end(schedule.last_pass(week))
        actual = cumulative(ledger, goal.metric, first, min(today, day))
        status: Literal["hit", "missed", "upcoming"] = (
            "hit" if actual >= value else "missed" if day < today else "upcoming"
        )
        checkpoints.append(Checkpoint(week, value, day, actual, status))
    return GoalReview(goal, by, current, projected, projected >= goal.target, tuple(checkpoints))


def review(schedule: Schedule, ledger: Ledger, today: date, week: int | None = None) -> Review:
    """The whole review as of today; with `week`, tasks and adherence of that week only."""
    if week is None:
        first, last = max(schedule.start, schedule.tracking), min(today, schedule.end)
        weeks = elapsed_weeks(schedule, today)
        adherence = plan_adherence(schedule, ledger, today)
    else:
        first = schedule.week_start(week)
        last = min(today, schedule.week_end(week))
        weeks = range(week, week + 1) if first <= today else range(0)
        adherence = week_adherence(schedule, week, ledger, today) if weeks else None
    tasks = tuple(task_review(schedule, task, ledger, first, last) for task in schedule.plan.tasks)
    return Review(
        adherence,
        tuple((schedule.plan_week(number), week_adherence(schedule, number, ledger, today)) for number in weeks),
        tasks,
        channel_reviews(tasks),
        tuple(goal_review(schedule, goal, ledger, today) for goal in schedule.plan.goals),
    )
