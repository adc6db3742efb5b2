"""Invariants of the streak engine and the store, over generated histories."""

from __future__ import annotations

import tempfile
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.core.calendar import Schedule, resolve_start
from cadence.core.status import Ledger
from cadence.core.streaks import (
    overall_streak,
    plan_adherence,
    settled_before,
    strength,
    task_streak,
    week_adherence,
)
from cadence.plan import check_text
from cadence.store import NewEvent, Store
from plans import block, plan, plan_table
from plans import task as task_toml

pytestmark = pytest.mark.slow  # hundreds of histories each: a second or two apiece

PLAN = plan(
    plan_table("Props", weeks=3, timezone=None, rest_days=["sun"], holidays=[date(2026, 12, 2)], makeup_days=2),
    task_toml("a", "A", target={"start": 1, "peak": 4}),
    task_toml("b", "B", days=["mon", "wed", "fri"], required=False, target=2),
    task_toml("w", "W", per_week=2),
    block("k", "K", days=["sat"], at="09:00", duration="1h"),
)
_plan, _ = check_text(PLAN, "p.toml")
assert _plan is not None
SCHEDULE = Schedule(_plan, resolve_start(_plan, date(2026, 11, 23)))
TASKS = ["a", "b", "w", "k"]
DAYS = 21

offsets = st.integers(0, DAYS - 1)
amounts = st.sampled_from([0.5, 1.0, 2.0, 3.0, 5.0])


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    start = SCHEDULE.start
    checkins = draw(st.dictionaries(st.tuples(st.sampled_from(TASKS), offsets), amounts, max_size=40))
    skips = draw(st.sets(st.tuples(st.sampled_from(TASKS), offsets), max_size=6))
    vacation = draw(st.sets(offsets, max_size=4))
    return Ledger(
        {(task, start + timedelta(days=day)): amount for (task, day), amount in checkins.items()},
        frozenset((task, start + timedelta(days=day)) for task, day in skips),
        frozenset(start + timedelta(days=day) for day in vacation),
    )


todays = st.integers(-2, DAYS + 3).map(lambda offset: SCHEDULE.start + timedelta(days=offset))


@given(ledgers(), todays)
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_adherence_is_within_0_and_1(ledger: Ledger, today: date) -> None:
    values = [plan_adherence(SCHEDULE, ledger, today)]
    values += [week_adherence(SCHEDULE, week, ledger, today) for week in (1, 2, 3)]
    assert all(value is None or 0.0 <= value <= 1.0 for value in values)


@given(ledgers(), todays)
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_current_streak_never_exceeds_longest(ledger: Ledger, today: date) -> None:
    overall = overall_streak(SCHEDULE, ledger, today)
    assert 0 <= overall.current <= overall.longest
    for task in SCHEDULE.plan.tasks:
        streak = task_streak(SCHEDULE, task, ledger, today)
        assert 0 <= streak.current <= streak.longest
        assert 0.0 <= strength(SCHEDULE, task, ledger, today) < 1.0


@given(ledgers(), todays)
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_a_carried_settled_past_gives_the_same_streak(ledger: Ledger, today: date) -> None:
    since = settled_before(SCHEDULE, today)
    carry = overall_streak(SCHEDULE, ledger, today, before=since)
    assert overall_streak(SCHEDULE, ledger, today, since=since, carry=carry) == overall_streak(SCHEDULE, ledger, today)


@given(ledgers(), todays, st.sampled_from(TASKS), offsets, amounts)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_a_check_in_never_lowers_the_current_streak(
    ledger: Ledger, today: date, task: str, offset: int, amount: float
) -> None:
    day = SCHEDULE.start + timedelta(days=offset)
    more = dict(ledger.amounts)
    more[(task, day)] = more.get((task, day), 0.0) + amount
    after = ledger._replace(amounts=more)
    assert overall_streak(SCHEDULE, after, today).current >= overall_streak(SCHEDULE, ledger, today).current
    for planned in SCHEDULE.plan.tasks:
        before_task = task_streak(SCHEDULE, planned, ledger, today).current
        assert task_streak(SCHEDULE, planned, after, today).current >= before_task


events = st.one_of(
    st.builds(
        lambda t, d, a: NewEvent("checkin", t, SCHEDULE.start + timedelta(days=d), amount=a),
        st.sampled_from(TASKS),
        offsets,
        amounts,
    ),
    st.builds(
        lambda t, d: NewEvent("skip", t, SCHEDULE.start + timedelta(days=d)), st.sampled_from([*TASKS, None]), offsets
    ),
    st.builds(
        lambda d, n: NewEvent(
            "skip", None, SCHEDULE.start + timedelta(days=d), until=SCHEDULE.start + timedelta(days=d + n)
        ),
        offsets,
        st.integers(1, 5),
    ),
    st.builds(
        lambda m, d, a: NewEvent("result", None, SCHEDULE.start + timedelta(days=d), metric=m, amount=a),
        st.sampled_from(["replies", "leads"]),
        offsets,
        amounts,
    ),
)


@given(
    st.lists(st.lists(events, min_size=1, max_size=3), max_size=8),
    st.lists(events, min_size=1, max_size=3),
    st.integers(0, 3),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_undo_restores_exactly_the_state_before_the_last_event(
    history: list[list[NewEvent]], last: list[NewEvent], undos: int
) -> None:
    first, final = SCHEDULE.start, SCHEDULE.end
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder))
        assert store is not None
        with closing(store):
            states = []
            for batch in history:
                states.append(store.ledger(first, final))
                store.append(batch)
            before = store.ledger(first, final)
            store.append(last)
            store.undo()
            assert store.ledger(first, final) == before
            # further undos walk back through the history, batch by batch
            for state in reversed(states[len(states) - min(undos, len(states)) :]):
                store.undo()
                assert store.ledger(first, final) == state
