"""The settled past of a run kept in the store (`core.folds.Fold`), so that streak and review fold ten years once.

One row a run in `folds`: the Fold, the last event id it had seen and a key of everything else it depends
on (this cadence, the plan's text, the run's first day, tracking and shifts). It is used only when the key
is the same and no event written since is dated before its `through`, undoes or redoes anything, or is a
run's start, shift or repeat: any of those and it is folded again from the whole log. An event dated at
or after `through` (today's check-in) leaves it standing: only the days from `through` are walked.
Keeping it is a cache write, not a record: it never makes a backup and no hub hears of it.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
from contextlib import suppress
from datetime import date
from typing import Any

from cadence import __version__
from cadence.core import folds as core
from cadence.core.calendar import Schedule
from cadence.core.status import Ledger, Result, week_reach
from cadence.core.streaks import Streak, settled_before
from cadence.core.tally import Effort, Tally
from cadence.store.log import Store, StoreError

STALE_DAYS = 28
"""A fold this far behind the settled days is folded on from the whole log (and kept) rather than walked."""
_MODULES = ("calendar", "status", "streaks", "comeback", "folds", "tally")


def stamp() -> str:
    """This cadence, as far as a fold depends on it: its version and the modules that fold."""
    here = os.path.dirname(core.__file__)
    found = [__version__]
    for name in _MODULES:
        with suppress(OSError):
            info = os.stat(os.path.join(here, f"{name}.py"))
            found.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return " ".join(found)


def key(schedule: Schedule, plan_text: str) -> str:
    layout = [schedule.start.isoformat(), schedule.tracking.isoformat()]
    layout += [f"{a.kind}:{a.day.isoformat()}:{a.amount}" for a in schedule.adjustments]
    return "\n".join([stamp(), " ".join(layout), plan_text])


def encode(fold: core.Fold) -> bytes:
    tasks = {task_id: tuple(carry) for task_id, carry in fold.tasks.items()}
    marks = {day.toordinal(): _plain(found) for day, found in fold.marks.items()}
    firsts = {task_id: day.toordinal() for task_id, day in fold.firsts.items()}
    state: Any = (
        (fold.through.toordinal(), tuple(fold.overall), fold.comebacks, fold.after_miss, tasks, fold.weeks),
        (_plain(fold.tally), marks, firsts, fold.read, fold.counted),
    )
    return marshal.dumps(state)


def decode(data: bytes) -> core.Fold:
    (through, overall, made, after_miss, tasks, weeks), (done, marks, firsts, read, counted) = marshal.loads(data)
    carries = {task_id: core.TaskCarry(*carry) for task_id, carry in tasks.items()}
    return core.Fold(
        date.fromordinal(through),
        Streak(*overall),
        made,
        after_miss,
        carries,
        weeks,
        _tally(done),
        {date.fromordinal(day): _tally(found) for day, found in marks.items()},
        {task_id: date.fromordinal(day) for task_id, day in firsts.items()},
        read,
        counted,
    )


def _plain(found: Tally) -> tuple[object, ...]:
    """A Tally as values `marshal` takes: days as ordinals."""
    results = {
        task: {metric: (amount, day.toordinal()) for metric, (amount, day) in metrics.items()}
        for task, metrics in found.results.items()
    }
    return (
        found.through.toordinal(),
        {task_id: tuple(effort) for task_id, effort in found.efforts.items()},
        results,
        found.metrics,
        tuple((day.toordinal(), task, text) for day, task, text in found.notes),
        tuple((r.metric, r.amount, r.day.toordinal(), r.task) for r in found.readings),
    )


def _tally(plain: tuple[Any, ...]) -> Tally:
    through, efforts, results, metrics, notes, readings = plain
    return Tally(
        date.fromordinal(through),
        {task_id: Effort(*effort) for task_id, effort in efforts.items()},
        {
            task: {metric: (amount, date.fromordinal(day)) for metric, (amount, day) in found.items()}
            for task, found in results.items()
        },
        metrics,
        tuple((date.fromordinal(day), task, text) for day, task, text in notes),
        tuple(Result(metric, amount, date.fromordinal(day), task) for metric, amount, day, task in readings),
    )


def changed_since(store: Store, last_event: int, through: date) -> bool:
    """Whether an event after `last_event` could change a day before `through`."""
    found = store.connection.execute(
        "SELECT EXISTS (SELECT 1 FROM events WHERE id > ? AND (day IS NULL OR day < ? OR target_batch IS NOT NULL"
        " OR kind NOT IN ('checkin', 'skip', 'result', 'reading', 'rating')))",
        (last_event, through.isoformat()),
    ).fetchone()[0]
    return bool(found)


def kept(store: Store, run: int, wanted: str, settled: date) -> core.Fold | None:
    row = store.connection.execute("SELECT key, last_event, through, state FROM folds WHERE run = ?", (run,)).fetchone()
    if row is None or row[0] != wanted:
        return None
    through = date.fromisoformat(row[2])
    if through > settled or changed_since(store, row[1], through):
        return None
    try:
        return decode(row[3])
    except (ValueError, TypeError, EOFError):
        return None


def keep(store: Store, run: int, wanted: str, last_event: int, fold: core.Fold) -> None:
    """Keep the fold; a store that cannot take it (read-only, busy) is no error."""
    before = store.connection.total_changes
    with suppress(StoreError, sqlite3.Error), store.write() as db:
        db.execute(
            "INSERT OR REPLACE INTO folds (run, key, last_event, through, state) VALUES (?, ?, ?, ?, ?)",
            (run, wanted, last_event, fold.through.isoformat(), encode(fold)),
        )
    store.cached += store.connection.total_changes - before


def settled(
    store: Store, schedule: Schedule, plan_text: str, run: int | None, today: date, whole: bool, weeks: bool = False
) -> tuple[core.Fold, Ledger]:
    """The run's settled past and the ledger to walk the rest with: all of the run's, when `whole`; with
    `weeks`, from the first week the fold left open (the whole review's `core.open_from`).

    A kept fold is carried on to the days settled since, and kept again, whenever the whole ledger is read.
    """
    reach = max(schedule.start, week_reach(schedule, today))
    if run is None:
        return core.EMPTY, store.ledger(schedule.start, reach, run)
    settled_at = max(settled_before(schedule, today), schedule.start)
    wanted = key(schedule, plan_text)
    last_event = int(store.connection.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])
    fold = kept(store, run, wanted, settled_at)
    if fold is not None and not whole and (settled_at - fold.through).days <= STALE_DAYS:
        first = core.open_from(schedule, fold, today) if weeks else fold.through
        return fold, store.ledger(first, reach, run)
    ledger = store.ledger(schedule.start, reach, run)
    if fold is None or fold.through < settled_at:
        fold = core.advance(schedule, ledger, today, settled_at, fold or core.EMPTY)
        keep(store, run, wanted, last_event, fold)
    return fold, ledger
