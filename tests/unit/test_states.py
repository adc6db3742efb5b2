"""One word per state: occurrence statuses, a day's status, per_week quotas prorated by excused days,
what a task's streak counts, and the vacation case through the command line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.core.calendar import Occurrence, Schedule, resolve_start
from cadence.core.status import Ledger, day_status, occurrence_status, week_count
from cadence.core.streaks import day_state, streak_unit
from cadence.plan import check_text
from helpers import Cli, PlanWriter
from plans import plan, plan_table, task

MON = date(2026, 11, 23)


def day(offset: int) -> date:
    return MON + timedelta(days=offset)


PLAN = plan(
    plan_table("States", timezone=None, rest_days=["sun"], makeup_days=1),
    task("a", "Every day", target=3),
    task("b", "Weekdays", days="weekdays"),
    task("o", "Optional", required=False),
    task("w", "Three a week", per_week=3),
    task("tt", "Tuesdays and Thursdays", days=["tue", "thu"]),
    task("all", "Rest days too", on_rest_days=True),
)


def schedule_of(text: str = PLAN) -> Schedule:
    found, diagnostics = check_text(text, "s.toml")
    assert found is not None, [str(d) for d in diagnostics]
    return Schedule(found, resolve_start(found, MON))


SCHEDULE = schedule_of()


def ledger(amounts: Mapping[tuple[str, int], float] | None = None, skips: set[tuple[str, int]] | None = None,
           skip_all: set[int] | None = None) -> Ledger:  # fmt: skip
    return Ledger(
        {(task_id, day(offset)): amount for (task_id, offset), amount in (amounts or {}).items()},
        frozenset((task_id, day(offset)) for task_id, offset in (skips or set())),
        frozenset(day(offset) for offset in (skip_all or set())),
    )


def occurrence(task_id: str, offset: int) -> Occurrence:
    found = SCHEDULE.plan.task(task_id)
    assert found is not None
    return Occurrence(found, day(offset), 1, 3 if task_id == "a" else 1)


@pytest.mark.parametrize(
    ("amount", "skipped", "offset", "today", "expected"),
    [
        (3, False, 0, 4, "done"),
        (2, False, 3, 4, "partial"),  # yesterday, still inside the window
        (2, False, 0, 4, "partial"),  # its window closed: still what it was, partial
        (0, False, 0, 4, "missed"),  # nothing, and the window closed
        (0, False, 3, 4, "open"),  # nothing yet, and it still can be
        (0, False, 6, 4, "open"),  # to come
        (1, True, 0, 4, "skipped"),
        (3, True, 0, 4, "done"),  # done outweighs the skip
    ],
)
def test_an_occurrence_has_one_word(amount: float, skipped: bool, offset: int, today: int, expected: str) -> None:
    book = ledger({("a", offset): amount}, {("a", offset)} if skipped else set())
    assert occurrence_status(occurrence("a", offset), book, day(today), 1) == expected


def test_a_closed_partial_day_breaks_the_streak_as_a_missed_one() -> None:
    kept = {(task_id, 0): 3 for task_id in ("a", "b", "all")}
    assert day_state(SCHEDULE, day(0), ledger(kept), day(4)) == "kept"
    assert day_state(SCHEDULE, day(0), ledger({**kept, ("a", 0): 2}), day(4)) == "missed"
    assert day_state(SCHEDULE, day(3), ledger({**kept, ("a", 3): 2}), day(4)) == "open"  # it can still be made up


@pytest.mark.parametrize(
    ("offset", "amounts", "skip_all", "today", "expected"),
    [
        (0, {("a", 0): 3, ("b", 0): 1, ("all", 0): 1}, set(), 4, "done"),
        # some of the work once its window closed: the day broke the streak, so it says missed
        (0, {("a", 0): 3}, set(), 4, "missed"),
        (0, {("a", 0): 1}, set(), 4, "missed"),
        (0, {}, set(), 4, "missed"),
        (3, {("a", 3): 1}, set(), 4, "partial"),  # some of the work, and it can still be made up
        (3, {}, set(), 4, "open"),
        (4, {}, set(), 4, "open"),
        (0, {}, {0}, 4, "skipped"),
        (6, {}, set(), 8, "missed"),  # Sunday: "all" is due on rest days too, and it was not done
        (5, {}, set(), 4, None),  # Saturday: still to come
    ],
)
def test_a_day_has_one_word(
    offset: int, amounts: dict[tuple[str, int], float], skip_all: set[int], today: int, expected: str | None
) -> None:
    assert day_status(SCHEDULE, day(offset), ledger(amounts, skip_all=skip_all), day(today)) == expected


def test_a_rest_day_is_rest_and_never_missed() -> None:
    rest_only = schedule_of(plan(plan_table("Rest", timezone=None, rest_days=["sun"]), task("a", "Every day")))
    assert day_status(rest_only, day(6), Ledger(), day(20)) == "rest"
    assert day_state(rest_only, day(6), Ledger(), day(20)) == "neutral"


@pytest.mark.parametrize(
    ("skipped_days", "expected_quota"),
    [
        ((), 3),  # nothing excused: N
        ((0,), 3),  # 3 × 5/6 = 2.5, rounded half up
        ((0, 1), 2),  # 3 × 4/6 = 2
        ((0, 1, 2), 2),  # 3 × 3/6 = 1.5, rounded half up: the vacation case
        ((0, 1, 2, 3), 1),  # 3 × 2/6 = 1
        ((0, 1, 2, 3, 4), 1),  # 3 × 1/6 = 0.5, rounded half up
        ((0, 1, 2, 3, 4, 5), 0),  # excused entirely: neutral
        ((6,), 3),  # Sunday is a rest day: not among the days it may be done
    ],
)
def test_a_per_week_quota_is_prorated_by_the_days_excused(skipped_days: tuple[int, ...], expected_quota: int) -> None:
    flexible = SCHEDULE.plan.task("w")
    assert flexible is not None
    count = week_count(SCHEDULE, flexible, 1, ledger(skip_all=set(skipped_days)), day(20))
    assert count.quota == expected_quota


def test_check_ins_beyond_the_quota_are_extra() -> None:
    flexible = SCHEDULE.plan.task("w")
    assert flexible is not None
    book = ledger({("w", offset): 1 for offset in (3, 4, 5)}, skip_all={0, 1, 2})
    count = week_count(SCHEDULE, flexible, 1, book, day(20))
    assert (count.quota, count.done, count.counted, count.extra) == (2, 3, 2, 1)


def test_a_days_before_tracking_are_excused_for_the_quota() -> None:
    late = Schedule(SCHEDULE.plan, MON, tracking=day(2))  # first used on Wednesday
    flexible = SCHEDULE.plan.task("w")
    assert flexible is not None
    assert week_count(late, flexible, 1, Ledger(), day(20)).quota == 2  # 3 × 4/6


@pytest.mark.parametrize(("task_id", "expected"), [("a", "days"), ("b", "times"), ("tt", "times"), ("w", "weeks"),
                                                   ("all", "days")])  # fmt: skip
def test_a_task_streak_counts_days_times_or_weeks(task_id: str, expected: str) -> None:
    found = SCHEDULE.plan.task(task_id)
    assert found is not None
    assert streak_unit(SCHEDULE.plan, found) == expected


def test_weekdays_count_days_when_the_weekend_is_rest() -> None:
    weekend_off = schedule_of(
        plan(plan_table("Weekend", timezone=None, rest_days=["sat", "sun"]), task("b", "Weekdays", days="weekdays"))
    )
    found = weekend_off.plan.task("b")
    assert found is not None
    assert streak_unit(weekend_off.plan, found) == "days"


@given(
    st.integers(1, 7),
    st.sets(st.integers(0, 5), max_size=6),
    st.sets(st.integers(0, 5), max_size=6),
)
def test_the_quota_never_asks_more_than_the_days_left(per_week: int, excused: set[int], done: set[int]) -> None:
    text = plan(plan_table("P", timezone=None, rest_days=["sun"]), task("w", "W", per_week=min(per_week, 6)))
    schedule = schedule_of(text)
    flexible = schedule.plan.task("w")
    assert flexible is not None
    book = ledger({("w", offset): 1 for offset in done}, skip_all=excused)
    count = week_count(schedule, flexible, 1, book, day(20))
    left = 6 - len(excused - done)
    assert 0 <= count.quota <= left
    assert count.counted + count.extra == count.done
    assert count.counted <= count.quota
    if left == 0:
        assert count.quota == 0  # excused entirely: it asks nothing


VACATION = plan(
    plan_table("Vacation", rest_days=["sun"], makeup_days=1),
    task("post", "Publish a post", per_week=3, unit="posts"),
)


@pytest.fixture
def vacation(write_plan: PlanWriter, cli: Cli) -> Path:
    """A 3-a-week task in use since Mon 2026-11-23, and a vacation planned over Mon-Wed of week 2."""
    path = write_plan(VACATION)
    assert cli("today", "--plan", str(path), CADENCE_NOW="2026-11-23T09:00").code == 0
    skipped = cli(
        "skip", "--all", "--from", "2026-11-30", "--to", "2026-12-02", "--reason", "vacation", "--plan", str(path),
        CADENCE_NOW="2026-11-29T09:00",
    )  # fmt: skip
    assert skipped.code == 0, skipped.err
    return path


def post_item(cli: Cli, path: Path, now: str) -> dict[str, object]:
    found = json.loads(cli("today", "--json", "--plan", str(path), CADENCE_NOW=now).out)
    items = [item for item in found["items"] if item["id"] == "post"]
    return items[0] if items else {}


def test_a_vacation_prorates_the_quota_and_extra_posts_show_as_extra(cli: Cli, vacation: Path) -> None:
    plan_args = ["--plan", str(vacation)]
    # Thursday, before any post: three of six days excused ask 3 × 3/6 = 1.5, so 2; nothing counts yet
    thursday = post_item(cli, vacation, "2026-12-03T09:00")
    assert (thursday["week_quota"], thursday["week_done"], thursday["week_extra"]) == (2, 0, 0)
    assert "Publish a post [0/2 this week]" in cli("today", *plan_args, CADENCE_NOW="2026-12-03T09:00").out
    assert cli("status", *plan_args, CADENCE_NOW="2026-12-03T09:00").out == "W2 · 0/1 due · streak 0\n"
    for now in ("2026-12-03T18:00", "2026-12-04T18:00"):
        assert cli("check", "post", *plan_args, CADENCE_NOW=now).code == 0
    friday = post_item(cli, vacation, "2026-12-04T19:00")
    assert (friday["status"], friday["week_quota"], friday["week_done"], friday["week_extra"]) == ("done", 2, 2, 0)
    assert post_item(cli, vacation, "2026-12-05T09:00") == {}  # the week's quota is met: not due on Saturday
    assert cli("status", *plan_args, CADENCE_NOW="2026-12-05T09:00").out == "\n"  # nothing due
    assert cli("check", "post", *plan_args, CADENCE_NOW="2026-12-05T18:00").code == 0
    saturday = post_item(cli, vacation, "2026-12-05T19:00")
    assert (saturday["week_quota"], saturday["week_done"], saturday["week_extra"]) == (2, 2, 1)
    lines = cli("today", *plan_args, CADENCE_NOW="2026-12-05T19:00").out.splitlines()
    assert [" ".join(line.split()) for line in lines if "post" in line] == [
        "post Publish a post [2/2 +1 this week] 1/1 post done"
    ]
    # the week closed (Tuesday, past Monday's make-up day): week 1 had no post, week 2 met its prorated quota
    streak = json.loads(cli("streak", "--json", *plan_args, CADENCE_NOW="2026-12-08T09:00").out)
    assert streak["tasks"]["post"] == {"current": 1, "longest": 1, "strength": 0.216777, "unit": "weeks"}
    review = json.loads(cli("review", "--json", *plan_args, CADENCE_NOW="2026-12-08T09:00").out)
    assert review["weeks"][:2] == [{"number": 1, "adherence": 0.0}, {"number": 2, "adherence": 1.0}]


def test_a_week_on_vacation_entirely_is_neutral(write_plan: PlanWriter, cli: Cli) -> None:
    path = write_plan(VACATION)
    assert cli("today", "--plan", str(path), CADENCE_NOW="2026-11-23T09:00").code == 0
    for now in ("2026-11-24T18:00", "2026-11-25T18:00", "2026-11-26T18:00"):
        assert cli("check", "post", "--plan", str(path), CADENCE_NOW=now).code == 0
    skipped = cli("skip", "--all", "--from", "2026-11-30", "--to", "2026-12-06", "--reason", "vacation",
                  "--plan", str(path), CADENCE_NOW="2026-11-29T09:00")  # fmt: skip
    assert skipped.code == 0, skipped.err
    streak = json.loads(cli("streak", "--json", "--plan", str(path), CADENCE_NOW="2026-12-15T09:00").out)
    # week 1 kept, week 2 neutral (a vacation), week 3 missed: the streak broke only in week 3
    assert (streak["tasks"]["post"]["current"], streak["tasks"]["post"]["longest"]) == (0, 1)
    review = json.loads(cli("review", "--json", "--plan", str(path), CADENCE_NOW="2026-12-15T09:00").out)
    assert review["weeks"][:3] == [
        {"number": 1, "adherence": 1.0},
        {"number": 2, "adherence": None},
        {"number": 3, "adherence": 0.0},
    ]
