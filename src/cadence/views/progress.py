"""What `streak` and `review` print: their JSON (docs/commands.md) and the human views.

Kept apart from `views.today` so that `cadence today` does not load the
streak engine and the review.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from cadence.core.calendar import Schedule
from cadence.core.comeback import comebacks
from cadence.core.goals import GoalReview, Source
from cadence.core.review import Review, TaskReview
from cadence.core.status import Ledger
from cadence.core.streaks import day_state, overall_streak, streak_unit, strength, task_streak
from cadence.core.units import quantity, unit_for
from cadence.printable import one_line
from cadence.wording import long_day, number, plural

if TYPE_CHECKING:  # `streak` loads this module too, and needs neither
    from cadence.core.automaticity import Automaticity
    from cadence.core.folds import Fold
    from cadence.store.learning import Revision


class Learned(NamedTuple):
    """What the review says of a plan that learns: each task's automaticity, and the plan's revisions."""

    automaticity: Mapping[str, Automaticity] = {}
    revisions: tuple[Revision, ...] = ()


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def streak_json(schedule: Schedule, ledger: Ledger, today: date, fold: Fold | None = None) -> dict[str, Any]:
    """The streaks as of today; with `fold`, the settled past carried from it and the rest walked."""
    from cadence.core import folds

    overall = folds.overall_from(fold, schedule, ledger, today) if fold else overall_streak(schedule, ledger, today)
    in_plan = schedule.contains(today)
    tasks: dict[str, Any] = {}
    carried = folds.tasks_from(fold, schedule, ledger, today) if fold else {}
    for task in schedule.plan.tasks:
        if task.id in carried:
            current, longest, score = carried[task.id]
        else:
            (current, longest), score = (
                task_streak(schedule, task, ledger, today),
                strength(schedule, task, ledger, today),
            )
        unit = streak_unit(schedule.plan, task)
        tasks[task.id] = {"current": current, "longest": longest, "strength": round(score, 6), "unit": unit}
    return {
        "current": overall.current,
        "longest": overall.longest,
        "comebacks": folds.comebacks_from(fold, schedule, ledger, today)
        if fold
        else comebacks(schedule, ledger, today),
        "today": day_state(schedule, today, ledger, today) if in_plan else None,
        "tasks": tasks,
    }


def streak_text(schedule: Schedule, data: dict[str, Any]) -> str:
    current, longest = data["current"], data["longest"]
    lines = [f"Current streak: {current} day{'s' if current != 1 else ''} (longest {longest})"]
    if data["today"] == "open":
        lines[0] += "; today is still open"
    lines.append(f"Comebacks: {data['comebacks']} (a day kept after a missed one)")
    width = max([4, *(len(task_id) for task_id in data["tasks"])])
    lines.append(f"  {'task':<{width}}  {'current':>9}  {'longest':>9}  strength")
    for task_id, info in data["tasks"].items():
        bar = "█" * round(info["strength"] * 10) + "·" * (10 - round(info["strength"] * 10))
        lines.append(
            f"  {task_id:<{width}}  {quantity(info['current'], info['unit']):>9}"
            f"  {quantity(info['longest'], info['unit']):>9}  {bar} {round(info['strength'] * 100)}%"
        )
    return "\n".join(lines)


def _rates(rates: dict[str, float | None]) -> dict[str, float | None]:
    return {metric: None if value is None else round(value, 4) for metric, value in rates.items()}


def _goal_json(g: GoalReview) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": g.goal.id,
        "title": g.goal.title,
        "metric": g.goal.metric,
        "kind": g.kind,
        "from": None if g.start is None else number(g.start),
        "current": number(g.current),
        "target": g.goal.target,
        "by": g.by.isoformat(),
        "projected": None if g.pace == "too_early" else round(g.projected, 2),
        "on_pace": None if g.pace == "too_early" else g.pace in ("on_pace", "met"),
        "pace": g.pace,
        "checkpoints": [
            {
                "week": c.week,
                "value": c.value,
                "date": c.day.isoformat(),
                "actual": number(c.actual),
                "status": c.status,
            }
            for c in g.checkpoints
        ],
    }
    if g.kind == "count":
        found["sources"] = [
            {
                "task": s.task,
                "value": number(s.value),
                "share": round(s.share, 4),
                "per_hour": None if s.per_hour is None else round(s.per_hour, 4),
            }
            for s in g.sources
        ]
    else:
        found["readings"] = [{"date": day.isoformat(), "value": number(level)} for day, level in g.readings]
    return found


def automaticity_json(found: Automaticity | None) -> dict[str, Any] | None:
    """A task's answers, the latest, and the fitted plateau and days to 95% of it (null while too early)."""
    if found is None or not found.answers:
        return None
    curve = found.curve
    return {
        "answers": [{"date": day.isoformat(), "value": value} for day, value in found.answers],
        "latest": found.latest,
        "first_done": found.first_done.isoformat() if found.first_done else None,
        "too_early": curve is None,
        "plateau": None if curve is None else round(curve.plateau, 2),
        "days_to_95": None if curve is None else round(curve.days_to_95, 2),
    }


