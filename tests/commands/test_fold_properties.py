"""The kept fold of a run's settled past gives what a full fold of the log gives, whatever was written since."""

from __future__ import annotations

import tempfile
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.core.calendar import Schedule
from cadence.core.comeback import comebacks
from cadence.core.review import review
from cadence.core.status import week_reach
from cadence.plan import load_plan
from cadence.record.runs import open_run, peek_run
from cadence.store import NewEvent, Store
from cadence.store.folds import settled
from cadence.store.redo import redo
from cadence.views.progress import streak_json
from plans import block, plan, plan_table
from plans import task as task_toml

pytestmark = pytest.mark.slow  # a store a history: a second or two for the lot

TABLE = plan_table("Folds", weeks=4, timezone=None, rest_days=["sun"], holidays=[date(2026, 12, 2)], makeup_days=2)
DAILY = (
    task_toml("a", "A", target={"start": 1, "peak": 4}),
    task_toml("b", "B", days=["mon", "wed", "fri"], required=False, target=2),
    block("k", "K", days=["sat"], at="09:00", duration="1h"),
)
PLANS = {False: plan(TABLE, *DAILY), True: plan(TABLE, *DAILY, task_toml("w", "W", per_week=2))}
"""Without and with a per_week task: `streak` reads only the days since the fold when there is none."""
START = date(2026, 11, 23)
TASKS = ["a", "b", "w", "k"]
DAYS = 28

offsets = st.integers(0, DAYS - 1)
writes = st.one_of(
    st.tuples(st.just("checkin"), st.sampled_from(TASKS), offsets, st.sampled_from([0.5, 1.0, 2.0, 4.0])),
    st.tuples(st.just("skip"), st.sampled_from([*TASKS, None]), offsets, st.just(0.0)),
    st.tuples(st.just("undo"), st.none(), st.just(0), st.just(0.0)),
    st.tuples(st.just("redo"), st.none(), st.just(0), st.just(0.0)),
    st.tuples(st.just("look"), st.none(), st.integers(-1, DAYS + 4), st.just(0.0)),  # streak/review on that day
    st.tuples(st.just("look"), st.none(), st.integers(-1, DAYS + 4), st.just(0.0)),  # (as often as a write)
    st.tuples(st.just("checkin"), st.just("a"), offsets, st.just(4.0)),  # the daily task done: a kept day
)


def full(store: Store, schedule: Schedule, run: int, today: date) -> tuple[object, ...]:
    ledger = store.ledger(schedule.start, max(schedule.start, week_reach(schedule, today)), run)
    return streak_json(schedule, ledger, today), review(schedule, ledger, today), comebacks(schedule, ledger, today)


def from_fold(store: Store, schedule: Schedule, text: str, run: int, today: date, whole: bool) -> tuple[object, ...]:
    from cadence.core.folds import comebacks_from

    fold, ledger = settled(store, schedule, text, run, today, whole)
    made = comebacks_from(fold, schedule, ledger, today)
    if not whole:  # streak's own ledger: the days since the fold only
        return streak_json(schedule, ledger, today, fold), None, made
    return streak_json(schedule, ledger, today, fold), review(schedule, ledger, today, None, fold), made


@given(st.lists(writes, min_size=5, max_size=40), st.booleans(), st.booleans())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_kept_fold_equals_a_full_fold_of_the_log(
    steps: list[tuple[str, str | None, int, float]], weekly: bool, reviewed: bool
) -> None:
    """Check-ins and skips on any day (back-dated ones before the fold too), undos, redos, and streak or
    review looked at on any day in between (the clock going back too), as the commands do."""
    whole = weekly or reviewed
    with tempfile.TemporaryDirectory() as folder:
        plan_file = Path(folder) / "plan.toml"
        plan_file.write_text(PLANS[weekly])
        loaded = load_plan(plan_file)
        opened = Store.open(Path(folder) / "home")
        assert opened is not None
        with closing(opened) as store:
            open_run(store, loaded.plan, START, str(plan_file))
            lived = peek_run(store, loaded.plan, START)
            run, schedule = lived.number, lived.schedule
            assert run is not None
            for kind, task, offset, amount in [*steps, ("look", None, DAYS + 4, 0.0)]:
                day = START + timedelta(days=offset)
                if task == "w" and not weekly:
                    continue
                if kind == "checkin":
                    store.append([NewEvent("checkin", task, day, amount=amount, run=run)])
                elif kind == "skip":
                    store.append([NewEvent("skip", task, day, run=run)])
                elif kind == "undo":
                    store.undo(run=run)
                elif kind == "redo":
                    redo(store, run=run)
                else:
                    expected = full(store, schedule, run, day)
                    found = from_fold(store, schedule, loaded.source, run, day, whole)
                    assert found[0] == expected[0]
                    assert found[2] == expected[2]
                    if whole:
                        assert found[1] == expected[1]
