"""Automaticity: how far a habit runs by itself, from a weekly one-question check, and reminders that fade.

Each answer rates "<task> is something I do automatically" from 1 to 7, the
single item of Gardner's Self-Report Behavioural Automaticity Index. Lally et
al. (2010) saw automaticity rise on an asymptotic curve,
a(t) = a0 + (amax - a0)(1 - e^(-t/tau)), t in days since the behaviour began,
reaching 95% of its plateau after 18 to 254 days (median 66). cadence fits that
curve to each task's answers by least squares, t counted from the task's first
done occurrence. Reminders that keep firing hinder habit formation (Stawarz
et al. 2015), so a task that is automatic and kept is reminded in the morning
summary only, until a miss brings its reminders back.

The fit needs no numerical library: for a fixed tau the curve is linear in a0
and amax, so each tau has a closed-form least-squares solution (kept within
the 1-7 scale), and a search over tau (a grid on a log scale, then golden
sections) finds the best. Pure, like the rest of the core.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from cadence.core.calendar import Schedule
from cadence.core.model import Task
from cadence.core.status import Ledger, day_status, is_closed, occurrence_status, week_count
from cadence.core.streaks import elapsed_weeks, mean, week_adherence_values
from cadence.core.tally import first_done

TYPE_CHECKING = False  # typing.NamedTuple compiles each field's annotation: cadence.named says why
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from cadence.named import NamedTuple

SCALE = (1.0, 7.0)
"""The answers' scale: 1 (not at all) to 7 (completely)."""
TAU = (1.0, 1000.0)
"""The time constants the fit considers, in days: from a habit formed in days to one still rising after years."""
MIN_ANSWERS = 4
MIN_WEEKS = 3
"""A curve is fitted to at least four answers spread over three weeks; before that it is too early."""
FADE_LEVEL = 6
FADE_ANSWERS = 3
FADE_ADHERENCE = 0.9
"""Reminders fade when the last three answers are 6 or 7 and the last two closed weeks were 90% done."""
BACK_DAYS = 14
"""A missed occurrence brings a faded task's reminders back for two weeks."""


class Answer(NamedTuple):
    """One answer of the weekly check (or of `cadence rate`); value None: skipped."""

    task: str
    day: date
    value: int | None


class Curve(NamedTuple):
    """Lally's curve: a(t) = plateau + (start - plateau) e^(-t/tau), t in days since the first done occurrence."""

    start: float
    plateau: float
    tau: float
    error: float
    """The sum of squared residuals."""

    def at(self, t: float) -> float:
        return self.plateau + (self.start - self.plateau) * math.exp(-t / self.tau)

    @property
    def days_to_95(self) -> float:
        """Days from the first done occurrence until the curve reaches 95% of its plateau (0: it starts there)."""
        if self.start >= 0.95 * self.plateau:
            return 0.0
        return self.tau * math.log((self.plateau - self.start) / (0.05 * self.plateau))


def _clip(value: float) -> float:
    return min(max(value, SCALE[0]), SCALE[1])


def _solve(points: Sequence[tuple[float, float]], tau: float) -> Curve:
    """The best curve for one tau: linear least squares in (a0, amax), each within the scale.

    The sum of squares is convex in (a0, amax), so its minimum over the box is
    the unconstrained one when that is inside, else the best of the minima
    along the four edges (each a one-variable solve, clipped).
    """
    f = [math.exp(-t / tau) for t, _ in points]
    g = [1.0 - x for x in f]
    y = [value for _, value in points]
    sff = sum(x * x for x in f)
    sgg = sum(x * x for x in g)
    sfg = sum(a * b for a, b in zip(f, g, strict=True))
    sfy = sum(a * b for a, b in zip(f, y, strict=True))
    sgy = sum(a * b for a, b in zip(g, y, strict=True))

    def error(a0: float, amax: float) -> float:
        return sum((a0 * fi + amax * gi - yi) ** 2 for fi, gi, yi in zip(f, g, y, strict=True))

    candidates: list[tuple[float, float]] = []
    det = sff * sgg - sfg * sfg
    if det > 1e-12 * max(sff * sgg, 1e-300):
        a0, amax = (sfy * sgg - sgy * sfg) / det, (sgy * sff - sfy * sfg) / det
        if SCALE[0] <= a0 <= SCALE[1] and SCALE[0] <= amax <= SCALE[1]:
            candidates.append((a0, amax))
    for a0 in SCALE:
        candidates.append((a0, _clip((sgy - a0 * sfg) / sgg) if sgg > 0 else SCALE[0]))
    for amax in SCALE:
        candidates.append((_clip((sfy - amax * sfg) / sff) if sff > 0 else amax, amax))
    a0, amax = min(candidates, key=lambda pair: error(*pair))
    return Curve(a0, amax, tau, error(a0, amax))


