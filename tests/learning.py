"""The worked examples of a plan that learns (docs/concepts.md): their plan, and the weeks lived in them.

The plan runs eight weeks from Mon 2026-11-02 with Sunday as rest: comments on
weekdays, 20 minutes, ramping 2 to 9 (week k asks k + 1); personal notes on
weekdays, 15 minutes, 4 each; and a two-hour article block on Saturdays. A week
plans 5 x 20 + 5 x 15 + 120 = 295 minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from cadence.store import NewEvent, Store
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


def amounts(day: date) -> dict[str, float]:
    """Everything done on a day of the example plan: comments k + 1 in week k, 4 notes, the article."""
    if day.weekday() < 5:
        return {"comment": (day - START).days // 7 + 2, "outreach": 4}
    return {"article": 1} if day.weekday() == 5 else {}


def half_in(weeks: tuple[int, ...]) -> Callable[[date], dict[str, float]]:
    """Everything done, but only on Mondays, Wednesdays and Fridays in the weeks given (6 of 11: 55%)."""

    def did(day: date) -> dict[str, float]:
        week = (day - START).days // 7 + 1
        return amounts(day) if week not in weeks or day.weekday() in (0, 2, 4) else {}

    return did


def replies(day: date) -> list[tuple[str, float, str]]:
    """Two replies from the comments every weekday, one from the notes on Mondays: the notes are weak."""
    found = [("replies", 2.0, "comment")] if day.weekday() < 5 else []
    return found + ([("replies", 1.0, "outreach")] if day.weekday() == 0 else [])


def write_history(
    store: Store,
    run: int,
    weeks: int,
    did: Callable[[date], dict[str, float]] = amounts,
    results: Callable[[date], list[tuple[str, float, str]]] = lambda day: [],
) -> None:
    """The first `weeks` weeks of the example plan as lived: one batch a day."""
    for offset in range(7 * weeks):
        day = START + timedelta(days=offset)
        events = [NewEvent("checkin", task, day, amount=amount, run=run) for task, amount in did(day).items()]
        events += [NewEvent("result", task, day, metric=m, amount=a, run=run) for m, a, task in results(day)]
        if events:
            store.append(events)
