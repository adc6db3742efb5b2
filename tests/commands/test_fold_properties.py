"""The kept fold of a run's settled past gives what a full fold of the log gives, whatever was written since."""

from __future__ import annotations

import tempfile
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.core.automaticity import automaticity
from cadence.core.calendar import Schedule
from cadence.core.comeback import comebacks
from cadence.core.folds import Fold, comebacks_from, firsts_from
from cadence.core.review import review
from cadence.core.status import Ledger, week_reach
from cadence.plan import load_plan
from cadence.printable import json_text
from cadence.record.runs import open_run, peek_run
from cadence.store import NewEvent, Store
from cadence.store.folds import settled
from cadence.store.learning import answers
from cadence.store.redo import redo
from cadence.views.progress import Learned, review_json, streak_json
from plans import block, goal, plan, plan_table
from plans import task as task_toml

pytestmark = pytest.mark.slow  # a store a history: a second or two for the lot

TABLE = plan_table("Folds", weeks=4, timezone=None, rest_days=["sun"], holidays=[date(2026, 12, 2)], makeup_days=2)
DAILY = (
    task_toml("a", "A", target={"start": 1, "peak": 4}, duration="10m", results=["replies"], channel="c"),
    task_toml("b", "B", days=["mon", "wed", "fri"], required=False, target=2, results=["replies", "leads"]),
    block("k", "K", days=["sat"], at="09:00", duration="1h", channel="c"),
    goal("replies", "Replies", metric="replies", target=12, by="week 2", checkpoints={1: 3}),
    goal("leads", "Leads", metric="leads", target=5, by="week 4", checkpoints={2: 2, 3: 3}),
    goal("followers", "Followers", metric="followers", target=150, **{"from": 100}, by=date(2026, 12, 12)),
)
PLANS = {False: plan(TABLE, *DAILY), True: plan(TABLE, *DAILY, task_toml("w", "W", per_week=2))}
"""Without and with a per_week task: `streak` reads only the days since the fold when there is none."""
START = date(2026, 11, 23)
TASKS = ["a", "b", "w", "k"]
DAYS = 28
METRICS = ["replies", "leads", "followers"]

offsets = st.integers(0, DAYS - 1)
writes = st.one_of(
    st.tuples(st.just("checkin"), st.sampled_from(TASKS), offsets, st.sampled_from([0.5, 1.0, 2.0, 4.0])),
    st.tuples(st.just("skip"), st.sampled_from([*TASKS, None]), offsets, st.just(0.0)),
    st.tuples(st.just("undo"), st.none(), st.just(0), st.just(0.0)),
    st.tuples(st.just("redo"), st.none(), st.just(0), st.just(0.0)),
    st.tuples(st.just("look"), st.none(), st.integers(-1, DAYS + 4), st.just(0.0)),  # streak/review on that day
    st.tuples(st.just("look"), st.none(), st.integers(-1, DAYS + 4), st.just(0.0)),  # (as often as a write)
    st.tuples(st.just("checkin"), st.just("a"), offsets, st.just(4.0)),  # the daily task done: a kept day
    st.tuples(st.just("note"), st.sampled_from(TASKS), offsets, st.sampled_from([1.0, 0.1])),  # with a note
    st.tuples(st.sampled_from(METRICS), st.sampled_from(["a", "b", "k", None]), offsets, st.sampled_from([1.0, 0.1])),
    st.tuples(st.just("reading"), st.sampled_from(METRICS), offsets, st.sampled_from([110.0, 130.7])),
    st.tuples(st.just("rating"), st.sampled_from(["a", "b"]), offsets, st.sampled_from([2.0, 5.0])),
)
"""Amounts of a tenth, whose sums depend on their order: a sum carried from the fold must be the same float."""


def reviewed(store: Store, schedule: Schedule, ledger: Ledger, run: int, today: date, fold: Fold | None) -> str:
    """The whole review's JSON as `cadence review --json` prints it (its automaticity and comebacks too)."""
    firsts = None if fold is None else firsts_from(fold, schedule, ledger)
    learned = Learned(automaticity(schedule, ledger, answers(store, run), firsts))
    made = comebacks(schedule, ledger, today) if fold is None else comebacks_from(fold, schedule, ledger, today)
    data = review_json(
        review(schedule, ledger, today, None, fold), today > schedule.end, schedule.tracking, learned, made
    )
    return json_text(data)


def full(store: Store, schedule: Schedule, run: int, today: date) -> tuple[object, ...]:
    ledger = store.ledger(schedule.start, max(schedule.start, week_reach(schedule, today)), run)
    made = comebacks(schedule, ledger, today)
    return streak_json(schedule, ledger, today), reviewed(store, schedule, ledger, run, today, None), made


def from_fold(store: Store, schedule: Schedule, text: str, run: int, today: date, whole: bool) -> tuple[object, ...]:
    """Streak as `cadence streak` reads it (`whole`: with a per_week task), then review as `cadence review`."""
    fold, ledger = settled(store, schedule, text, run, today, whole)
    streak = streak_json(schedule, ledger, today, fold)
    fold, ledger = settled(store, schedule, text, run, today, False, weeks=True)
    return streak, reviewed(store, schedule, ledger, run, today, fold), comebacks_from(fold, schedule, ledger, today)


@given(st.lists(writes, min_size=5, max_size=40), st.booleans())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_kept_fold_equals_a_full_fold_of_the_log(
    steps: list[tuple[str, str | None, int, float]], weekly: bool
) -> None:
    """Check-ins (with notes), skips, results (with a task and without), readings and answers on any day
    (back-dated ones before the fold too), undos, redos, and streak and review looked at on any day in
    between (the clock going back too), as the commands do: the review's JSON byte for byte."""
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
                if kind in ("checkin", "note"):
                    note = f"{task} on {day}" if kind == "note" else None
                    store.append([NewEvent("checkin", task, day, amount=amount, note=note, run=run)])
                elif kind == "skip":
                    store.append([NewEvent("skip", task, day, run=run)])
                elif kind in METRICS:
                    store.append([NewEvent("result", task, day, metric=kind, amount=amount, run=run)])
                elif kind == "reading":
                    store.append([NewEvent("reading", None, day, metric=task, amount=amount, run=run)])
                elif kind == "rating":
                    store.append([NewEvent("rating", task, day, amount=amount, run=run)])
                elif kind == "undo":
                    store.undo(run=run)
                elif kind == "redo":
                    redo(store, run=run)
                else:
                    assert from_fold(store, schedule, loaded.source, run, day, weekly) == full(
                        store, schedule, run, day
                    )
