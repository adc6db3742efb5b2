"""Automaticity: Lally's curve fitted by least squares (checked against SciPy's own fit), "too early", the
last answer of a day, and the rules by which reminders fade and come back."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import curve_fit

from cadence.core.automaticity import Answer, Fading, automaticity, faded, fading_window, fit
from cadence.core.calendar import Schedule
from cadence.core.status import Ledger
from cadence.plan import check_text
from plans import plan, plan_table, task

MON = date(2026, 11, 2)
PLAN = plan(
    plan_table("Automatic", start=MON, weeks=6, timezone=None, rest_days=["sun"], makeup_days=1),
    task("comment", "Comments", days="weekdays", at="08:30", unit="comments", target=2),
    task("post", "Post", days=["tue", "thu"], at="09:00", remind="always"),
    task("write", "Write", per_week=2, at="10:00"),
)


def schedule() -> Schedule:
    found, diagnostics = check_text(PLAN, "a.toml")
    assert found is not None, diagnostics
    return Schedule(found, MON)


def lally(t: np.ndarray, a0: float, amax: float, tau: float) -> np.ndarray:
    result: np.ndarray = amax + (a0 - amax) * np.exp(-t / tau)
    return result


def scipy_fit(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """The same least squares by SciPy's trust-region solver, within the same bounds: an independent fit."""
    t = np.array([p[0] for p in points])
    y = np.array([p[1] for p in points])
    found, _ = curve_fit(
        lally, t, y, p0=[1.5, 6.0, 30.0], bounds=([1, 1, 1], [7, 7, 1000]), xtol=1e-15, ftol=1e-15, gtol=1e-15
    )
    a0, amax, tau = (float(value) for value in found)
    return a0, amax, tau


def days_to_95(a0: float, amax: float, tau: float) -> float:
    return 0.0 if a0 >= 0.95 * amax else tau * math.log((amax - a0) / (0.05 * amax))


SEVEN = [(0.0, 2.0), (7.0, 3.0), (14.0, 4.0), (21.0, 4.0), (28.0, 5.0), (35.0, 5.0), (42.0, 5.0)]
"""The docs' example: seven weekly answers."""


def test_the_docs_example_fits_plateau_and_days_to_95_to_two_decimals() -> None:
    curve = fit(SEVEN)
    assert (round(curve.start, 2), round(curve.plateau, 2), round(curve.tau, 2)) == (1.98, 5.49, 18.66)
    assert round(curve.days_to_95, 2) == 47.57
    a0, amax, tau = scipy_fit(SEVEN)
    assert (round(amax, 2), round(days_to_95(a0, amax, tau), 2)) == (5.49, 47.57)


@pytest.mark.parametrize(
    "answers",
    [
        [1, 3, 4, 5, 5, 6, 6],
        [2, 3, 3, 4, 5, 5, 5],
        [3, 4, 4, 5, 6, 6, 6, 6, 7],
        [4, 4, 5, 4, 5, 5],
    ],
)
def test_the_fit_agrees_with_scipy_on_other_answers(answers: list[int]) -> None:
    points = [(7.0 * week, float(value)) for week, value in enumerate(answers)]
    curve = fit(points)
    a0, amax, tau = scipy_fit(points)
    error = sum((lally(np.array([t]), a0, amax, tau)[0] - y) ** 2 for t, y in points)
    assert curve.error <= error + 1e-9  # never a worse fit than SciPy's
    assert round(curve.plateau, 2) == round(amax, 2)
    assert round(curve.days_to_95, 2) == round(days_to_95(a0, amax, tau), 2)


@given(st.lists(st.integers(1, 7), min_size=2, max_size=12))
def test_the_fit_stays_on_the_scale_and_fits_a_flat_line_exactly(values: list[int]) -> None:
    curve = fit([(7.0 * i, float(v)) for i, v in enumerate(values)])
    assert 1 <= curve.start <= 7 and 1 <= curve.plateau <= 7 and 1 <= curve.tau <= 1000
    assert curve.days_to_95 >= 0
    if len(set(values)) == 1:
        assert curve.error < 1e-12 and round(curve.plateau, 6) == values[0]


def done(days: list[date], task_id: str = "comment", amount: float = 2) -> Ledger:
    return Ledger({(task_id, day): amount for day in days})


def weekdays(first: date, last: date) -> list[date]:
    return [
        first + timedelta(days=i) for i in range((last - first).days + 1) if (first + timedelta(days=i)).weekday() < 5
    ]


def test_too_early_until_four_answers_in_three_weeks() -> None:
    ledger = done(weekdays(MON, MON + timedelta(days=30)))
    answers = [Answer("comment", MON + timedelta(days=d), v) for d, v in ((0, 2), (1, 3), (7, 3), (8, 4))]
    found = automaticity(schedule(), ledger, answers)["comment"]
    assert (found.first_done, found.latest, found.curve) == (MON, 4, None)  # four answers, two weeks
    more = automaticity(schedule(), ledger, [*answers, Answer("comment", MON + timedelta(days=14), 5)])["comment"]
    assert more.curve is not None
    assert automaticity(schedule(), ledger, [])["post"] == automaticity(schedule(), ledger, answers)["post"]


