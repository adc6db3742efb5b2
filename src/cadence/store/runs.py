"""The runs' questions, answered from the log's indexes: every run, a plan's current one, the history from
before runs, and a run's adjustments, records and earliest check-in. Only reads: a run is begun, shifted or
repeated through the write path, which appends its events."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import NamedTuple

from cadence.store.ids import IN_ORDER

LIVE = "kind != 'undo' AND batch NOT IN (SELECT target_batch FROM events WHERE kind = 'undo')"
"""Events that count: not an undo, and not in a batch that was undone."""
RECORDS = "kind IN ('checkin', 'skip', 'result', 'reading')"
"""What a person recorded, as opposed to how a run is laid out."""


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


class RunQueries:
    """What a Store answers about runs, and about the kinds of the metrics logged."""

    connection: sqlite3.Connection

    def runs(self) -> list[RunRecord]:
        """Every run, by number; each as its latest live start event says."""
        rows = self.connection.execute(
            f"SELECT run, plan, day, until, note, recorded, amount FROM events WHERE kind = 'start' AND {LIVE}"
            f" {IN_ORDER}"
        ).fetchall()
        found: dict[int, RunRecord] = {}
        for number, plan, start, tracking, path, recorded, begun in rows:
            found[number] = RunRecord(
                number, plan, date.fromisoformat(start), date.fromisoformat(tracking), path, recorded, begun
            )
        return [found[number] for number in sorted(found)]

    def current_run(self, plan: str) -> RunRecord | None:
        """The latest run of a plan, by its name."""
        mine = [run for run in self.runs() if run.plan == plan]
        return mine[-1] if mine else None

    def legacy(self) -> Legacy | None:
        """The history from before runs, while no plan has taken it."""
        taken = self.connection.execute(
            f"SELECT 1 FROM events WHERE run = 0 AND kind = 'start' AND {LIVE} LIMIT 1"
        ).fetchone()
        if taken:
            return None
        row = self.connection.execute(
            f"SELECT MIN(day), COUNT(*) FROM events WHERE run = 0 AND {RECORDS} AND {LIVE}"
        ).fetchone()
        return Legacy(date.fromisoformat(row[0]), int(row[1])) if row[1] else None

    def next_run(self) -> int:
        return int(self.connection.execute("SELECT COALESCE(MAX(run), 0) + 1 FROM events").fetchone()[0])

    def has_records(self, run: int) -> bool:
        """Whether a run holds anything besides its start: check-ins, skips, results, shifts or repeats."""
        row = self.connection.execute(
            f"SELECT 1 FROM events WHERE run = ? AND kind != 'start' AND {LIVE} LIMIT 1", (run,)
        ).fetchone()
        return row is not None

    def adjustments(self, run: int) -> list[tuple[str, date, int]]:
        """A run's live shifts and repeats, in the order they were made: (kind, day, amount)."""
        rows = self.connection.execute(
            f"SELECT kind, day, amount FROM events WHERE run = ? AND kind IN ('shift', 'repeat') AND {LIVE} {IN_ORDER}",
            (run,),
        ).fetchall()
        return [(kind, date.fromisoformat(day), int(amount)) for kind, day, amount in rows]

    def last_record_day(self, run: int) -> date | None:
        """The latest day a run's check-ins or skips are for (a skip's last day, for a span)."""
        row = self.connection.execute(
            f"SELECT MAX(COALESCE(until, day)) FROM events WHERE run = ? AND kind IN ('checkin', 'skip') AND {LIVE}",
            (run,),
        ).fetchone()
        return date.fromisoformat(row[0]) if row[0] else None

    def earliest_check_in(self, run: int) -> date | None:
        row = self.connection.execute(
            f"SELECT MIN(day) FROM events WHERE run = ? AND kind = 'checkin' AND {LIVE}", (run,)
        ).fetchone()
        return date.fromisoformat(row[0]) if row[0] else None

    def metric_kinds(self) -> dict[str, str]:
        """Each metric logged in this home: 'level' once it has a live reading, else 'count'."""
        rows = self.connection.execute(
            f"SELECT metric, MAX(kind = 'reading') FROM events WHERE kind IN ('result', 'reading') AND {LIVE}"
            " GROUP BY metric"
        ).fetchall()
        return {metric: "level" if reading else "count" for metric, reading in rows}
