"""A hub in memory: the `Hub` of `hub.sync` as a list of one member's rows.

It keeps the hub's rule and nothing else: rows numbered in the order they
arrive, one copy of each global id, the plan's last text by name, and a
transaction (`with hub`) that keeps what was pushed only when it ends without
an error. A coach's view syncs each member's log, as read from PostgreSQL,
into a store of its own through it (`hub.team`), so that a member's events are
merged by the one sync a member's machine runs; the sync's properties are
tested on it, and a contract test holds it to the PostgreSQL hub.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import NamedTuple

from cadence.store.sync import HubEvent


class MemoryHub:
    """One member's rows in memory; `rows` as a hub holds them (each with its number, `seq`)."""

    def __init__(self, rows: Iterable[HubEvent] = (), identity: str | None = None) -> None:
        self.rows = list(rows)
        self.plans: dict[str, str] = {}
        self.summary: str | None = None
        self.rollup = rolled_up(self.rows)
        """(events, last row number, latest `recorded`), kept by each push as the PostgreSQL hub keeps it."""
        self.id = identity if identity is not None else secrets.token_hex(16)
        self._before: tuple[int, dict[str, str], str | None, Rollup] | None = None

    def __enter__(self) -> MemoryHub:
        self._before = (len(self.rows), dict(self.plans), self.summary, self.rollup)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        assert self._before is not None
        if kind is not None:  # rolled back, as PostgreSQL rolls back a transaction cut off
            count, self.plans, self.summary, self.rollup = self._before
            del self.rows[count:]
        self._before = None

    def identity(self) -> str | None:
        return self.id

    def pull(self, after: int) -> list[HubEvent]:
        return [row for row in self.rows if row.seq > after]

    def push(self, events: Sequence[HubEvent]) -> list[int]:
        held = {row.uid for row in self.rows}
        last = max((row.seq for row in self.rows), default=0)
        numbers = []
        for event in events:
            if event.uid in held:
                continue
            last += 1
            self.rows.append(event._replace(seq=last))
            held.add(event.uid)
            numbers.append(last)
            kept = self.rollup
            self.rollup = Rollup(kept.events + 1, last, max(kept.last_recorded or event.recorded, event.recorded))
        return numbers

    def put_plan(self, name: str, text: str) -> None:
        self.plans[name] = text

    def put_summary(self, text: str) -> None:
        self.summary = text


class Rollup(NamedTuple):
    events: int
    last_number: int
    last_recorded: str | None


def rolled_up(rows: Iterable[HubEvent]) -> Rollup:
    """A member's rollup counted by a scan of their rows: what the kept one must always equal."""
    listed = list(rows)
    return Rollup(
        len(listed), max((row.seq for row in listed), default=0), max((row.recorded for row in listed), default=None)
    )
