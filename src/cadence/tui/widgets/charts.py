"""Text charts for the review: adherence bars, the plan heatmap, goal progress."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from cadence.core.calendar import Schedule
from cadence.core.review import GoalReview
from cadence.core.status import Ledger, day_status
from cadence.core.streaks import day_adherence
from cadence.tui.widgets.marks import legend, mark

COLOURS = {"green": "green", "yellow": "yellow", "red": "red", "grey": "grey50"}


def colour_of(value: float | None) -> str:
    """Compliance colour of an adherence value."""
    if value is None:
        return "grey"
    if value >= 0.8:
        return "green"
    if value >= 0.5:
        return "yellow"
    return "red"


def adherence_bars(weeks: tuple[tuple[int, float | None], ...], width: int = 30) -> Text:
    text = Text()
    for number, value in weeks:
        filled = 0 if value is None else round(value * width)
        text.append(f"week {number:>3} ")
        text.append("█" * filled, style=COLOURS[colour_of(value)])
        text.append("░" * (width - filled), style="grey35")
        text.append(" -\n" if value is None else f" {round(value * 100):>3}%\n")
    return text


def heatmap(schedule: Schedule, ledger: Ledger, today: date) -> Text:
    """One mark per plan day so far, a row per week: the day's state as a symbol, coloured by its adherence."""
    letters = " ".join("MTWTFSS"[schedule.weekday(day) or 0] for day in schedule.days_of_week(1))
    text = Text(f"         {letters}\n", style="bold")
    for week in range(1, schedule.weeks + 1):
        if schedule.week_start(week) > today:
            break
        text.append(f"week {schedule.plan_week(week):>3} ")
        for day in schedule.days_of_week(week):
            state = day_status(schedule, day, ledger, today)
            value = day_adherence(schedule, day, ledger, today) if state in ("done", "partial", "missed") else None
            text.append_text(mark(state, value))
            text.append(" ")
        text.append("\n")
    text.append_text(legend(("done", "partial", "missed", "skipped", "open", "rest", "untracked")))
    text.append("\n")
    return text


def goal_bar(goal: GoalReview, width: int = 30) -> Text:
    target = goal.goal.target
    filled = min(width, round(width * goal.current / target)) if target else width
    projected = min(width, round(width * goal.projected / target)) if target else width
    text = Text()
    text.append(goal.goal.title, style="bold")
    text.append(f"  {goal.current:g}/{target} {goal.goal.metric} by {goal.by.isoformat()}\n")
    text.append("█" * filled, style="green" if goal.on_pace else "yellow")
    text.append("▒" * max(0, projected - filled), style="grey50")
    text.append("░" * (width - max(filled, projected)), style="grey35")
    pace = "on pace" if goal.on_pace else "behind pace"
    text.append(f"  projected {goal.projected:.0f}, {pace}\n", style="green" if goal.on_pace else "yellow")
    for point in goal.checkpoints:
        mark = {"hit": "✓", "missed": "✗", "upcoming": "·"}[point.status]
        style = {"hit": "green", "missed": "red", "upcoming": "grey50"}[point.status]
        text.append(f"  {mark} week {point.week}: {point.value} ({point.actual:g} so far)\n", style=style)
    return text
