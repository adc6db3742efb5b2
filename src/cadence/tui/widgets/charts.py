"""Text charts for the review: adherence bars, the plan heatmap, goal progress."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from cadence.core.calendar import Schedule
from cadence.core.goals import GoalReview
from cadence.core.rhythm import headings
from cadence.core.status import Ledger, day_status
from cadence.core.streaks import day_adherence
from cadence.tui.widgets.marks import compliance_of, legend, mark, word
from cadence.wording import plural

COLOURS = {"green": "green", "yellow": "yellow", "red": "red", "grey": "grey50"}


def adherence_bars(weeks: tuple[tuple[int, float | None], ...], width: int = 30) -> Text:
    text = Text()
    for number, value in weeks:
        filled = 0 if value is None else round(value * width)
        text.append(f"week {number:>3} ")
        text.append("█" * filled, style=COLOURS[compliance_of(value)])
        text.append("░" * (width - filled), style="grey35")
        text.append(" -\n" if value is None else f" {round(value * 100):>3}%\n")
    return text


def heatmap(schedule: Schedule, ledger: Ledger, today: date) -> Text:
    """One mark per plan day so far, a row per week: the day's state as a symbol, coloured by its adherence.

    The columns are each week's days under their real weekdays' initials; a new line of initials comes
    wherever a rotating shift moved the days to other weekdays. A day that broke the streak (short of its
    targets once its window closed, partly done or not at all) is ✗, and the legend says so.
    """
    weeks = [week for week in range(1, schedule.weeks + 1) if schedule.week_start(week) <= today]
    text = Text()
    heads = headings(schedule, weeks)
    for week in weeks:
        if week in heads:
            text.append("         " + " ".join(name[0] for name in heads[week]) + "\n", style="bold")
        text.append(f"week {schedule.plan_week(week):>3} ")
        for day in schedule.days_of_week(week):
            state = day_status(schedule, day, ledger, today)
            value = day_adherence(schedule, day, ledger, today) if state in ("done", "partial", "missed") else None
            text.append_text(mark(state, value))
            text.append(" ")
        text.append("\n")
    text.append_text(legend(("done", "partial", "skipped", "open", "rest", "untracked")))
    text.append("\n")
    text.append_text(word("missed"))
    text.append(": work left after its make-up window, partly done or not; it broke the streak\n")
    return text


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """One character per value, scaled between the smallest and the largest; a gap where there is none."""
    known = [value for value in values if value is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    return "".join(
        " " if value is None else SPARKS[round((value - low) / span * (len(SPARKS) - 1)) if span else 3]
        for value in values
    )


def goal_bar(goal: GoalReview, width: int = 30, levels: list[float | None] | None = None) -> Text:
    """A goal's progress and pace; for a count its sources as bars, for a level its readings over the weeks."""
    target = goal.goal.target
    # A level fills from where it started (`from`, else the first reading): 350 of a 350 → 420 goal is empty.
    base = goal.start if goal.kind == "level" and goal.start is not None and goal.start < target else 0.0

    def cells(value: float) -> int:
        return max(0, min(width, round(width * (value - base) / (target - base)))) if target > base else width

    filled, projected = cells(goal.current), cells(goal.projected)
    text = Text()
    text.append(goal.goal.title, style="bold")
    start = f" from {goal.start:g}" if goal.kind == "level" and goal.start is not None else ""
    text.append(f"  {goal.current:g}/{target} {goal.goal.metric}{start} by {goal.by.isoformat()}\n")
    if goal.pace not in ("on_pace", "behind"):
        projected = filled  # too early to project, or over: no projection drawn
    good = goal.pace in ("on_pace", "met")
    text.append("█" * filled, style="green" if good else "yellow")
    text.append("▒" * max(0, projected - filled), style="grey50")
    text.append("░" * (width - max(filled, projected)), style="grey35")
    said = {"too_early": "too early to project", "met": "met", "missed": "missed"}.get(goal.pace)
    if said is None:
        how = "trend" if goal.trend else "projected"
        said = f"{how} {goal.projected:.0f}, {'on pace' if good else 'behind pace'}"
    text.append(f"  {said}\n", style="green" if good else "grey50" if goal.pace == "too_early" else "yellow")
    if goal.kind == "level" and not goal.readings:
        text.append(f"  no reading yet: log one with cadence log {goal.goal.metric}@N\n", style="grey50")
    elif goal.kind == "level" and levels:
        known = [value for value in levels if value is not None]
        text.append("  readings ", style="grey50")
        text.append(sparkline(levels), style="cyan")
        text.append(f"  {known[0]:g} → {known[-1]:g} over {plural(len(levels), 'week')}\n", style="grey50")
    if goal.sources:
        names = [source.task or "(no task)" for source in goal.sources]
        name_width = min(20, max(len(name) for name in names))
        for name, source in zip(names, goal.sources, strict=True):
            bar = round(source.share * 20)
            rate = "" if source.per_hour is None else f"  {source.per_hour:.1f}/h"
            text.append(f"  {name[:name_width]:<{name_width}} ")
            text.append("■" * bar, style="cyan" if source.task else "grey50")
            text.append("·" * (20 - bar), style="grey35")
            text.append(f" {source.value:g} ({round(source.share * 100)}%){rate}\n")
    for point in goal.checkpoints:
        mark = {"hit": "✓", "missed": "✗", "upcoming": "·"}[point.status]
        style = {"hit": "green", "missed": "red", "upcoming": "grey50"}[point.status]
        text.append(f"  {mark} week {point.week}: {point.value} ({point.actual:g} so far)\n", style=style)
    return text
