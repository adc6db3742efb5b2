"""The goals' progress as the page shows it: where each stands, its pace, and its checkpoints."""

from __future__ import annotations

from typing import NamedTuple

from cadence.core.goals import goal_review
from cadence.web.site import Site


class CheckpointView(NamedTuple):
    week: int
    value: int
    day: str
    actual: str
    status: str
    symbol: str


class GoalView(NamedTuple):
    title: str
    metric: str
    current: str
    target: int
    bar: float
    percent: int
    by: str
    pace: str
    checkpoints: list[CheckpointView]


MARKS = {"hit": "✓", "missed": "✗", "upcoming": "○"}


def goal_views(site: Site) -> list[GoalView]:
    """Every goal of the plan as of today (the run's results since its first day: the one long read)."""
    lived = site.lived()
    schedule = lived.schedule
    today = site.today()
    if not schedule.plan.goals:
        return []
    ledger = site.store.ledger(schedule.start, max(schedule.start, today), lived.number)
    views = []
    for goal in schedule.plan.goals:
        found = goal_review(schedule, goal, ledger, today)
        if found.pace in ("on_pace", "behind"):  # the core's one rule (`core.goals.pace`), as the review says it
            pace = f"projected {found.projected:.0f}, {'on pace' if found.pace == 'on_pace' else 'behind pace'}"
        else:
            pace = {"too_early": "too early to project", "met": "met", "missed": "missed"}[found.pace]
        views.append(
            GoalView(
                title=goal.title,
                metric=goal.metric,
                current=f"{found.current:g}",
                target=goal.target,
                bar=max(0.0, min(found.current, goal.target)),
                percent=round(100 * max(0.0, found.current) / goal.target) if goal.target else 0,
                by=f"{found.by:%a %d %b %Y}",
                pace=pace,
                checkpoints=[
                    CheckpointView(c.week, c.value, f"{c.day:%d %b}", f"{c.actual:g}", c.status, MARKS[c.status])
                    for c in found.checkpoints
                ],
            )
        )
    return views