def test_the_last_answer_of_a_day_counts_and_skips_are_left_out() -> None:
    ledger = done([MON])
    answers = [
        Answer("comment", MON, 3),
        Answer("comment", MON, 5),
        Answer("comment", MON + timedelta(days=7), None),
    ]
    assert automaticity(schedule(), ledger, answers)["comment"].answers == ((MON, 5),)


def test_days_are_counted_from_the_first_done_occurrence() -> None:
    first = MON + timedelta(days=2)  # Wednesday: Monday was partly done, Tuesday not at all
    ledger = Ledger({("comment", MON): 1.0, ("comment", first): 2.0, ("comment", first + timedelta(days=1)): 2.0})
    answers = [Answer("comment", first + timedelta(days=7 * week), value) for week, value in enumerate([2, 3, 4, 4])]
    found = automaticity(schedule(), ledger, answers)["comment"]
    assert found.first_done == first
    assert found.curve == fit([(0.0, 2.0), (7.0, 3.0), (14.0, 4.0), (21.0, 4.0)])


# --------------------------------------------------------------------------- fading

TODAY = date(2026, 11, 18)
"""Wednesday of week 3: weeks 1 and 2 are closed."""
AUTOMATIC = [Answer("comment", MON + timedelta(days=d), v) for d, v in ((0, 5), (4, 6), (7, 7), (14, 6))]


def test_reminders_fade_after_three_answers_of_6_or_7_and_two_weeks_at_90_percent() -> None:
    ledger = done(weekdays(MON, TODAY))
    assert faded(schedule(), ledger, AUTOMATIC, TODAY) == {"comment": Fading("comment", (6, 7, 6), 1.0, (1, 2))}
    assert faded(schedule(), ledger, AUTOMATIC[:-1], TODAY) == {}  # the last three are 5, 6, 7
    assert faded(schedule(), ledger, AUTOMATIC, TODAY - timedelta(days=7)) == {}  # only week 1 closed


def test_two_weeks_under_90_percent_keep_them() -> None:
    days = weekdays(MON, TODAY)
    ledger = Ledger({("comment", day): 2.0 if day != MON else 1.0 for day in days})  # Monday half done: 95%
    assert set(faded(schedule(), ledger, AUTOMATIC, TODAY)) == {"comment"}
    ledger = Ledger({("comment", day): 2.0 for day in days if day != MON + timedelta(days=1)})
    assert set(faded(schedule(), ledger, AUTOMATIC, TODAY)) == {"comment"}  # 90%, the miss 15 days ago
    assert set(faded(schedule(), done(days[2:]), AUTOMATIC, TODAY)) == set()  # 80%


def test_a_miss_brings_them_back_for_two_weeks() -> None:
    missed = date(2026, 11, 24)  # Tuesday of week 4
    days = [day for day in weekdays(MON, date(2026, 12, 20)) if day != missed]
    answers = [*AUTOMATIC, Answer("comment", date(2026, 11, 23), 7)]
    ledger = done(days)
    assert set(faded(schedule(), ledger, answers, date(2026, 11, 25))) == {"comment"}  # still open: no miss yet
    assert set(faded(schedule(), ledger, answers, date(2026, 11, 26))) == set()  # its window closed
    assert set(faded(schedule(), ledger, answers, date(2026, 12, 8))) == set()  # day 14 after the miss
    assert set(faded(schedule(), ledger, answers, date(2026, 12, 9))) == {"comment"}  # two weeks on


def test_remind_always_keeps_them_and_a_per_week_task_fades_by_its_weeks() -> None:
    answers = [Answer(task, MON + timedelta(days=d), 7) for task in ("post", "write") for d in (1, 8, 15)]
    days = weekdays(MON, TODAY)
    ledger = Ledger(
        {("post", day): 1.0 for day in days if day.weekday() in (1, 3)}
        | {("write", day): 1.0 for day in days if day.weekday() in (0, 1)}
    )
    assert set(faded(schedule(), ledger, answers, TODAY)) == {"write"}
    short = Ledger({key: value for key, value in ledger.amounts.items() if key != ("write", date(2026, 11, 10))})
    assert set(faded(schedule(), short, answers, TODAY)) == set()  # week 2 one short of its quota


def test_the_fading_window_covers_the_last_two_closed_weeks_and_the_weeks_of_the_last_two_weeks() -> None:
    # 14 days for a miss, the week a per_week task's closed week began in, and the make-up window
    assert fading_window(schedule(), TODAY) == (date(2026, 10, 27), TODAY)
    assert fading_window(schedule(), date(2026, 12, 9)) == (date(2026, 11, 17), date(2026, 12, 9))
    long = Schedule(schedule().plan, MON, tracking=MON)
    assert fading_window(long, date(2026, 12, 30)) == (date(2026, 11, 30), date(2026, 12, 30))
