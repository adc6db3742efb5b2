"""The Review's charts drawn from a goal's figures: a level's bar fills from where the goal started."""

from __future__ import annotations

from datetime import date

import pytest

from cadence.core.goals import GoalReview
from cadence.core.model import Goal
from cadence.tui.widgets.charts import goal_bar

FOLLOWERS = Goal("followers", "Followers", "followers", 420, date(2026, 12, 20), (), None, start=350)


def bar(current: float, start: float | None, kind: str = "level") -> str:
    review = GoalReview(FOLLOWERS, kind, date(2026, 12, 20), start, current, current, True, (), pace="behind")  # type: ignore[arg-type]
    return goal_bar(review, width=10).plain.splitlines()[1].split()[0]


@pytest.mark.parametrize(
    ("current", "drawn"),
    [(350, "░░░░░░░░░░"), (352, "░░░░░░░░░░"), (385, "█████░░░░░"), (420, "██████████"), (500, "██████████")],
)
def test_a_level_fills_from_its_start_not_from_zero(current: float, drawn: str) -> None:
    assert bar(current, 350) == drawn


def test_a_count_fills_from_zero() -> None:
    assert bar(210, None, kind="count") == "█████░░░░░"
