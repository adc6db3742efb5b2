"""A coach's view of the hub: each member's events pulled, read-only, into a store of their own.

A coach's role reads every member and writes none (PostgreSQL enforces it).
For each member the events are synced into a temporary store by the sync a
member's own machine runs, from a hub in memory holding what the coach read
(`hub.memory`); the member's plan is the text their machine last sent, and the
numbers come from the same review and streaks a home shows: nothing here
counts a second way. Nothing is written to the hub or kept after.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import NamedTuple

from cadence.clock import now, plan_zone
from cadence.core.calendar import Schedule, plan_day
from cadence.core.model import Plan
from cadence.errors import UserError
from cadence.hub import postgres
from cadence.hub.config import SyncConfig
from cadence.hub.memory import MemoryHub
from cadence.hub.sync import sync
from cadence.plan import LoadedPlan, check_text
from cadence.printable import one_line, pad, width
from cadence.record.runs import Lived, peek_run
from cadence.store import Store
from cadence.store.sync import HUB_COLUMNS, HubEvent, current_plan

TEAM_KEY = "coach"
"""How a member's temporary store names the hub it was filled from."""


class MemberLog(NamedTuple):
    member: str
    events: list[HubEvent]
    plans: dict[str, str]
    """The texts of the member's plans, by plan name, as their machines last sent them."""


def fetch(config: SyncConfig, member: str | None = None) -> list[MemberLog]:
    """Every member's events and plans (or one member's), in the hub's order; a coach's connection only."""
    with postgres.connect(config) as db:
        if not postgres.hub_row(db, config).coach:
            raise UserError(
                f"{config.member} is not a coach of the hub {config.key}: 'team' and 'review --member' need"
                " a coach's URL in [sync] url (the hub's owner makes one with 'cadence hub add-coach NAME')"
            )
        names = [name for (name,) in db.execute("SELECT name FROM cadence.members WHERE kind = 'member' ORDER BY name")]
        if member is not None and member not in names:
            listed = ", ".join(names) or "none yet"
            raise UserError(f"no member '{member}' on the hub {config.key}; its members: {listed}")
        wanted = [member] if member is not None else names
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
    name = current_plan(store)
    if name is None:
        raise UserError(f"{log.member} has not synced any events yet")
    text = log.plans.get(name)
    if text is None:
        raise UserError(f"{log.member} lives the plan '{name}', but no machine of theirs has sent its text yet")
    plan, diagnostics = check_text(text, f"{log.member}'s plan", warnings=False)
    if plan is None:
        raise UserError(f"{log.member}'s plan '{name}' has errors: {diagnostics[0].message}")
    return LoadedPlan(plan, [], text)


def member_today(plan: Plan, env: Mapping[str, str]) -> date:
    """The member's plan day now: the coach's clock, in the member's plan's time zone."""
    zone = plan_zone(plan.timezone, env)
    return plan_day(now(env, zone), zone, plan.day_starts)


def member_run(store: Store, plan: Plan, today: date) -> Lived:
    return peek_run(store, plan, today)


class MemberSummary(NamedTuple):
    member: str
    plan: str | None
    week: int | None
    """The plan's week number today (None: outside the plan)."""
    adherence_week: float | None
    adherence: float | None
    """So far."""
    streak: int | None
    goals_on_pace: int | None
    goals: int | None
    last_recorded: str | None
    """When the member's latest event was written (UTC)."""
    problem: str | None
    """Why the numbers are missing, when they are."""


def summary(log: MemberLog, env: Mapping[str, str]) -> MemberSummary:
    from cadence.core.review import review
    from cadence.core.status import week_reach
    from cadence.core.streaks import overall_streak, week_adherence

    last = max((event.recorded for event in log.events), default=None)
    with member_store(log) as store:
        try:
            plan = member_plan(store, log).plan
        except UserError as error:
            return MemberSummary(log.member, None, None, None, None, None, None, None, last, str(error))
        today = member_today(plan, env)
        lived = member_run(store, plan, today)
        schedule: Schedule = lived.schedule
        ledger = store.ledger(schedule.start, max(schedule.start, week_reach(schedule, today)), lived.number)
        result = review(schedule, ledger, today)
        week = schedule.week_of(today)
        return MemberSummary(
            log.member,
            plan.name,
            schedule.plan_week(week) if week else None,
            week_adherence(schedule, week, ledger, today) if week else None,
            result.adherence,
            overall_streak(schedule, ledger, today).current,
            sum(goal.pace in ("on_pace", "met") for goal in result.goals),
            len(result.goals),
            last,
            None,
        )


def team(config: SyncConfig, env: Mapping[str, str]) -> list[MemberSummary]:
    return [summary(log, env) for log in fetch(config)]


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
