"""What `streak` and `review` print: their JSON (docs/commands.md) and the human views.

Kept apart from `views.today` so that `cadence today` does not load the
streak engine and the review.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cadence.core.calendar import Schedule
from cadence.core.review import Review
from cadence.core.status import Ledger
from cadence.core.streaks import day_state, overall_streak, streak_unit, strength, task_streak
from cadence.core.units import quantity
from cadence.wording import long_day, number


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def streak_json(schedule: Schedule, ledger: Ledger, today: date) -> dict[str, Any]:
    overall = overall_streak(schedule, ledger, today)
    in_plan = schedule.contains(today)
    return {
        "current": overall.current,
        "longest": overall.longest,
        "today": day_state(schedule, today, ledger, today) if in_plan else None,
        "tasks": {
            task.id: {
                "current": streak.current,
                "longest": streak.longest,
                "strength": round(strength(schedule, task, ledger, today), 6),
                "unit": streak_unit(schedule.plan, task),
            }
            for task in schedule.plan.tasks
            for streak in [task_streak(schedule, task, ledger, today)]
        },
    }


def streak_text(schedule: Schedule, data: dict[str, Any]) -> str:
    current, longest = data["current"], data["longest"]
    lines = [f"Current streak: {current} day{'s' if current != 1 else ''} (longest {longest})"]
    if data["today"] == "open":
        lines[0] += "; today is still open"
    width = max([4, *(len(task_id) for task_id in data["tasks"])])
    lines.append(f"  {'task':<{width}}  {'current':>9}  {'longest':>9}  strength")
    for task_id, info in data["tasks"].items():
        bar = "█" * round(info["strength"] * 10) + "·" * (10 - round(info["strength"] * 10))
        lines.append(
            f"  {task_id:<{width}}  {quantity(info['current'], info['unit']):>9}"
            f"  {quantity(info['longest'], info['unit']):>9}  {bar} {round(info['strength'] * 100)}%"
        )
    return "\n".join(lines)


def review_json(result: Review, complete: bool = False, tracking_from: date | None = None) -> dict[str, Any]:
    """`complete`: the run is over (after its last day, shifts included)."""
    return {
        "complete": complete,
        "tracking_from": tracking_from.isoformat() if tracking_from else None,
        "adherence": None if result.adherence is None else round(result.adherence, 4),
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
                "results_per_hour": None if t.results_per_hour is None else round(t.results_per_hour, 4),
                "verdict": t.verdict,
            }
            for t in result.tasks
        ],
        "channels": [
            {
                "channel": c.channel,
                "tasks": list(c.tasks),
                "activity": c.activity,
                "results": {metric: number(amount) for metric, amount in c.results.items()},
                "results_per_hour": None if c.results_per_hour is None else round(c.results_per_hour, 4),
            }
            for c in result.channels
        ],
        "goals": [
            {
                "id": g.goal.id,
                "title": g.goal.title,
                "metric": g.goal.metric,
                "current": number(g.current),
                "target": g.goal.target,
                "by": g.by.isoformat(),
                "projected": round(g.projected, 2),
                "on_pace": g.on_pace,
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
            for g in result.goals
        ],
    }


VERDICT_WORDS = {
    "working": "working",
    "no_results": "no results in 3 weeks",
    "too_early": "too early to tell",
    "untracked": "no results declared",
}


def review_text(schedule: Schedule, result: Review, today: date, week: int | None) -> str:
    plan = schedule.plan
    scope = f"week {week}" if week else "the plan so far"
    lines = [f"Review of {plan.name}, {scope}, as of {long_day(today)}", f"Adherence: {_percent(result.adherence)}"]
    for number_, adherence in result.weeks:
        filled = 0 if adherence is None else round(adherence * 20)
        lines.append(f"  week {number_:>3}  {'█' * filled}{'·' * (20 - filled)} {_percent(adherence)}")
    lines += ["", "Tasks"]
    width = max([4, *(len(t.task.id) for t in result.tasks)])
    for t in result.tasks:
        results = ", ".join(f"{metric} {amount:g}" for metric, amount in t.results.items()) or "no results"
        per_hour = "" if t.results_per_hour is None else f", {t.results_per_hour:.1f}/h"
        lines.append(
            f"  {t.task.id:<{width}}  {quantity(t.activity, t.task.unit)}; {results}{per_hour}: {VERDICT_WORDS[t.verdict]}"
        )
    if result.channels:
        lines += ["", "Channels"]
        for c in result.channels:
            results = ", ".join(f"{metric} {amount:g}" for metric, amount in c.results.items()) or "no results"
            per_hour = "" if c.results_per_hour is None else f", {c.results_per_hour:.1f}/h"
            lines.append(f"  {c.channel}: {c.activity} done; {results}{per_hour}")
    if result.goals:
        lines += ["", "Goals"]
        for g in result.goals:
            pace = "on pace" if g.on_pace else "behind pace"
            lines.append(
                f"  {g.goal.title}: {g.current:g} of {g.goal.target} {g.goal.metric} by {g.by.isoformat()}; "
                f"projected {g.projected:.0f}, {pace}"
            )
            for point in g.checkpoints:
                lines.append(
                    f"    week {point.week}: {point.value} by {point.day.isoformat()}, {point.status} ({point.actual:g})"
                )
    dropping = [t.task.id for t in result.tasks if t.verdict == "no_results"]
    if dropping:
        lines += ["", f"No results for three weeks of work: {', '.join(dropping)}. Consider dropping or changing them."]
    return "\n".join(lines)
