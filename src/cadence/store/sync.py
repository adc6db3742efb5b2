"""What syncing with a hub needs of the store: this home's machine, how far each hub got, the merge.

- Every event has a global id (`uid`), the machine it came from (`origin`) and
  a Lamport number (`store.ids`); merging two logs is the union by id, and
  `ORDER BY lamport, uid` orders the union the same way on every machine. A hub
  is sent each event with its batch's global id (the uid of the batch's first
  event) and, for an undo, the global id of the batch it reverses.
- A hub is known by a key (`member@host:port/database`, never a password). For
  each, `sync_state` keeps `pushed` (every event with a local id up to it is on
  the hub or came from it), `pulled` (the hub's last row seen), the last outcome
  and whether the person was told of it.
- Runs travel by name: a local run is sent as (its plan, which pass through that
  plan it is), and a pulled one is taken as this home's run of that plan and pass,
  or a new run. Local run numbers stay this home's own.
- Pulled batches get local batch numbers and are listed in `received`: undo
  reverses this home's own changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from cadence.store.events import COLUMNS, LIVE
from cadence.store.ids import machine_id, machine_number, next_batch, selected
from cadence.store.log import Store


class HubEvent(NamedTuple):
    """An event as a hub holds it: global ids, and its run by plan and pass instead of a local number."""

    uid: int
    origin: str
    batch_uid: int
    lamport: int
    recorded: str
    kind: str
    task: str | None
    day: str | None
    until: str | None
    metric: str | None
    amount: float | None
    note: str | None
    target_uid: int | None
    source: str
    plan: str | None
    run: int | None
    """The run's number where it was written (kept for the history from before runs, run 0)."""
    run_plan: str | None
    run_pass: int | None
    seq: int = 0
    """The hub's row number (0 before it reaches the hub)."""


HUB_COLUMNS = HubEvent._fields[:-1]
"""The columns a hub stores as sent (its row number is its own)."""


class SyncState(NamedTuple):
    pushed: int
    pulled: int
    outcome: str
    """'ok', 'unreachable' or 'refused: WHY'."""
    told: bool
    hub_id: str | None = None
    """The hub's own id when last synced: another hub at the same address (set up anew) is synced from scratch."""


def machine(store: Store) -> str:
    return machine_id(store.connection)


def state(store: Store, hub: str) -> SyncState:
    row = store.connection.execute(
        "SELECT pushed, pulled, outcome, told, hub_id FROM sync_state WHERE hub = ?", (hub,)
    ).fetchone()
    if row is None:
        return SyncState(0, 0, "ok", False)
    return SyncState(int(row[0]), int(row[1]), str(row[2]), bool(row[3]), row[4])


def waiting(store: Store, hub: str) -> int:
    """How many of this home's events the hub has not been sent."""
    pushed = state(store, hub).pushed
    row = store.connection.execute(
        "SELECT COUNT(*) FROM events WHERE id > ? AND batch NOT IN (SELECT batch FROM received)", (pushed,)
    ).fetchone()
    return int(row[0])


def run_names(connection: sqlite3.Connection) -> dict[int, tuple[str | None, int]]:
    """Each local run as (its plan, its pass through that plan: 1, 2, ...), by the plan of its first start."""
    rows = connection.execute(
        "SELECT run, plan, MIN(id) FROM events WHERE kind = 'start' AND run IS NOT NULL GROUP BY run ORDER BY run"
    ).fetchall()
    passes: dict[str, int] = {}
    names: dict[int, tuple[str | None, int]] = {}
    for run, plan, _ in rows:
        passes[plan] = passes.get(plan, 0) + 1
        names[int(run)] = (plan, passes[plan])
    return names


def outgoing(store: Store, hub: str, since: int | None = None) -> tuple[list[HubEvent], int]:
    """This home's events that the hub has not been sent (after local id `since`, when given), in local order,
    and the local id they reach."""
    pushed = state(store, hub).pushed if since is None else since
    first = "SELECT f.uid FROM events f WHERE f.batch = {} ORDER BY f.id LIMIT 1"
    rows = store.connection.execute(
        f"SELECT {selected(COLUMNS)}, ({first.format('events.batch')}),"
        f" CASE WHEN events.kind = 'undo' THEN ({first.format('events.target_batch')}) END,"
        " events.batch IN (SELECT batch FROM received) FROM events WHERE events.id > ? ORDER BY events.id",
        (pushed,),
    ).fetchall()
    names = run_names(store.connection)
    events = []
    through = pushed
    for row in rows:
        event = dict(zip(COLUMNS, row, strict=False))
        event["batch_uid"], event["target_uid"] = row[-3], row[-2]
        through = int(event["id"])
        if row[-1]:  # pulled from a hub: it is there already
            continue
        run = event["run"]
        plan, number = names.get(run, (None, run)) if run is not None else (None, None)
        fields = {column: event[column] for column in HUB_COLUMNS[:-3]}
        events.append(HubEvent(**fields, run=run, run_plan=plan, run_pass=number))
    return events, through


