"""The review's automaticity lines: the day 95% is reached, as a number and as a date that agree."""

from __future__ import annotations

import math
from datetime import date

from cadence.core.automaticity import Automaticity, Curve
from cadence.core.calendar import Schedule
from cadence.plan import check_text
from cadence.views.progress import automaticity_lines
from plans import plan, plan_table, task

PLAN = plan(
    plan_table("Words", start=date(2026, 11, 23), weeks=8),
    task("comment", "Comments", days="weekdays", target=3),
    task("weekly-review", "Weekly review", days=["sun"]),
)


def test_the_day_and_the_date_of_95_percent_agree_and_long_ids_keep_their_column() -> None:
    found, _ = check_text(PLAN, "plan.toml")
    assert found is not None
    tau = 39.37 / math.log((7 - 1) / (0.05 * 7))  # reaches 95% of 7 from 1 after 39.37 days
    curve = Curve(1.0, 7.0, tau, 0.0)
    assert round(curve.days_to_95, 2) == 39.37
    answers = tuple((date(2026, 11, 23 + 7 * n), 5) for n in range(1))
    found_for = {
        "comment": Automaticity(answers, date(2026, 11, 23), curve),
        "weekly-review": Automaticity(answers, date(2026, 11, 29), None),
    }
    assert automaticity_lines(Schedule(found, date(2026, 11, 23)), found_for, date(2026, 12, 28)) == [
        "  comment       latest 5 of 7; plateau 7.00, 95% of it on day 40, Sat 2027-01-02",
        "  weekly-review latest 5 of 7; too early (1 answer: a curve needs 4 over 3 weeks)",
    ]
