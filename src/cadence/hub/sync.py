"""One sync of a home with its hub: push what the hub lacks, pull what the member wrote elsewhere.

In one hub transaction, under the member's advisory lock (so the hub's rows of
one member are committed in the order of their row numbers): read the
member's rows after the last one seen, insert this home's new events (a row
already there is left alone: the union is by id), and keep the plan's text
for the coach. Only then are the pulled rows added to the store, with how far
the hub got, in one store transaction. A sync killed or cut off anywhere
loses nothing: before the hub commits, nothing happened; after it, the next
sync pulls the same rows again and pushes nothing twice.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from cadence.hub import postgres
from cadence.hub.config import SyncConfig
from cadence.plan import check_text
from cadence.record import merge
from cadence.store import Store
from cadence.store import sync as ledger
from cadence.store.sync import HUB_COLUMNS, HubEvent

_TYPES = {
    "uid": "bigint",
    "batch_uid": "bigint",
    "target_uid": "bigint",
    "lamport": "bigint",
    "amount": "float8",
    "run": "integer",
    "run_pass": "integer",
}
_ARRAYS = ", ".join("%s::" + _TYPES.get(column, "text") + "[]" for column in HUB_COLUMNS)
_INSERT = (
    f"INSERT INTO cadence.events ({', '.join(HUB_COLUMNS)}) SELECT * FROM unnest({_ARRAYS})"
    " ON CONFLICT (member, uid) DO NOTHING RETURNING seq"
)
_PULL = (
    f"SELECT {', '.join(HUB_COLUMNS)}, seq FROM cadence.events WHERE member = current_user AND seq > %s ORDER BY seq"
)
CHUNK = 5000


class Synced(NamedTuple):
    sent: int
    received: int


def plan_text(path: Path | None) -> tuple[str, str] | None:
    """The plan's name and text, when the file reads as a usable plan: what a coach's views read."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    plan, _ = check_text(text, str(path), warnings=False)
    return None if plan is None else (plan.name, text)


def sync(store: Store, config: SyncConfig, plan: Path | None = None) -> Synced:
    """Push, pull and merge; Unreachable or Refused (nothing lost either way)."""
    known = ledger.state(store, config.key)
    with postgres.connect(config) as db:
        db.execute("SELECT pg_advisory_xact_lock(hashtextextended('cadence:' || current_user, 0))")
        found = db.execute("SELECT id FROM cadence.hub").fetchone()
        hub_id = None if found is None else str(found[0])
        anew = known.hub_id is not None and known.hub_id != hub_id  # set up anew at the same address
        since, cursor = (0, 0) if anew else (known.pushed, known.pulled)
        events, through = ledger.outgoing(store, config.key, since)
        sent_plan = _plan_to_send(store, config.key, plan, anew)
        last = cursor
        rows = db.execute(_PULL, (cursor,)).fetchall()
        pulled = [HubEvent(*row) for row in rows]
        if pulled:
            last = max(last, pulled[-1].seq)
        sent = 0
        for first in range(0, len(events), CHUNK):
            chunk = events[first : first + CHUNK]
            columns = [list(values) for values in zip(*chunk, strict=True)][: len(HUB_COLUMNS)]
            cursor_ = db.execute(_INSERT, columns)
            seqs = [row[0] for row in cursor_.fetchall()]
            sent += len(seqs)
            if seqs:
                last = max(last, *seqs)
        if sent_plan is not None:
            name, text = sent_plan[0]
            db.execute(
                "INSERT INTO cadence.plans (name, text) VALUES (%s, %s) ON CONFLICT (member, name)"
                " DO UPDATE SET text = excluded.text, updated = now()",
                (name, text),
            )
    received = merge.receive(store, pulled, config.key, through, last, hub_id)
    if sent_plan is not None:
        ledger.plan_sent(store, config.key, sent_plan[1])
    return Synced(sent, received)


def _plan_to_send(store: Store, hub: str, path: Path | None, anew: bool) -> tuple[tuple[str, str], str] | None:
    """The plan's (name, text) and its digest, when the hub has not been sent this text yet."""
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if not anew and ledger.plan_digest(store, hub) == digest:
        return None
    found = plan_text(path)
    return None if found is None else (found, digest)
