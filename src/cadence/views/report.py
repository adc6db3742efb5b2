"""The report of a finished run: how it went overall, per phase and per task, the goals, and what worked."""

from __future__ import annotations

from datetime import date

from cadence.core.calendar import Schedule
from cadence.core.goals import met_on
from cadence.core.review import review
from cadence.core.status import Ledger
from cadence.core.streaks import mean, week_adherence_values
from cadence.wording import long_day


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def phase_adherence(schedule: Schedule, ledger: Ledger, today: date) -> list[tuple[str, float | None]]:
    """Each phase's adherence, over its weeks (repeats included), in plan order."""
    found: dict[str, list[float]] = {}
    for week in range(1, schedule.weeks + 1):
        phase = schedule.phase_of(week)
        if phase is not None:
            found.setdefault(phase.name, []).extend(week_adherence_values(schedule, week, ledger, today))
    return [(name, mean(values)) for name, values in found.items()]


def finish_report(schedule: Schedule, ledger: Ledger, today: date, run: int | None) -> str:
    plan = schedule.plan
    found = review(schedule, ledger, today)
    label = f" (run {run})" if run is not None else ""
    if schedule.tracking > schedule.end:  # first used after its last day: a run never runs backwards
        head = (
            f"{plan.name}{label} is complete: {long_day(schedule.start)} to {long_day(schedule.end)},"
            f" over before its first use on {long_day(schedule.tracking)}, so nothing was tracked."
        )
    else:
        head = f"{plan.name}{label} is complete: {long_day(schedule.tracking)} to {long_day(schedule.end)}."
    lines = [head, f"Adherence: {_percent(found.adherence)}"]
    phases = phase_adherence(schedule, ledger, today)
    if phases:
        lines.append("By phase: " + ", ".join(f"{name} {_percent(value)}" for name, value in phases))
    lines.append("By task:")
    for task in plan.tasks:
        values = [
            value
            for week in range(1, schedule.weeks + 1)
            for value in week_adherence_values(schedule, week, ledger, today, task.id)
        ]
        lines.append(f"  {task.id:<16} {_percent(mean(values))}")
    if found.goals:
        lines.append("Goals:")
        for goal in found.goals:
            met = met_on(schedule, goal, ledger)
            said = f"met on {long_day(met)}" if met is not None else "missed"
            lines.append(f"  {goal.goal.title}: {goal.current:g} of {goal.goal.target} {goal.goal.metric}, {said}")
    working = [t.task.id for t in found.tasks if t.verdict == "working"]
    weak = [t.task.id for t in found.tasks if t.verdict == "weak"]
    idle = [t.task.id for t in found.tasks if t.verdict == "no_results"]
    if working:
        lines.append(f"What worked: {', '.join(working)}.")
    if weak:
        lines.append(f"Weak beside the best: {', '.join(weak)}.")
    if idle:
        lines.append(f"No results from: {', '.join(idle)}.")
    lines.append(
        "Start it again with 'cadence start monday --restart', or switch with 'cadence use FILE'."
        if schedule.plan.floating
        else "Switch to your next plan with 'cadence use FILE'."
    )
    return "\n".join(lines)