GRID = 120
GOLDEN = (math.sqrt(5) - 1) / 2


def fit(points: Sequence[tuple[float, float]]) -> Curve:
    """Lally's curve through (days, answer) points, by least squares over a0, amax (1-7) and tau (1-1000 days)."""
    low, high = math.log(TAU[0]), math.log(TAU[1])
    grid = [low + (high - low) * i / (GRID - 1) for i in range(GRID)]
    errors = [_solve(points, math.exp(x)).error for x in grid]
    best = min(range(GRID), key=lambda i: (errors[i], i))
    a, b = grid[max(best - 1, 0)], grid[min(best + 1, GRID - 1)]
    c, d = b - GOLDEN * (b - a), a + GOLDEN * (b - a)
    fc, fd = _solve(points, math.exp(c)).error, _solve(points, math.exp(d)).error
    while b - a > 1e-10:
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - GOLDEN * (b - a)
            fc = _solve(points, math.exp(c)).error
        else:
            a, c, fc = c, d, fd
            d = a + GOLDEN * (b - a)
            fd = _solve(points, math.exp(d)).error
    found = _solve(points, math.exp((a + b) / 2))
    on_grid = _solve(points, math.exp(grid[best]))
    return found if found.error <= on_grid.error else on_grid


class Automaticity(NamedTuple):
    """A task's answers (the last given on each day, by day) and, once there are enough, its curve."""

    answers: tuple[tuple[date, int], ...]
    first_done: date | None
    curve: Curve | None
    """None: too early (fewer than four answers spread over three weeks)."""

    @property
    def latest(self) -> int | None:
        return self.answers[-1][1] if self.answers else None


def answers_by_task(answers: Iterable[Answer]) -> dict[str, list[tuple[date, int]]]:
    """Each task's answers by day, the last given on a day replacing the others; skips left out."""
    days: dict[str, dict[date, int | None]] = {}
    for answer in answers:
        days.setdefault(answer.task, {})[answer.day] = answer.value
    return {
        task: [(day, value) for day, value in sorted(given.items()) if value is not None]
        for task, given in days.items()
    }


def automaticity(
    schedule: Schedule, ledger: Ledger, answers: Iterable[Answer], firsts: dict[str, date] | None = None
) -> dict[str, Automaticity]:
    """Every task's automaticity; the ledger must hold the run up to the last answer (for the first done day),
    unless `firsts` gives each task's first day done."""
    firsts = first_done(schedule, ledger) if firsts is None else firsts
    given = answers_by_task(answers)
    found: dict[str, Automaticity] = {}
    for task in schedule.plan.tasks:
        mine = given.get(task.id, [])
        first = firsts.get(task.id)
        curve = None
        if first is not None:
            points = [((day - first).days, value) for day, value in mine if day >= first]
            weeks = {_week_key(schedule, day) for day, value in mine if day >= first}
            if len(points) >= MIN_ANSWERS and len(weeks) >= MIN_WEEKS:
                curve = fit([(float(t), float(value)) for t, value in points])
        found[task.id] = Automaticity(tuple(mine), first, curve)
    return found