def merge(
    store: Store,
    pulled: Sequence[HubEvent],
    hub: str,
    pushed: int | None,
    pulled_through: int,
    hub_id: str | None = None,
) -> int:
    """Add the pulled events this home lacks, and how far the hub was synced, in one transaction.

    With a `hub_id` other than the one last synced (the hub was set up anew), the marks are set, not raised.

    A sync cut off before this commits leaves nothing of itself; the next one pulls again. Each pulled
    batch becomes one local batch; an undo's target is found by its batch's global id. Returns how many
    events were added.
    """
    added = 0
    with store.write() as db:
        known = _known(db, [event.uid for event in pulled])
        runs = _Runs(db)
        batch, _ = next_batch(db)
        origins = {origin: machine_number(db, origin) for origin in {event.origin for event in pulled}}
        for group in _batches(pulled):
            fresh = [event for event in group if event.uid not in known]
            if not fresh:
                continue
            rows = []
            for event in fresh:
                undo = event.kind == "undo"
                rows.append(
                    (
                        batch,
                        event.recorded,
                        event.kind,
                        event.task,
                        event.day,
                        event.until,
                        event.metric,
                        event.amount,
                        event.note,
                        _target(db, event.target_uid) if undo else None,
                        event.source,
                        None if undo else runs.local(event),
                        event.plan,
                        event.uid,
                        origins[event.origin],
                        event.lamport,
                    )
                )
                known.add(event.uid)
            marks = ", ".join("?" * len(COLUMNS[1:]))
            db.executemany(f"INSERT INTO events ({', '.join(COLUMNS[1:])}) VALUES ({marks})", rows)
            db.execute("INSERT INTO received (batch) VALUES (?)", (batch,))
            batch += 1
            added += len(fresh)
        db.execute(
            "INSERT INTO sync_state (hub, pushed, pulled, hub_id) VALUES (?, ?, ?, ?) ON CONFLICT (hub) DO UPDATE SET"
            " pushed = CASE WHEN hub_id IS excluded.hub_id THEN MAX(pushed, excluded.pushed) ELSE excluded.pushed END,"
            " pulled = CASE WHEN hub_id IS excluded.hub_id THEN MAX(pulled, excluded.pulled) ELSE excluded.pulled END,"
            " plan_sent = CASE WHEN hub_id IS excluded.hub_id THEN plan_sent END,"
            " hub_id = excluded.hub_id",
            (hub, pushed or 0, pulled_through, hub_id),
        )
    return added


def record_outcome(store: Store, hub: str, outcome: str) -> SyncState:
    """The outcome of a sync attempt; a new trouble is to be told again (`told` false)."""
    with store.write() as db:
        db.execute(
            "INSERT INTO sync_state (hub, outcome, tried) VALUES (?, ?, ?) ON CONFLICT (hub) DO UPDATE SET"
            " told = CASE WHEN outcome = excluded.outcome THEN told ELSE 0 END,"
            " outcome = excluded.outcome, tried = excluded.tried",
            (hub, outcome, datetime.now(UTC).isoformat(timespec="seconds")),
        )
    return state(store, hub)


def mark_told(store: Store, hub: str) -> None:
    with store.write() as db:
        db.execute("UPDATE sync_state SET told = 1 WHERE hub = ?", (hub,))


def plan_digest(store: Store, hub: str) -> str | None:
    """The digest of the plan text last sent to a hub (so an unchanged plan is not sent again)."""
    row = store.connection.execute("SELECT plan_sent FROM sync_state WHERE hub = ?", (hub,)).fetchone()
    return None if row is None else row[0]


def plan_sent(store: Store, hub: str, digest: str) -> None:
    with store.write() as db:
        db.execute(
            "INSERT INTO sync_state (hub, plan_sent) VALUES (?, ?) ON CONFLICT (hub) DO UPDATE SET"
            " plan_sent = excluded.plan_sent",
            (hub, digest),
        )


def current_plan(store: Store) -> str | None:
    """The plan of the run begun last, by the log's order: what a member is living now."""
    row = store.connection.execute(
        f"SELECT plan FROM events WHERE kind = 'start' AND {LIVE} ORDER BY +lamport DESC, uid DESC LIMIT 1"
    ).fetchone()
    return None if row is None else str(row[0])


# --------------------------------------------------------------------------- the merge's parts


def _known(db: sqlite3.Connection, uids: Sequence[int]) -> set[int]:
    found: set[int] = set()
    for first in range(0, len(uids), 500):
        chunk = uids[first : first + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(row[0] for row in db.execute(f"SELECT uid FROM events WHERE uid IN ({marks})", chunk))
    return found


def _batches(events: Iterable[HubEvent]) -> list[list[HubEvent]]:
    """The events grouped by batch, in the order their batches first appear."""
    groups: dict[int, list[HubEvent]] = {}
    for event in events:
        groups.setdefault(event.batch_uid, []).append(event)
    return list(groups.values())


def _target(db: sqlite3.Connection, target_uid: int | None) -> int:
    """The local batch an undo reverses, by the global id of its first event. One this home never had: 0, none."""
    row = None if target_uid is None else db.execute("SELECT batch FROM events WHERE uid = ?", (target_uid,)).fetchone()
    return 0 if row is None else int(row[0])


class _Runs:
    """Pulled runs, by plan and pass, as this home's run numbers; a pass it does not have yet becomes a new run."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.by_plan: dict[str, list[int]] = {}
        for run, (plan, _) in sorted(run_names(db).items()):
            if plan is not None:
                self.by_plan.setdefault(plan, []).append(run)
        self.taken = {run for runs in self.by_plan.values() for run in runs}
        self.next = int(db.execute("SELECT COALESCE(MAX(run), 0) + 1 FROM events").fetchone()[0])

    def local(self, event: HubEvent) -> int | None:
        if event.run_plan is None or event.run_pass is None:  # the history from before runs: run 0
            return event.run
        runs = self.by_plan.setdefault(event.run_plan, [])
        if len(runs) >= event.run_pass:
            return runs[event.run_pass - 1]
        if event.run == 0 and not runs and 0 not in self.taken:
            number = 0  # the history from before runs, taken by this plan where it was written
        else:
            number = self.next
            self.next += 1
        runs.append(number)
        self.taken.add(number)
        return number
