"""The runs in the log: every run, a plan's current one, the history from before runs, a run's adjustments,
records and earliest check-in, answered from the log's indexes; and a plan's first run, begun once.

A run is shifted or repeated through the write path, which appends its events;
only its beginning on first use is here, because two processes must not both
begin it (`begin_run` decides inside the write lock).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cadence.store.events import LIVE, RECORDS, NewEvent
from cadence.store.ids import IN_ORDER
from cadence.store.log import Store, insert_batch

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from cadence.named import NamedTuple


class RunRecord(NamedTuple):
    """A run as its latest live start event defines it."""

    number: int
    plan: str
    start: date
    """The first day of week 1."""
    tracking: date
    """The day tracking began (a forced earlier check-in moves it back: see `tracking_from`)."""
    path: str | None
    """The plan file it was started from, when known."""
    recorded: str
    begun: float | None = None
    """When a first use began it, by the plan's clock (seconds since the epoch): nothing before was missed."""


class Legacy(NamedTuple):
    """History from before runs: events of run 0 that no plan has taken yet."""

    first_day: date
    events: int


def runs(store: Store) -> list[RunRecord]:
    """Every run, by number; each as its latest live start event says."""
    rows = store.connection.execute(
        f"SELECT run, plan, day, until, note, recorded, amount FROM events WHERE kind = 'start' AND {LIVE} {IN_ORDER}"
    ).fetchall()
    found: dict[int, RunRecord] = {}
    for number, plan, start, tracking, path, recorded, begun in rows:
        found[number] = RunRecord(
            number, plan, date.fromisoformat(start), date.fromisoformat(tracking), path, recorded, begun
        )
    return [found[number] for number in sorted(found)]


def current_run(store: Store, plan: str) -> RunRecord | None:
    """The latest run of a plan, by its name."""
    mine = [run for run in runs(store) if run.plan == plan]
    return mine[-1] if mine else None


def legacy(store: Store) -> Legacy | None:
    """The history from before runs, while no plan has taken it."""
    taken = store.connection.execute(
        f"SELECT 1 FROM events WHERE run = 0 AND kind = 'start' AND {LIVE} LIMIT 1"
    ).fetchone()
    if taken:
        return None
    row = store.connection.execute(
        f"SELECT MIN(day), COUNT(*) FROM events WHERE run = 0 AND {RECORDS} AND {LIVE}"
    ).fetchone()
    return Legacy(date.fromisoformat(row[0]), int(row[1])) if row[1] else None


def next_run(store: Store) -> int:
    return int(store.connection.execute("SELECT COALESCE(MAX(run), 0) + 1 FROM events").fetchone()[0])


def has_records(store: Store, run: int) -> bool:
    """Whether a run holds anything besides its start: check-ins, skips, results, shifts or repeats."""
    row = store.connection.execute(
        f"SELECT 1 FROM events WHERE run = ? AND kind != 'start' AND {LIVE} LIMIT 1", (run,)
    ).fetchone()
    return row is not None


def adjustments(store: Store, run: int) -> list[tuple[str, date, int]]:
    """A run's live shifts and repeats, in the order they were made: (kind, day, amount)."""
    rows = store.connection.execute(
        f"SELECT kind, day, amount FROM events WHERE run = ? AND kind IN ('shift', 'repeat') AND {LIVE} {IN_ORDER}",
        (run,),
    ).fetchall()
    return [(kind, date.fromisoformat(day), int(amount)) for kind, day, amount in rows]


def last_record_day(store: Store, run: int) -> date | None:
    """The latest day a run's check-ins or skips are for (a skip's last day, for a span)."""
    row = store.connection.execute(
        f"SELECT MAX(COALESCE(until, day)) FROM events WHERE run = ? AND kind IN ('checkin', 'skip') AND {LIVE}",
        (run,),
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def earliest_check_in(store: Store, run: int) -> date | None:
    row = store.connection.execute(
        f"SELECT MIN(day) FROM events WHERE run = ? AND kind = 'checkin' AND {LIVE}", (run,)
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def plan_starts(store: Store) -> list[tuple[str, str, str]]:
    """The first days of floating plans as cadence recorded them before runs existed: (plan, start, recorded)."""
    return [
        tuple(row) for row in store.connection.execute("SELECT plan, start, recorded FROM plan_start ORDER BY plan")
    ]


def begin_run(
    store: Store,
    plan: str,
    make: Callable[[Legacy | None], tuple[int | None, date, date, str | None]],
    source: str,
    begun: float | None = None,
) -> RunRecord:
    """The current run of a plan, begun by `make` when it has none, in one write transaction.

    `make(legacy)` returns (number or None for the next free one, start, tracking, plan path).
    Taken inside the lock, so two processes on a first use begin one run.
    """
    found = current_run(store, plan)
    if found is not None:
        return found
    with store.write() as db:
        found = current_run(store, plan)
        if found is None:
            number, start, tracking, path = make(legacy(store))
            if number is None:
                number = next_run(store)
            insert_batch(
                db, [NewEvent("start", None, start, tracking, amount=begun, note=path, run=number, plan=plan)], source
            )
            found = current_run(store, plan)
    assert found is not None
    return found