def _week_key(schedule: Schedule, day: date) -> int:
    """The run's week of a day; a shifted day counts in the week of seven days it falls in."""
    week = schedule.week_of(day)
    return week if week is not None else -((day - schedule.start).days // 7) - 1


# --------------------------------------------------------------------------- fading reminders


class Fading(NamedTuple):
    """Why a task's reminders faded: its last three answers, and how it was kept in the last two closed weeks."""

    task: str
    answers: tuple[int, ...]
    adherence: float
    weeks: tuple[int, ...]
    """The plan's numbers of those two weeks."""

    def words(self) -> str:
        shown = ", ".join(str(value) for value in self.answers)
        weeks = " and ".join(str(week) for week in self.weeks)
        return f"{self.task} (answers {shown}; weeks {weeks} {round(self.adherence * 100)}% done)"


def closed_weeks(schedule: Schedule, today: date) -> list[int]:
    """The run's tracked weeks whose make-up window is over by today, in order."""
    makeup = schedule.plan.makeup_days
    return [week for week in elapsed_weeks(schedule, today) if is_closed(schedule.week_end(week), today, makeup)]


def fading_window(schedule: Schedule, today: date) -> tuple[date, date]:
    """The plan days whose events decide which reminders fade today: the last two closed weeks and the
    last two weeks (for a miss), as a ledger's first and last day."""
    first = today - timedelta(days=BACK_DAYS + schedule.plan.makeup_days + 7)
    closed = closed_weeks(schedule, today)[-2:]
    if closed:
        first = min(first, schedule.week_start(closed[0]))
    return first, today


def missed_lately(schedule: Schedule, task: Task, ledger: Ledger, today: date) -> bool:
    """Whether an occurrence of the task in the last two weeks was missed (short once its window closed);
    a per_week task's, whether a closed week ending in them fell short of its quota."""
    makeup = schedule.plan.makeup_days
    first = today - timedelta(days=BACK_DAYS)
    if task.per_week is not None:
        weeks = {schedule.week_of(first + timedelta(days=offset)) for offset in range(BACK_DAYS)}
        for week in weeks - {None}:
            assert week is not None
            count = week_count(schedule, task, week, ledger, today)
            if count.closed and schedule.week_end(week) >= first and count.done < count.quota:
                return True
        return False
    for offset in range(BACK_DAYS):
        day = first + timedelta(days=offset)
        for occ in schedule.fixed_due_on(day):
            if occ.id != task.id:
                continue
            status = occurrence_status(occ, ledger, today, makeup, schedule.tracking)
            if status == "missed" or (status == "partial" and is_closed(day, today, makeup)):
                return True
    return False


def faded(schedule: Schedule, ledger: Ledger, answers: Iterable[Answer], today: date) -> dict[str, Fading]:
    """The tasks whose reminders have faded today: last three answers 6 or 7, the last two closed weeks
    at least 90% done, no miss in the last two weeks, and no `remind = "always"`. The ledger must cover
    `fading_window`."""
    closed = closed_weeks(schedule, today)[-2:]
    if len(closed) < 2:
        return {}
    given = answers_by_task(answers)
    found: dict[str, Fading] = {}
    for task in schedule.plan.tasks:
        last = [value for _, value in given.get(task.id, [])][-FADE_ANSWERS:]
        if task.remind == "always" or len(last) < FADE_ANSWERS or min(last) < FADE_LEVEL:
            continue
        values = [value for week in closed for value in week_adherence_values(schedule, week, ledger, today, task.id)]
        adherence = mean(values)
        if adherence is None or adherence < FADE_ADHERENCE or missed_lately(schedule, task, ledger, today):
            continue
        found[task.id] = Fading(task.id, tuple(last), adherence, tuple(schedule.plan_week(week) for week in closed))
    return found


ASKING_DAYS = 2
"""The weekly question is asked on the first morning of a week, or on the next day when the app was not opened;
days excused as a whole at the start of the week (a vacation) do not count (`asking_from`)."""


def asking_from(schedule: Schedule, week: int, ledger: Ledger, today: date) -> date:
    """The first day the week's question is asked on: the week's first day, or the first after the days at its
    start that were excused as a whole (away on them, the person is asked when back). `ledger` covers the
    week's days up to `today`."""
    day = schedule.week_start(week)
    while day < today and day_status(schedule, day, ledger, today) == "skipped":
        day += timedelta(days=1)
    return day


def weekly_questions(schedule: Schedule, ledger: Ledger, answers: Iterable[Answer], today: date) -> list[Task]:
    """The tasks to ask about in the first two days of a run's week (not counting the days excused at its
    start): those with a done occurrence in the week before, not yet answered or skipped since the week
    began."""
    week = schedule.week_of(today)
    if week is None or week == 1:
        return []
    if (today - asking_from(schedule, week, ledger, today)).days >= ASKING_DAYS:
        return []
    begun = schedule.week_start(week)
    asked = {answer.task for answer in answers if begun <= answer.day <= today}
    before = schedule.days_of_week(week - 1)
    return [
        task
        for task in schedule.plan.tasks
        if task.id not in asked
        and any(
            ledger.amount(task.id, day) >= (schedule.target(task, week - 1) or 1) and schedule.is_tracked(day)
            for day in before
        )
    ]
