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
from cadence.core.folds import EMPTY, Fold, week_values_from
from cadence.core.goals import GoalReview, count_goal, goal_review, level_metrics, levels_of, pace
from cadence.core.model import Task
from cadence.core.status import Ledger
from cadence.core.streaks import elapsed_weeks, mean, plan_adherence, ratio, week_adherence
from cadence.core.tally import Effort, Tally, at_days, metric_kinds

__all__ = ["Effort", "Review", "TaskReview", "review"]

Verdict = Literal["working", "weak", "no_results", "too_early", "untracked"]
VERDICT_WEEKS = 3
"""A task is judged on its last three weeks of activity."""
WEAK_SHARE = 0.25
"""Weak: under a quarter of the best task's rate, on every metric the task declares."""


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
    return _task_review(schedule, task, results, latest, effort)


def _tallied(schedule: Schedule, task: Task, tally: Tally, levels: frozenset[str]) -> TaskReview:
    """`task_review` of the whole run, from its tally."""
    logged = {metric: found for metric, found in tally.results.get(task.id, {}).items() if metric not in levels}
    results: dict[str, float] = {metric: 0.0 for metric in task.results if metric not in levels}
    results.update((metric, amount) for metric, (amount, _) in logged.items())
    latest = max((day for _, day in logged.values()), default=None)
    return _task_review(schedule, task, results, latest, tally.efforts.get(task.id, Effort()))


def _task_review(
    schedule: Schedule, task: Task, results: dict[str, float], latest: date | None, effort: Effort
) -> TaskReview:
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
    (the whole review only), the settled past is taken from it and the ledger need hold only the weeks
    it left open (`folds.open_from`)."""
    if week is None:
        return _whole(schedule, ledger, today, fold)
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
    tracked = max(schedule.start, schedule.tracking)
    spent: dict[date, dict[str, float]] = {}
    if first == tracked:  # the run's first week: its efforts serve the goals that end with it
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
        tuple((schedule.plan_week(number), adherence) for number in weeks),
        tasks,
        channel_reviews(tasks),
        tuple(goals),
        unattributed(ledger, first, last, levels),
        notes(ledger, first, last),
    )


def _whole(schedule: Schedule, ledger: Ledger, today: date, fold: Fold | None) -> Review:
    weeks = elapsed_weeks(schedule, today)
    if fold is None:
        adherence = plan_adherence(schedule, ledger, today)
        by_week = {number: week_adherence(schedule, number, ledger, today) for number in weeks}
    else:
        found = [week_values_from(fold, schedule, ledger, today, number) for number in weeks]
        by_week = {number: mean(values) for number, values in zip(weeks, found, strict=True)}
        adherence = mean([value for values in found for value in values])
    fold = fold or EMPTY
    read, counted = metric_kinds(ledger)
    levels = levels_of(schedule.plan, read | fold.read, counted | fold.counted)
    last = min(today, schedule.end)
    ends = {goal.id: min(today, goal_date(schedule, goal.by)) for goal in schedule.plan.goals}
    checkpoints = [
        min(today, schedule.week_end(schedule.last_pass(number)))
        for goal in schedule.plan.goals
        for number, _ in goal.checkpoints
    ]
    tallies = at_days(schedule, ledger, {last, *ends.values(), *checkpoints}, fold.tally, fold.marks)
    tasks = weigh([_tallied(schedule, task, tallies[last], levels) for task in schedule.plan.tasks])
    goals: list[GoalReview] = []
    for goal in schedule.plan.goals:
        end = tallies[ends[goal.id]]
        if goal.metric in levels:
            judged = goal_review(schedule, goal, Ledger(readings=end.readings), today, None, levels)
        else:

            def logged(day: date, metric: str = goal.metric) -> float:
                return tallies[day].metrics.get(metric, (0, ()))[0]

            def values(day: date, metric: str = goal.metric) -> dict[str | None, float]:
                on = tallies[day]
                return {task: on.results[task][metric][0] for task in on.metrics.get(metric, (0, ()))[1]}

            hours = {task_id: effort.hours for task_id, effort in end.efforts.items()}
            judged = count_goal(schedule, goal, today, hours, logged, values)
            judged = judged._replace(pace=pace(schedule, judged, today))
        goals.append(judged)
    mine = tallies[last]
    return Review(
        adherence,
        tuple((schedule.plan_week(number), by_week[number]) for number in weeks),
        tasks,
        channel_reviews(tasks),
        tuple(goals),
        {metric: amount for metric, (amount, _) in mine.results.get(None, {}).items() if metric not in levels},
        tuple(Note(*note) for note in mine.notes),
    )
