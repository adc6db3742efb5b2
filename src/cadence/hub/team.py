"""A coach's view of the hub: each member's events pulled, read-only, into a store of their own.

A coach's role reads every member and writes none (PostgreSQL enforces it).
For each member the events are synced into a temporary store by the sync a
member's own machine runs, from a hub in memory holding what the coach read
(`hub.memory`); the member's plan is the text their machine last sent, and the
numbers come from the same review and streaks a home shows: nothing here
counts a second way. Nothing is written to the hub or kept after.

From hub version 4 `team` reads each member's rollup (`hub.rollup`), kept by the
member's own sync, and counts from events only the members whose rollup is
missing or not today's.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import psycopg

from cadence.errors import UserError
from cadence.hub import postgres
from cadence.hub.config import SyncConfig
from cadence.hub.memory import MemoryHub
from cadence.hub.postgres import LIVE_VERSION
from cadence.hub.rollup import MemberSummary, counted, from_text, member_run, member_today
from cadence.hub.rollup import member_plan as plan_of
from cadence.hub.sync import sync
from cadence.plan import LoadedPlan
from cadence.printable import one_line, pad, width
from cadence.store import Store
from cadence.store.sync import HUB_COLUMNS, HubEvent

__all__ = ["member_run", "member_today"]  # for `review --member`, beside what is defined here

TEAM_KEY = "coach"
"""How a member's temporary store names the hub it was filled from."""


class MemberLog(NamedTuple):
    member: str
    events: list[HubEvent]
    plans: dict[str, str]
    """The texts of the member's plans, by plan name, as their machines last sent them."""


def _coach_row(db: psycopg.Connection[Any], config: SyncConfig) -> postgres.HubRow:
    row = postgres.hub_row(db, config)
    if not row.coach:
        raise UserError(
            f"{config.member} is not a coach of the hub {config.key}: 'team' and 'review --member' need"
            " a coach's URL in [sync] url (the hub's owner makes one with 'cadence hub add-coach NAME')"
        )
    return row


def fetch(config: SyncConfig, member: str | list[str] | None = None) -> list[MemberLog]:
    """Every member's events and plans (or one member's, or some), in the hub's order; a coach's connection only."""
    with postgres.connect(config) as db:
        _coach_row(db, config)
        names = [name for (name,) in db.execute("SELECT name FROM cadence.members WHERE kind = 'member' ORDER BY name")]
        if isinstance(member, str) and member not in names:
            listed = ", ".join(names) or "none yet"
            raise UserError(f"no member '{member}' on the hub {config.key}; its members: {listed}")
        wanted = [member] if isinstance(member, str) else names if member is None else member
        logs = {name: MemberLog(name, [], {}) for name in wanted}
        rows = db.execute(
            f"SELECT member, {', '.join(HUB_COLUMNS)}, seq FROM cadence.events WHERE member = ANY(%s) ORDER BY seq",
            (wanted,),
        )
        for found in rows:
            logs[found[0]].events.append(HubEvent(*found[1:]))
        for name, plan, text in db.execute(
            "SELECT member, name, text FROM cadence.plans WHERE member = ANY(%s)", (wanted,)
        ):
            logs[name].plans[plan] = text
    return [logs[name] for name in wanted]


@contextmanager
def member_store(log: MemberLog) -> Iterator[Store]:
    """A temporary store holding one member's log, synced as their own machines sync it."""
    with tempfile.TemporaryDirectory(prefix="cadence-member-") as folder:
        store = Store.open(Path(folder))
        assert store is not None
        try:
            sync(store, MemoryHub(log.events), TEAM_KEY)
            yield store
        finally:
            store.close()


def member_plan(store: Store, log: MemberLog) -> LoadedPlan:
    """The plan of the run the member began last, from the text their machine sent."""
    return plan_of(store, log.member, log.plans)


def summary(log: MemberLog, env: Mapping[str, str]) -> MemberSummary:
    """A member's numbers counted from their events, as their own machine counts its rollup."""
    with member_store(log) as store:
        return counted(log.member, store, log.plans, env).summary


def team(config: SyncConfig, env: Mapping[str, str]) -> list[MemberSummary]:
    """Every member's numbers: from the rollups their syncs keep, and counted from the events only for the members
    whose rollup is missing or from an earlier day (a hub before version 4: every member)."""
    with postgres.connect(config) as db:
        row = _coach_row(db, config)
        if row.version < LIVE_VERSION:
            return [summary(log, env) for log in fetch(config)]
        found = db.execute(
            "SELECT m.name, r.summary, r.last_recorded FROM cadence.members m"
            " LEFT JOIN cadence.rollups r ON r.member = m.name WHERE m.kind = 'member' ORDER BY m.name"
        ).fetchall()
    summaries = {name: from_text(text, name, last, env) for name, text, last in found}
    stale = [name for name, kept in summaries.items() if kept is None]
    if stale:
        for log in fetch(config, stale):
            summaries[log.member] = summary(log, env)
    return [kept for kept in summaries.values() if kept is not None]


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def team_text(key: str, summaries: Sequence[MemberSummary]) -> str:
    if not summaries:
        return f"The hub {key} has no members yet; its owner adds them with 'cadence hub add-member NAME'."
    rows = [("member", "plan", "week", "this week", "so far", "streak", "goals on pace")]
    notes = []
    for s in summaries:
        if s.problem is not None:
            rows.append((s.member, "-", "-", "-", "-", "-", "-"))
            notes.append(f"  {s.member}: {s.problem}")
            continue
        goals = f"{s.goals_on_pace}/{s.goals}" if s.goals else "-"
        rows.append(
            (
                s.member,
                s.plan or "-",
                str(s.week) if s.week is not None else "-",
                percent(s.adherence_week),
                percent(s.adherence),
                str(s.streak),
                goals,
            )
        )
    shown = [[one_line(cell) for cell in row] for row in rows]
    widths = [max(width(row[i]) for row in shown) for i in range(len(shown[0]))]
    lines = [f"Team on {key}"]
    lines += [
        "  ".join(pad(cell, columns) for cell, columns in zip(row, widths, strict=True)).rstrip() for row in shown
    ]
    return "\n".join(lines + notes)


def team_json(summaries: Sequence[MemberSummary]) -> list[dict[str, object]]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return [
        {
            "member": s.member,
            "plan": s.plan,
            "week": s.week,
            "adherence_this_week": rounded(s.adherence_week),
            "adherence": rounded(s.adherence),
            "streak": s.streak,
            "goals_on_pace": s.goals_on_pace,
            "goals": s.goals,
            "last_recorded": s.last_recorded,
            "problem": s.problem,
        }
        for s in summaries
    ]