def review_json(
    result: Review,
    complete: bool = False,
    tracking_from: date | None = None,
    learned: Learned | None = None,
    comebacks: int = 0,
) -> dict[str, Any]:
    """`complete`: the run is over (after its last day, shifts included); `learned`: automaticity and revisions;
    `comebacks`: days kept after a miss."""
    learned = learned or Learned()
    return {
        "complete": complete,
        "tracking_from": tracking_from.isoformat() if tracking_from else None,
        "adherence": None if result.adherence is None else round(result.adherence, 4),
        "comebacks": comebacks,
        "weeks": [{"number": n, "adherence": None if a is None else round(a, 4)} for n, a in result.weeks],
        "tasks": [
            {
                "id": t.task.id,
                "kind": t.task.kind,
                "channel": t.task.channel,
                "unit": t.task.unit,
                "activity": number(t.activity),
                "done": t.done,
                "hours": round(t.hours, 4),
                "results": {metric: number(amount) for metric, amount in t.results.items()},
                "per_hour": _rates(t.per_hour),
                "per_occurrence": _rates(t.per_occurrence),
                "verdict": t.verdict,
                "automaticity": automaticity_json(learned.automaticity.get(t.task.id)),
            }
            for t in result.tasks
        ],
        "unattributed": {metric: number(amount) for metric, amount in result.unattributed.items()},
        "channels": [
            {
                "channel": c.channel,
                "tasks": list(c.tasks),
                "activity": c.activity,
                "results": {metric: number(amount) for metric, amount in c.results.items()},
                "per_hour": _rates(c.per_hour),
            }
            for c in result.channels
        ],
        "goals": [_goal_json(g) for g in result.goals],
        "notes": [{"date": n.day.isoformat(), "task": n.task, "text": n.text} for n in result.notes],
        "revisions": [{"date": r.day.isoformat(), "applied": list(r.applied)} for r in learned.revisions],
    }


VERDICT_WORDS = {
    "working": "working",
    "weak": "weak: under a quarter of the best rate",
    "no_results": "no results in 3 weeks",
    "too_early": "too early to tell",
    "untracked": "no results declared",
}


def rate_words(metric: str, amount: float, per_hour: float | None, per_occurrence: float | None, unit: str) -> str:
    """ "replies 8 (2.0/h)"; without a duration "replies 8 (0.7 per post)"."""
    if per_hour is not None:
        return f"{metric} {amount:g} ({per_hour:.1f}/h)"
    if per_occurrence is not None:
        return f"{metric} {amount:g} ({per_occurrence:.1f} per {unit_for(1, unit)})"
    return f"{metric} {amount:g}"


def task_results(t: TaskReview) -> str:
    """A task's results with their rates, or "no results"."""
    said = [
        rate_words(metric, amount, t.per_hour.get(metric), t.per_occurrence.get(metric), t.task.unit)
        for metric, amount in t.results.items()
        if amount > 0
    ]
    return ", ".join(said) or "no results"


def source_words(source: Source) -> str:
    who = source.task or "(no task)"
    rate = "" if source.per_hour is None else f", {source.per_hour:.1f}/h"
    return f"{who} {source.value:g} ({round(source.share * 100)}%{rate})"


PACE_WORDS = {
    "too_early": "too early to project",
    "on_pace": "on pace",
    "behind": "behind pace",
    "met": "met",
    "missed": "missed",
}


def pace_words(g: GoalReview) -> str:
    """ "projected 56, on pace" while it runs (two weeks tracked); "too early to project"; "met" or "missed"."""
    if g.pace in ("on_pace", "behind"):
        how = "trend projects" if g.kind == "level" and g.trend else "projected"
        return f"{how} {g.projected:.0f}, {PACE_WORDS[g.pace]}"
    return PACE_WORDS[g.pace]


