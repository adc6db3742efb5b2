"""One sync of a home with a hub, written once against the `Hub` protocol: push what the hub lacks, pull what
the member wrote elsewhere.

A `Hub` is four calls, as taskchampion's `Server` trait is: its identity, the
member's rows after a mark, the events it lacks, and the plan's text for the
coach. They are made inside one transaction of the hub's (`with hub`), which
the PostgreSQL hub (`hub.postgres.member`) takes under the member's advisory
lock, so that the member's rows are committed in the order of their row
numbers. Only when the hub has committed are the pulled rows added to the
store, with how far the hub got, in one store transaction: the store's merge,
called from here alone. A sync killed or cut off anywhere loses nothing:
before the hub commits, nothing happened; after it, the next sync pulls the
same rows again and pushes nothing twice.

`hub.memory.MemoryHub` is the same protocol in memory: a coach's view syncs
each member's log through it, and the tests run the sync's properties on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import NamedTuple, Protocol

from cadence.plan import PlanError, check_text, read_bytes, read_text
from cadence.store import Store
from cadence.store.sync import HubEvent, merge, outgoing, plan_digest, plan_sent, state


class Hub(Protocol):
    """What a sync needs of a hub, inside one of its transactions: one member's rows, numbered by the hub."""

    def identity(self) -> str | None:
        """The hub's own id: another hub at the same address (set up anew) is synced from scratch."""

    def pull(self, after: int) -> list[HubEvent]:
        """The member's rows after row number `after`, in the order of their numbers."""

    def push(self, events: Sequence[HubEvent]) -> list[int]:
        """Add the events the hub does not hold yet (by global id); the row numbers given to those added."""

    def put_plan(self, name: str, text: str) -> None:
        """Keep the text of the member's plan, for their coach."""

    def put_summary(self, text: str) -> None:
        """Keep the member's summary in their rollup (`hub.rollup`), for their coach's `team`."""


class Synced(NamedTuple):
    sent: int
    received: int


def plan_text(path: Path | None) -> tuple[str, str] | None:
    """The plan's name and text, when the file reads as a usable plan: what a coach's views read."""
    if path is None:
        return None
    try:
        text = read_text(path)  # a regular file, of a plan's size
    except PlanError:
        return None
    plan, _ = check_text(text, str(path), warnings=False)
    return None if plan is None else (plan.name, text)


def sync(
    store: Store,
    hub: AbstractContextManager[Hub],
    key: str,
    plan: Path | None = None,
    summarize: Callable[[Store], str | None] | None = None,
) -> Synced:
    """Push, pull and merge with the hub that `key` names in the store; Unreachable or Refused from the hub
    (nothing lost either way). `hub` is one transaction of it: what is pushed is kept when `with` ends.

    With `summarize`, the pulled rows are merged before the hub commits (they are on the hub already, so
    keeping them is safe; what was sent is marked only after), so that the summary sent in the same
    transaction counts every event the hub holds for the member once it commits."""
    known = state(store, key)
    received = 0
    with hub as member:
        hub_id = member.identity()
        anew = known.hub_id is not None and known.hub_id != hub_id  # set up anew at the same address
        since, cursor = (0, 0) if anew else (known.pushed, known.pulled)
        events, through = outgoing(store, key, since)
        plan_to_send = _plan_to_send(store, key, plan, anew)
        pulled = member.pull(cursor)
        numbers = member.push(events)
        if plan_to_send is not None:
            member.put_plan(*plan_to_send[0])
        cursor = max([cursor, *(row.seq for row in pulled)])
        if summarize is not None:
            received = merge(store, pulled, key, since, cursor, hub_id)
            pulled = []
            summary = summarize(store)
            if summary is not None:
                member.put_summary(summary)
    last = max([cursor, *numbers])
    received += merge(store, pulled, key, through, last, hub_id)
    if plan_to_send is not None:
        plan_sent(store, key, plan_to_send[1])
    return Synced(len(numbers), received)


def _plan_to_send(store: Store, hub: str, path: Path | None, anew: bool) -> tuple[tuple[str, str], str] | None:
    """The plan's (name, text) and its digest, when the hub has not been sent this text yet."""
    if path is None:
        return None
    try:
        raw = read_bytes(path)
    except PlanError:
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if not anew and plan_digest(store, hub) == digest:
        return None
    found = plan_text(path)
    return None if found is None else (found, digest)
