"""A member's rollup: the one row per member that a coach's `team` reads instead of the member's events.

The member's own sync counts it (`counted`: the same review and streaks a home
shows, from the store holding every event the hub will hold once the sync
commits) and sends it in the same hub transaction as its events, beside the
counts the hub keeps itself (how many events, the last row, when the latest was
written). A coach's view counts a member the same way from the events it
scanned when the rollup is missing (a machine of an older cadence) or was
counted on an earlier plan day than the member's today: the numbers never go
stale, only slower.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, time
from typing import NamedTuple

from cadence.clock import now, plan_zone
from cadence.core.calendar import Schedule, plan_day
from cadence.core.model import Plan
from cadence.errors import UserError
from cadence.plan import LoadedPlan, check_text
from cadence.record.runs import Lived, peek_run
from cadence.store import Store
from cadence.store.sync import current_plan


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


class Counted(NamedTuple):
    """A summary and the plan day it was counted on, in the plan's zone and day start (so a coach can tell
    whether it is still today's without reading the plan)."""

    summary: MemberSummary
    day: date | None
    timezone: str | None
    day_starts: time | None


def member_plan(store: Store, member: str, plans: Mapping[str, str]) -> LoadedPlan:
    """The plan of the run the member began last, from the text their machine sent."""
    name = current_plan(store)
    if name is None:
        raise UserError(f"{member} has not synced any events yet")
    text = plans.get(name)
    if text is None:
        raise UserError(f"{member} lives the plan '{name}', but no machine of theirs has sent its text yet")
    plan, diagnostics = check_text(text, f"{member}'s plan", warnings=False)
    if plan is None:
        raise UserError(f"{member}'s plan '{name}' has errors: {diagnostics[0].message}")
    return LoadedPlan(plan, [], text)


def member_today(plan: Plan, env: Mapping[str, str]) -> date:
    """The member's plan day now: the coach's clock, in the member's plan's time zone."""
    return today_in(plan.timezone, plan.day_starts, env)


def today_in(timezone: str | None, day_starts: time, env: Mapping[str, str]) -> date:
    zone = plan_zone(timezone, env)
    return plan_day(now(env, zone), zone, day_starts)


def member_run(store: Store, plan: Plan, today: date) -> Lived:
    return peek_run(store, plan, today)


def last_recorded(store: Store) -> str | None:
    found = store.connection.execute("SELECT MAX(recorded) FROM events").fetchone()
    return None if found is None or found[0] is None else str(found[0])


def counted(member: str, store: Store, plans: Mapping[str, str], env: Mapping[str, str]) -> Counted:
    """The member's numbers today, from a store holding their whole log."""
    from cadence.core.folds import overall_from
    from cadence.core.review import review
    from cadence.core.streaks import week_adherence
    from cadence.store.folds import settled

    last = last_recorded(store)
    try:
        loaded = member_plan(store, member, plans)
    except UserError as error:
        return Counted(
            MemberSummary(member, None, None, None, None, None, None, None, last, str(error)), None, None, None
        )
    plan = loaded.plan
    today = member_today(plan, env)
    lived = member_run(store, plan, today)
    schedule: Schedule = lived.schedule
    # the settled past from the fold the store keeps (as review uses it): only the weeks it left open are read
    fold, ledger = settled(store, schedule, loaded.source, lived.number, today, False, weeks=True)
    result = review(schedule, ledger, today, None, fold)
    week = schedule.week_of(today)
    summary = MemberSummary(
        member,
        plan.name,
        schedule.plan_week(week) if week else None,
        week_adherence(schedule, week, ledger, today) if week else None,
        result.adherence,
        overall_from(fold, schedule, ledger, today).current,
        sum(goal.pace in ("on_pace", "met") for goal in result.goals),
        len(result.goals),
        last,
        None,
    )
    return Counted(summary, today, plan.timezone, plan.day_starts)


def to_text(found: Counted) -> str:
    """The rollup's summary as the hub keeps it (JSON)."""
    return json.dumps(
        {
            **found.summary._asdict(),
            "day": None if found.day is None else found.day.isoformat(),
            "timezone": found.timezone,
            "day_starts": None if found.day_starts is None else found.day_starts.isoformat(),
        },
        sort_keys=True,
    )


def from_text(text: str | None, member: str, last: str | None, env: Mapping[str, str]) -> MemberSummary | None:
    """The summary a rollup holds, when it is the member's and still today's (else None: count it again).

    `last` is when the latest of the member's events was written, as the hub counted it: a summary counted
    before the latest events arrived (from a machine that had not pulled them) is not taken."""
    if text is None:
        return None
    try:
        found = json.loads(text)
        summary = MemberSummary(*(found[field] for field in MemberSummary._fields))
        if summary.member != member or summary.last_recorded != last:
            return None
        if found["day"] is not None:
            day_starts = time.fromisoformat(found["day_starts"])
            if date.fromisoformat(found["day"]) != today_in(found["timezone"], day_starts, env):
                return None
    except (ValueError, KeyError, TypeError, UserError):
        return None  # a summary this cadence cannot read: counted again from the events
    return summary