def goal_lines(g: GoalReview) -> list[str]:
    metric = g.goal.metric
    if g.kind == "level":
        start = "" if g.start is None else f" (from {g.start:g})"
        head = f"  {g.goal.title}: {g.current:g}{start} of {g.goal.target} {metric} by {g.by.isoformat()}"
        lines = [f"{head}; {pace_words(g)}"]
    else:
        start = "" if not g.start else f" ({g.start:g} at the start)"
        lines = [
            f"  {g.goal.title}: {g.current:g}{start} of {g.goal.target} {metric} by {g.by.isoformat()}; "
            + pace_words(g)
        ]
        if g.sources:
            lines.append("    from " + ", ".join(source_words(source) for source in g.sources))
    for point in g.checkpoints:
        lines.append(
            f"    week {point.week}: {point.value} by {point.day.isoformat()}, {point.status} ({point.actual:g})"
        )
    return lines


def automaticity_lines(schedule: Schedule, found: Mapping[str, Automaticity], today: date) -> list[str]:
    """Each task with answers: the latest, and the plateau with the day it reaches 95% of it, or too early."""
    lines = []
    width = max([12, *(len(task.id) for task in schedule.plan.tasks if task.id in found)])
    for task in schedule.plan.tasks:
        mine = found.get(task.id)
        if mine is None or mine.latest is None:
            continue
        said = f"  {task.id:<{width}} latest {mine.latest} of 7"
        if mine.curve is None:
            said += f"; too early ({plural(len(mine.answers), 'answer')}: a curve needs 4 over 3 weeks)"
        else:
            reached = math.ceil(mine.curve.days_to_95)  # the first whole day at 95%: its number and its date agree
            when = "" if mine.first_done is None else f", {long_day(mine.first_done + timedelta(days=reached))}"
            said += f"; plateau {mine.curve.plateau:.2f}, 95% of it on day {reached}{when}"
        lines.append(said)
    return lines


def review_text(
    schedule: Schedule,
    result: Review,
    today: date,
    week: int | None,
    learned: Learned | None = None,
    comebacks: int = 0,
) -> str:
    plan = schedule.plan
    scope = f"week {week}" if week else "the plan so far"
    lines = [
        f"Review of {plan.name}, {scope}, as of {long_day(today)}",
        f"Adherence: {_percent(result.adherence)}",
        f"Comebacks: {comebacks} (a day kept after a missed one)",
    ]
    for number_, adherence in result.weeks:
        filled = 0 if adherence is None else round(adherence * 20)
        lines.append(f"  week {number_:>3}  {'█' * filled}{'·' * (20 - filled)} {_percent(adherence)}")
    lines += ["", "Tasks"]
    width = max([9, *(len(t.task.id) for t in result.tasks)])
    for t in result.tasks:
        lines.append(
            f"  {t.task.id:<{width}}  {quantity(t.activity, t.task.unit)}; {task_results(t)}: {VERDICT_WORDS[t.verdict]}"
        )
    if result.unattributed:
        logged = ", ".join(f"{metric} {amount:g}" for metric, amount in result.unattributed.items())
        goals = {goal.metric for goal in plan.goals} & set(result.unattributed)
        counted = f", counted for goals ({', '.join(sorted(goals))})" if goals else ""
        lines.append(f"  {'(no task)':<{width}}  {logged}: logged without a task{counted}")
    if result.channels:
        lines += ["", "Channels"]
        for c in result.channels:
            results = ", ".join(
                rate_words(metric, amount, c.per_hour.get(metric), None, "")
                for metric, amount in c.results.items()
                if amount > 0
            )
            lines.append(f"  {c.channel}: {c.activity} done; {results or 'no results'}")
    if result.goals:
        lines += ["", "Goals"]
        for g in result.goals:
            lines += goal_lines(g)
    if result.notes:
        lines += ["", "Notes"]
        titles = {task.id: task.title for task in plan.tasks}
        for note in result.notes:
            lines.append(f"  {note.day:%a %d %b}  {titles.get(note.task, note.task)}: {one_line(note.text)}")
    learned = learned or Learned()
    automatic = automaticity_lines(schedule, learned.automaticity, today)
    if automatic:
        lines += ["", "Automaticity (1-7: 'I do it automatically'; days from the first done)", *automatic]
    if learned.revisions:
        lines += ["", "Plan revised"]
        lines += [f"  {long_day(r.day)}: {', '.join(r.applied)} ('cadence adapt')" for r in learned.revisions]
    dropping = [t.task.id for t in result.tasks if t.verdict == "no_results"]
    if dropping:
        lines += ["", f"No results for three weeks of work: {', '.join(dropping)}. Consider dropping or changing them."]
    weak = [t.task.id for t in result.tasks if t.verdict == "weak"]
    if weak:
        lines += ["", f"Weak beside the best on the same results: {', '.join(weak)}. Spend that time where it pays."]
    return "\n".join(lines)
