"""Invariants of a run laid on days, over generated plans, shifts and repeated weeks."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.core.calendar import Adjustment, Schedule
from cadence.plan import check_text
from strategies import plan_texts

START = date(2026, 11, 23)


@st.composite
def adjustments(draw: st.DrawFn, weeks: int) -> list[Adjustment]:
    found: list[Adjustment] = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            day = START + timedelta(days=draw(st.integers(0, 7 * weeks + 10)))
            found.append(Adjustment("shift", day, draw(st.integers(1, 15))))
        else:
            found.append(Adjustment("repeat", START, draw(st.integers(1, weeks))))
    return found


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_run_is_its_weeks_and_its_shifted_days(data: st.DataObject) -> None:
    plan, _ = check_text(data.draw(plan_texts()), "plan.toml", warnings=False)
    assert plan is not None
    made = data.draw(adjustments(plan.weeks))
    schedule = Schedule(plan, START, made)
    shifted = sum(a.amount for a in made if a.kind == "shift" and (a.day - START).days <= 7 * plan.weeks * 3)
    repeats = sum(1 for a in made if a.kind == "repeat")
    assert schedule.weeks == plan.weeks + repeats
    days = list(schedule.days())
    assert days[0] == START and days[-1] == schedule.end
    assert len(days) == 7 * schedule.weeks + sum(1 for day in days if schedule.is_shifted(day))
    assert sum(1 for day in days if schedule.is_shifted(day)) <= shifted
    seen: list[date] = []
    for week in range(1, schedule.weeks + 1):
        week_days = schedule.days_of_week(week)
        assert len(week_days) == 7
        assert all(schedule.week_of(day) == week for day in week_days)
        assert 1 <= schedule.plan_week(week) <= plan.weeks
        seen += week_days
    assert seen == sorted(seen)  # weeks follow one another
    assert set(seen) | {day for day in days if schedule.is_shifted(day)} == set(days)
    for day in days:
        if schedule.is_shifted(day):
            assert schedule.due_on(day) == [] and schedule.week_of(day) is None


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_shifts_and_repeats_keep_every_week_of_the_plan_and_its_targets(data: st.DataObject) -> None:
    plan, _ = check_text(data.draw(plan_texts()), "plan.toml", warnings=False)
    assert plan is not None
    plain = Schedule(plan, START)
    moved = Schedule(plan, START, data.draw(adjustments(plan.weeks)))
    weeks = [moved.plan_week(week) for week in range(1, moved.weeks + 1)]
    assert sorted(set(weeks)) == list(range(1, plan.weeks + 1))  # no plan week lost
    assert weeks == sorted(weeks)  # a repeat comes right after its week
    for week in range(1, moved.weeks + 1):
        number = moved.plan_week(week)
        for task in plan.tasks:
            assert moved.target(task, week) == plain.target(task, number)
        if plan.holidays:
            continue  # holidays stay on their dates, so a moved week may fall on or off one
        for moved_day, planned_day in zip(moved.days_of_week(week), plain.days_of_week(number), strict=True):
            assert [(o.id, o.target) for o in moved.fixed_due_on(moved_day)] == [
                (o.id, o.target) for o in plain.fixed_due_on(planned_day)
            ]  # the pattern moves with the days
