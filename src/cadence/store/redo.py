"""Redo: the last step undone, applied again as new events. The log is append-only: a redo deletes nothing.

A home's steps are an editor's history, read from the log newest first:

- a write (a check-in, a skip, results, a start, a shift, a repeated week) is a step;
- an undo takes back the latest step still standing (`Store.undo`) and puts it on the redo chain;
- a redo appends a copy of the chain's latest step as a new batch, whose events name in `target_batch`
  the batch they apply again (an undo's events name there the batch it takes back); it leaves the chain;
- a new write ends the chain, as editors do: what was undone before it can no longer be redone, since
  applying it again over later work would mix two histories.

Like undo, a redo keeps to one run when given one, and to this home's own steps: a run's start on first use
and a batch pulled from a hub are not steps here (undo leaves them to the machine that wrote them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from cadence.store.events import AUTO, COLUMNS, Event
from cadence.store.ids import HERE, machine_id, new_uid, next_batch, selected
from cadence.store.log import Store

_STEPS = (
    "SELECT e.batch, e.kind, e.target_batch,"
    " CASE WHEN e.kind = 'undo' THEN (SELECT t.run FROM events t WHERE t.batch = e.target_batch LIMIT 1)"
    " ELSE e.run END"
    f" FROM events e WHERE e.source != '{AUTO}' AND e.batch NOT IN (SELECT batch FROM received)"
    " ORDER BY e.id DESC"
)


def redoable(db: sqlite3.Connection, run: int | None = None) -> int | None:
    """The batch a redo would apply again, or None when the chain is empty (nothing undone since the
    last write)."""
    redone = 0  # redos met, newest first: each used up the undo before it
    seen: int | None = None
    for batch, kind, target, of_run in db.execute(_STEPS):
        if batch == seen:
            continue  # the rest of a batch already read
        seen = batch
        if run is not None and of_run != run:
            continue
        if kind == "undo":
            if not redone:
                return int(target)
            redone -= 1
        elif target is not None:  # a redo
            redone += 1
        else:
            return None  # a new write: the chain ended here
    return None


def redo(
    store: Store, source: str = "cli", run: int | None = None, then: Callable[[list[Event]], None] | None = None
) -> list[Event]:
    """Apply the last undone step again, as a new batch; its events as written (empty: nothing to redo).
    `then` runs with them inside the write (a revision writes its plan file again there): if it raises,
    nothing is written."""
    with store.write() as db:
        target = redoable(db, run)
        if target is None:
            return []
        rows = db.execute(f"SELECT {selected(COLUMNS)} FROM events WHERE batch = ? ORDER BY id", (target,)).fetchall()
        batch, lamport = next_batch(db)
        recorded = datetime.now(UTC).isoformat(timespec="seconds")
        added: list[Event] = []
        for row in rows:
            again = Event(*row)._replace(
                batch=batch, recorded=recorded, target_batch=target, source=source, uid=new_uid(), lamport=lamport
            )
            cursor = db.execute(
                "INSERT INTO events (batch, recorded, kind, task, day, until, metric, amount, note, target_batch,"
                " source, run, plan, uid, origin, lamport) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*again[1:14], again.uid, HERE, lamport),
            )
            added.append(again._replace(id=cursor.lastrowid or 0, origin=machine_id(db)))
        if then is not None:
            then(added)
    return added
