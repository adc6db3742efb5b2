"""The streak rules one by one: kept, neutral, open and missed days; streaks; adherence; compliance; strength."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pytest

from cadence.core.calendar import Occurrence, Schedule, resolve_start
from cadence.core.review import review
from cadence.core.status import Ledger, Result
from cadence.core.streaks import (
    compliance,
    day_state,
    overall_streak,
    plan_adherence,
    strength,
    task_streak,
    week_adherence,
)
from cadence.plan import check_text
from plans import goal, plan, plan_table, task

MON = date(2026, 11, 23)


def day(offset: int) -> date:
    """Day `offset` of the plan: 0 is Monday 2026-11-23."""
    return MON + timedelta(days=offset)


PLAN = plan(
    plan_table("Streaks", timezone=None, rest_days=["sun"], makeup_days=1),
    task("a", "Required daily", target=2, duration="30m", results=["replies"]),
    task("b", "Optional weekdays", days="weekdays", required=False),
    task("w", "Three times a week", per_week=3, duration="1h", results=["leads"]),
    goal("replies", "Replies", metric="replies", target=20, by="week 4", checkpoints={2: 5, 3: 15}),
)


def schedule_of(text: str = PLAN) -> Schedule:
    plan, diagnostics = check_text(text, "s.toml")
    assert plan is not None, [str(d) for d in diagnostics]
    return Schedule(plan, resolve_start(plan, MON))


SCHEDULE = schedule_of()


def ledger(
    amounts: Mapping[tuple[str, int], float] | None = None,
    skips: set[tuple[str, int]] | None = None,
    skip_all: set[int] | None = None,
    results: tuple[Result, ...] = (),
) -> Ledger:
    return Ledger(
        {(task, day(offset)): amount for (task, offset), amount in (amounts or {}).items()},
        frozenset((task, day(offset)) for task, offset in (skips or set())),
        frozenset(day(offset) for offset in (skip_all or set())),
        results,
    )


@pytest.mark.parametrize(
    ("offset", "amounts", "skips", "today", "expected"),
    [
        (0, {("a", 0): 2}, set(), 4, "kept"),
        (0, {("a", 0): 3}, set(), 4, "kept"),  # more than the target
        (0, {("a", 0): 1, ("a", 0 + 0): 1}, set(), 4, "partial-is-missed"),
        (1, {("a", 1): 1}, set(), 4, "missed"),  # partial, past the window
        (2, {}, set(), 4, "missed"),
        (3, {}, set(), 4, "open"),  # yesterday, inside the one-day window
        (3, {("a", 3): 2}, set(), 4, "kept"),  # made up: counts on its own day
        (4, {}, set(), 4, "open"),  # today
        (4, {("a", 4): 2}, set(), 4, "kept"),
        (6, {}, set(), 8, "neutral"),  # Sunday is a rest day
        (2, {}, {("a", 2)}, 4, "neutral"),  # everything required skipped
        (2, {("b", 2): 0}, {("a", 2)}, 4, "neutral"),  # the optional task never counts
        (2, {}, {("b", 2)}, 4, "missed"),  # skipping an optional task excuses nothing required
    ],
)
def test_day_states(
    offset: int, amounts: dict[tuple[str, int], float], skips: set[tuple[str, int]], today: int, expected: str
) -> None:
    if expected == "partial-is-missed":
        amounts = {("a", 0): 1}
        expected = "missed"
    assert day_state(SCHEDULE, day(offset), ledger(amounts, skips), day(today)) == expected


def test_a_vacation_is_neutral() -> None:
    book = ledger({("a", 0): 2, ("a", 4): 2}, skip_all={1, 2, 3})
    assert [day_state(SCHEDULE, day(i), book, day(5)) for i in range(5)] == [
        "kept",
        "neutral",
        "neutral",
        "neutral",
        "kept",
    ]
    assert overall_streak(SCHEDULE, book, day(5)) == (2, 2)


def kept_days(*offsets: int) -> dict[tuple[str, int], float]:
    return {("a", offset): 2 for offset in offsets}


@pytest.mark.parametrize(
    ("done", "today", "current", "longest"),
    [
        ((), 0, 0, 0),  # first day, still open
        ((0,), 0, 1, 1),
        # Mon Tue kept, Wed missed, Thu Fri Sat kept, Sun rest, Mon kept, Tue (today) open
        ((0, 1, 3, 4, 5, 7), 8, 4, 4),
        ((0, 1, 3, 4, 5, 7, 8), 8, 5, 5),
        # yesterday open: passed over, not breaking
        ((0, 1, 2), 4, 3, 3),
        # the day before yesterday missed ends it
        ((0, 1, 2, 4), 5, 1, 3),
        ((0, 1, 2, 3, 4, 5), 20, 0, 6),  # long gap since
    ],
)
def test_overall_streaks(done: tuple[int, ...], today: int, current: int, longest: int) -> None:
    assert overall_streak(SCHEDULE, ledger(kept_days(*done)), day(today)) == (current, longest)


def test_per_task_streaks_follow_the_same_rules() -> None:
    book = ledger({("b", 0): 1, ("b", 1): 1, ("b", 3): 1})
    task = SCHEDULE.plan.task("b")
    assert task is not None
    # b on Mon Tue, missed Wed, Thu kept, Fri open (today): Sat/Sun it is not due
    assert task_streak(SCHEDULE, task, book, day(4)) == (1, 2)


def test_per_week_task_is_judged_by_the_week() -> None:
    book = ledger(
        {("w", 0): 1, ("w", 2): 1, ("w", 4): 1, ("w", 7): 1, ("w", 8): 1, ("w", 21): 1},
        skips={("w", 9), ("w", 10), *(("w", offset) for offset in range(14, 20))},
    )
    task = SCHEDULE.plan.task("w")
    assert task is not None
    # week 1: 3 of 3; week 2: two of its six days excused, so it asks 3 × 4/6 = 2, and 2 are done;
    # week 3: excused entirely (neutral); week 4 is still open
    assert task_streak(SCHEDULE, task, book, day(23)) == (2, 2)
    # one day excused of six asks 3 × 5/6 = 2.5, rounded up to 3: two check-ins are short
    one_skip = ledger({("w", 0): 1, ("w", 2): 1, ("w", 4): 1, ("w", 7): 1, ("w", 8): 1}, skips={("w", 9)})
    assert task_streak(SCHEDULE, task, one_skip, day(15)) == (0, 1)
    # it never makes a day kept or missed: days with only `w` work left are neutral for the overall streak
    assert day_state(SCHEDULE, day(1), ledger(kept_days(1)), day(10)) == "kept"
    # a closed week short of N breaks its streak
    short = ledger({("w", 0): 1, ("w", 7): 1, ("w", 8): 1, ("w", 9): 1})
    assert task_streak(SCHEDULE, task, short, day(15)) == (1, 1)


def test_adherence_is_the_mean_of_settled_occurrences() -> None:
    # a: Mon 2/2, Tue 1/2 (missed), Wed 0 (missed), Thu skipped; b: Mon 1/1, Tue-Thu 0 (missed)
    book = ledger({("a", 0): 2, ("a", 1): 1, ("b", 0): 1}, skips={("a", 3)})
    # today is Sat (5): Fri (4) is still open and not counted, nor is today
    values = [1, 0.5, 0, 1, 0, 0, 0]
    assert week_adherence(SCHEDULE, 1, book, day(5)) == pytest.approx(sum(values) / len(values))
    assert plan_adherence(SCHEDULE, book, day(5)) == pytest.approx(sum(values) / len(values))
    assert plan_adherence(SCHEDULE, ledger(), day(0)) is None


def test_per_week_adherence_counts_check_ins_over_n() -> None:
    only_w = schedule_of(
        PLAN.replace('target = 2\nduration = "30m"', 'target = 2\nweeks = [4]\nduration = "30m"').replace(
            'days = "weekdays"', 'days = "weekdays"\nweeks = [4]'
        )
    )
    book = ledger({("w", 0): 1, ("w", 1): 1, ("w", 7): 1, ("w", 8): 1, ("w", 9): 1})
    assert week_adherence(only_w, 1, book, day(20)) == pytest.approx(2 / 3)
    assert week_adherence(only_w, 2, book, day(20)) == 1.0
    # week 3 is still under way (today is its Saturday) and nothing is done yet: not counted
    assert week_adherence(only_w, 3, book, day(20)) is None
    assert plan_adherence(only_w, book, day(20)) == pytest.approx((2 / 3 + 1) / 2)


def occurrence(offset: int) -> Occurrence:
    task = SCHEDULE.plan.task("a")
    assert task is not None
    return Occurrence(task, day(offset), 1, 2)


@pytest.mark.parametrize(
    ("amount", "skipped", "offset", "today", "expected"),
    [
        (2, False, 0, 5, "green"),
        (1.6, False, 0, 5, "green"),  # 80%
        (1.58, False, 0, 5, "yellow"),  # 79%
        (1, False, 0, 5, "yellow"),  # 50%
        (0.98, False, 0, 5, "red"),  # 49%
        (0, False, 0, 5, "red"),  # missed
        (0, True, 0, 5, "grey"),  # skipped
        (0, False, 5, 5, "grey"),  # today, nothing yet
        (0, False, 4, 5, "grey"),  # yesterday, still open
        (1, False, 5, 5, "yellow"),  # today, half done
        (0, False, 9, 5, "grey"),  # not yet due
    ],
)
def test_compliance(amount: float, skipped: bool, offset: int, today: int, expected: str) -> None:
    book = ledger({("a", offset): amount}, {("a", offset)} if skipped else set())
    assert compliance(occurrence(offset), book, day(today), 1) == expected


EVERY_DAY = plan(plan_table("Loop", weeks=8, timezone=None), task("habit", "Every day"))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1] * 20, 0.655748),  # Loop Habit Tracker: 20 check-ins in a row
        ([1], 0.051922),
        ([1] * 10, 0.41327),
        ([1] * 20 + [0] * 5, 0.5298),  # four misses count; yesterday's is still open (0.655748 * m**4)
        ([1, 1, 0.5, 0, 1], 0.161455),
        ([], 0.0),
    ],
)
def test_strength_reproduces_loops_daily_score(values: list[float], expected: float) -> None:
    schedule = schedule_of(EVERY_DAY)
    task = schedule.plan.task("habit")
    assert task is not None
    book = ledger({("habit", i): v for i, v in enumerate(values) if v})
    today = day(len(values))  # today is open and not yet counted
    assert round(strength(schedule, task, book, today), 6) == expected


def test_strength_passes_over_skips_rest_days_and_open_days() -> None:
    schedule = schedule_of(EVERY_DAY)
    task = schedule.plan.task("habit")
    assert task is not None
    book = ledger({("habit", i): 1 for i in range(21) if i != 5}, skips={("habit", 5)})
    assert round(strength(schedule, task, book, day(21)), 6) == 0.655748
    # a done today counts; an open yesterday does not yet
    partial = ledger({("habit", 0): 1, ("habit", 2): 1})
    assert round(strength(schedule, task, partial, day(2)), 6) == round(1 - (0.5 ** (1 / 13)) ** 2, 6) == 0.101149


def test_strength_of_a_per_week_task_steps_by_closed_week() -> None:
    task = SCHEDULE.plan.task("w")
    assert task is not None
    book = ledger({("w", i): 1 for i in (0, 1, 2, 7, 8, 9, 14, 15)})
    # weeks 3/3, 3/3, 2/3 closed (today is Tue of week 4, past the window of week 3)
    assert round(strength(SCHEDULE, task, book, day(22)), 6) == 0.447283


def test_review_verdicts_results_per_hour_and_goal_pace() -> None:
    amounts = {("a", i): 2 for i in range(13) if i != 6}
    amounts.update({("w", 0): 1, ("w", 7): 1})
    results = (
        Result("replies", 4, day(2), "a"),
        Result("replies", 6, day(10), "a"),
        Result("leads", 1, day(7), "w"),
        Result("followers", 9, day(3), None),
    )
    result = review(SCHEDULE, ledger(amounts, results=results), day(13))
    by_id = {t.task.id: t for t in result.tasks}
    a = by_id["a"]
    assert (a.activity, a.done, a.results, a.verdict) == (24, 12, {"replies": 10}, "too_early")
    assert a.hours == 6.0 and a.per_hour == {"replies": pytest.approx(10 / 6)}
    assert by_id["b"].verdict == "untracked"
    assert by_id["w"].per_hour == {"leads": pytest.approx(1 / 2)}
    goal = result.goals[0]
    # 10 replies in 14 of 28 days: projected 20, on pace; week 2 checkpoint (5) hit; week 3 (15) upcoming
    assert (goal.current, goal.projected, goal.on_pace) == (10, 20, True)
    assert [(c.week, c.actual, c.status) for c in goal.checkpoints] == [(2, 10, "hit"), (3, 10, "upcoming")]


@pytest.mark.parametrize(
    ("result_days", "expected"),
    [
        ([15], "working"),  # a result in the last three weeks of activity
        ([], "no_results"),
        ([0], "no_results"),  # only before the window: weeks 2-4 brought nothing
    ],
)
def test_verdict_after_three_weeks(result_days: list[int], expected: str) -> None:
    amounts = {("a", i): 2 for i in range(22) if i % 7 != 6}
    results = tuple(Result("replies", 1, day(i), "a") for i in result_days)
    found = review(SCHEDULE, ledger(amounts, results=results), day(22))
    assert {t.task.id: t.verdict for t in found.tasks}["a"] == expected
