"""The worked examples of a plan that learns (docs/concepts.md): their plan, and the weeks lived in them.

The plan runs eight weeks from Mon 2026-11-02 with Sunday as rest: comments on
weekdays, 20 minutes, ramping 2 to 9 (week k asks k + 1); personal notes on
weekdays, 15 minutes, 4 each; and a two-hour article block on Saturdays. A week
plans 5 x 20 + 5 x 15 + 120 = 295 minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from helpers import Cli

EXAMPLE = """\
[plan]
name = "Learning example"
start = 2026-11-02
weeks = 8
rest_days = ["sun"]   # a week plans 295 minutes

[[task]]
id = "comment"
title = "Thoughtful comments"
channel = "linkedin"
days = "weekdays"
duration = "20m"
unit = "comments"
target = { start = 2, peak = 9 }   # one more each week
results = ["replies"]

[[task]]
id = "outreach"
title = "Personal notes"
channel = "linkedin"
days = "weekdays"
duration = "15m"
unit = "notes"
target = 4
results = ["replies"]

[[block]]
id = "article"
title = "Write an article"
days = ["sat"]
at = "09:00"
duration = "2h"
"""

START = date(2026, 11, 2)

Day = Callable[[date], Iterable[tuple[str, ...]]]
"""What a person did on a day: command lines, like ("check", "comment") or ("log", "replies=2", "--task", "comment")."""


def monday(week: int) -> date:
    return START + timedelta(weeks=week - 1)


def live(cli: Cli, plan: str, weeks: range, day: Day) -> None:
    """Each day of the weeks as `day` says, each command run on that day in the evening."""
    for offset in range((weeks.stop - weeks.start) * 7):
        today = monday(weeks.start) + timedelta(days=offset)
        for words in day(today):
            result = cli(*words, "--plan", plan, CADENCE_NOW=f"{today.isoformat()}T20:00")
            assert result.code == 0, (today, words, result.err)


def full(day: date) -> list[tuple[str, ...]]:
    """Everything done: the weekdays' comments and notes, Saturday's article."""
    if day.weekday() < 5:
        return [("check", "comment"), ("check", "outreach")]
    return [("check", "article")] if day.weekday() == 5 else []
