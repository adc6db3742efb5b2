"""Adapt: the review turned into proposed changes to the weeks of the plan not yet begun.

Each rule is judged on the run's closed weeks (their make-up window over) that
began after the plan's last revision, so a change made is given weeks to work
before it is judged again:

1. Two closed weeks in a row under 70% adherence: *hold the ramp* (the next week
   asks, before volume, what the current week asked, and the rest of each rising
   target follows one week later) when the next week is in the current week's
   phase and some target would rise there; otherwise *ease* the next week to
   volume 0.8 (when it is above that).
2. A task `weak` at the close of each of the last two closed weeks: halve its
   remaining targets (at least 1), or make it optional when they are 1 already;
   the minutes freed go to the best task on its first metric with results, as
   more of that task's own amount at its minutes per unit.
3. A task with `no_results` at the close of each of the last three closed weeks,
   while another task on its channel brings results: make it optional.
4. Never a change that raises a week's load, breaks the load band (30% over two
   weeks) or adds a plan warning: such a change is proposed without its
   transfer of minutes, or not at all.

An occurrence's time is taken to scale with the amount it asks, as done minutes
scale with the amount done: halving a target frees half its minutes. Proposals
are values (`Change`); `cadence.plan.revise` writes them into the file. Rules
are applied in order, each on the plan as the earlier ones left it, so the
proposals compose; a declined one is left out of the plan the later ones see.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from datetime import date
from fractions import Fraction
from typing import Any, NamedTuple

from cadence.core.automaticity import closed_weeks
from cadence.core.calendar import Schedule, round_half_up
from cadence.core.changes import Change, apply, base_targets, keeps_rule_4, target_changes, task_load
from cadence.core.goals import level_metrics
from cadence.core.model import Plan, Task
from cadence.core.review import Effort, TaskReview, rate, task_review, weigh
from cadence.core.status import Ledger
from cadence.core.streaks import ratio, week_adherence
from cadence.core.units import quantity

UNDER = 0.7
"""Rule 1: a week under 70% adherence."""
EASED = Fraction(4, 5)
"""Rule 1: the volume of an eased week."""


class Proposal(NamedTuple):
    key: str
    """What it is about, to decline it by: "hold", "ease", "weak:outreach", "idle:post"."""
    rule: int
    why: str
    """The rule's figures and the change, in words: the comment line above its hunks."""
    figures: dict[str, Any]
    changes: tuple[Change, ...]


# --------------------------------------------------------------------------- the verdicts of closed weeks


def reviews_at(schedule: Schedule, ledger: Ledger, weeks: Sequence[int]) -> dict[int, dict[str, TaskReview]]:
    """Every task's review as it stood at the end of each of the weeks (results logged later for earlier days
    count), as `core.review` makes it: the efforts of all the weeks are added up in one pass over the amounts."""
    if not weeks:
        return {}
    first = max(schedule.start, schedule.tracking)
    last = min(schedule.week_end(max(weeks)), schedule.end)
    tasks = {task.id: task for task in schedule.plan.tasks}
    by_week: dict[str, dict[int, list[float]]] = {}
    for (task_id, day), amount in ledger.amounts.items():
        task = tasks.get(task_id)
        week = schedule.week_of(day)
        if task is None or week is None or amount <= 0 or not first <= day <= last:
            continue
        target = schedule.target(task, week) or 1
        totals = by_week.setdefault(task_id, {}).setdefault(week, [0.0, 0.0, 0.0])
        totals[0] += amount
        totals[1] += amount >= target
        totals[2] += (task.duration_min or 0) / 60 * ratio(amount, target)
    levels = level_metrics(ledger, schedule.plan)
    found = {}
    for close in weeks:
        day = min(schedule.week_end(close), schedule.end)
        reviewed = []
        for task in schedule.plan.tasks:
            mine = {week: totals for week, totals in by_week.get(task.id, {}).items() if week <= close}
            effort = Effort(
                sum(totals[0] for totals in mine.values()),
                int(sum(totals[1] for totals in mine.values())),
                sum(totals[2] for totals in mine.values()),
                tuple(sorted(mine)),
            )
            reviewed.append(task_review(schedule, task, ledger, first, day, effort, levels))
        found[close] = {review.task.id: review for review in weigh(reviewed)}
    return found


def _weeks(numbers: Sequence[int]) -> str:
    shown = [str(number) for number in numbers]
    return " and ".join(shown) if len(shown) < 3 else ", ".join(shown[:-1]) + f" and {shown[-1]}"


def _rate(review: TaskReview, metric: str) -> str:
    value = rate(review, metric) or 0.0
    if review.task.duration_min is not None:
        return f"{value:.1f}/h"
    return f"{value:.1f} per {quantity(1, review.task.unit).split(' ', 1)[1]}"


# --------------------------------------------------------------------------- the rules


class Context(NamedTuple):
    schedule: Schedule
    closed: list[int]
    """The closed weeks the rules judge, in order (run weeks)."""
    first_week: int
    """The first plan week not yet begun: the proposals change it and the weeks after it."""
    at_close: dict[int, dict[str, TaskReview]]
    """The reviews at the close of each of the last three closed weeks."""


def _hold_or_ease(ctx: Context, plan: Plan, ledger: Ledger, today: date) -> Proposal | None:
    schedule = ctx.schedule
    if len(ctx.closed) < 2 or ctx.closed[-1] != ctx.closed[-2] + 1:
        return None
    weeks = ctx.closed[-2:]
    rates = [week_adherence(schedule, week, ledger, today) for week in weeks]
    if any(value is None or value >= UNDER for value in rates):
        return None
    shown = [schedule.plan_week(week) for week in weeks]
    said = f"weeks {_weeks(shown)} were {' and '.join(f'{round((r or 0) * 100)}%' for r in rates)} done"
    figures: dict[str, Any] = {"weeks": shown, "adherence": [round(r or 0, 4) for r in rates]}
    nxt, current = ctx.first_week, ctx.first_week - 1
    phases = [next((phase.name for phase in plan.phases if week in phase.weeks), None) for week in (current, nxt)]
    rising = [
        task
        for task in plan.tasks
        if task.kind == "task" and (targets := base_targets(plan, task))[nxt - 1] > targets[current - 1]
    ]
    if current >= 1 and phases[0] == phases[1] and rising:
        changes = []
        for task in rising:
            targets = base_targets(plan, task)
            changes += target_changes(task, (*targets[:current], *targets[current - 1 : plan.weeks - 1]))
        names = ", ".join(f"'{task.id}'" for task in rising)
        why = (
            f"{said}, under 70% two weeks running: hold the ramp ({names}): week {nxt} asks what week {current}"
            " asked, and the rest follows a week later"
        )
        return Proposal("hold", 1, why, {**figures, "held": nxt, "tasks": [task.id for task in rising]}, tuple(changes))
    override = next((found for found in plan.week_overrides if found.number == nxt), None)
    if override is not None and override.volume <= EASED:
        return None
    reason = f"week {nxt} begins phase {phases[1]}" if phases[0] != phases[1] and phases[1] else "no target rises"
    why = f"{said}, under 70% two weeks running: ease week {nxt} to volume 0.8 ({reason})"
    return Proposal("ease", 1, why, {**figures, "eased": nxt, "volume": 0.8}, (Change("week", nxt, "volume", EASED),))


def _halve(ctx: Context, plan: Plan, task: Task) -> list[Proposal]:
    """Rule 2 for one task: the proposal with its transfer of minutes first, then without it."""
    weeks = ctx.closed[-2:]
    if len(weeks) < 2 or weeks[1] != weeks[0] + 1:
        return []
    reviews = [ctx.at_close[week][task.id] for week in weeks]
    if any(review.verdict != "weak" for review in reviews):
        return []
    latest = ctx.at_close[weeks[-1]]
    produced = [m for m in task.results if any(other.results.get(m, 0) > 0 for other in latest.values())]
    if not produced:
        return []
    # The metric that tells most: the one the task itself brings most of (weak on it too), not merely its first.
    metric = max(produced, key=lambda m: (reviews[-1].results.get(m, 0) > 0, rate(reviews[-1], m) or 0.0))
    rivals = [other for other in latest.values() if other.task.id != task.id and rate(other, metric) is not None]
    best = max(rivals, key=lambda other: rate(other, metric) or 0.0, default=None)
    shown = [ctx.schedule.plan_week(week) for week in weeks]
    said = f"'{task.id}' was weak at the close of weeks {_weeks(shown)}: {metric} {_rate(reviews[-1], metric)}"
    if best is not None:
        said += f" against '{best.task.id}' at {_rate(best, metric)}"
    figures: dict[str, Any] = {
        "task": task.id,
        "weeks": shown,
        "metric": metric,
        "rate": round(rate(reviews[-1], metric) or 0.0, 4),
        "best": best.task.id if best else None,
        "best_rate": round(rate(best, metric) or 0.0, 4) if best else None,
    }
    key, nxt = f"weak:{task.id}", ctx.first_week
    targets = base_targets(plan, task)
    halved = [*targets[: nxt - 1], *(max(1, round_half_up(Fraction(t, 2))) if t else 0 for t in targets[nxt - 1 :])]
    if task.kind == "block" or list(targets) == halved:
        if not task.required:
            return []
        why = f"{said}: its targets are 1 already, so make it optional"
        return [Proposal(key, 2, why, figures, (Change(task.kind, task.id, "required", False),))]
    was = next(target for target in targets[nxt - 1 :] if target)
    now = next(target for target in halved[nxt - 1 :] if target)
    why = f"{said}: halve its targets from week {nxt} ({was} to {quantity(now, task.unit)} before volume)"
    changes = target_changes(task, halved)
    alone = Proposal(key, 2, why, figures, tuple(changes))
    found = _receiver(latest, task, metric)
    receiver = plan.task(found.id) if found is not None else None  # as the earlier proposals left it
    if receiver is None:
        return [alone]
    given, freed = _transfer(ctx, plan, apply(plan, changes), task, receiver)
    extra = [now - then for now, then in zip(given, base_targets(plan, receiver), strict=True)]
    if not any(extra):
        return [alone]
    first = next(week for week, amount in enumerate(extra, start=1) if amount)
    why += (
        f"; the {round(freed, 1):g} minutes it frees in weeks {nxt} to {plan.weeks} go to '{receiver.id}'"
        f" (+{quantity(extra[first - 1], receiver.unit)} in week {first})"
    )
    given_figures = {**figures, "freed_minutes": round(freed, 2), "receiver": receiver.id}
    withheld = alone._replace(  # taken only when rule 4 refuses the transfer: it says so
        why=f"{alone.why}; its freed minutes stay free: giving them to '{receiver.id}' would raise a week's load"
        " past the load band or add a plan warning (rule 4)",
        figures={**figures, "freed_minutes": round(freed, 2), "withheld_from": receiver.id},
    )
    return [Proposal(key, 2, why, given_figures, (*changes, *target_changes(receiver, given))), withheld]


def _receiver(latest: dict[str, TaskReview], weak: Task, metric: str) -> Task | None:
    """Where a weak task's minutes go: the working task (not a block) with the best rate per hour on the metric."""
    if weak.duration_min is None:
        return None
    candidates = [
        review
        for review in latest.values()
        if review.task.id != weak.id
        and review.task.kind == "task"
        and review.verdict == "working"
        and review.per_hour.get(metric) is not None
    ]
    best = max(candidates, key=lambda review: review.per_hour.get(metric) or 0.0, default=None)
    return best.task if best is not None else None


def _transfer(ctx: Context, plan: Plan, halved: Plan, weak: Task, receiver: Task) -> tuple[list[int], float]:
    """The receiver's base targets with each remaining week's freed minutes as more of its amount, at its
    minutes per unit, rounded down so that no week's load grows; and the minutes freed in all."""
    start = ctx.schedule.start
    was, now = Schedule(plan, start), Schedule(halved, start)
    lighter = halved.task(weak.id)
    assert lighter is not None
    targets = list(base_targets(plan, receiver))
    total = 0.0
    for week in range(ctx.first_week, plan.weeks + 1):
        asked = was.target(weak, week)
        freed = was.task_minutes(weak, week) * (1 - now.target(lighter, week) / asked) if asked else 0.0
        total += freed
        minutes = was.task_minutes(receiver, week)
        if freed <= 0 or not minutes or not targets[week - 1]:
            continue
        extra = math.floor(freed / minutes * targets[week - 1])
        while extra > 0:
            more = [*targets[: week - 1], targets[week - 1] + extra, *targets[week:]]
            trial = Schedule(apply(halved, target_changes(receiver, more)), start)
            pair = [plan.tasks.index(weak), plan.tasks.index(receiver)]  # the others' minutes do not change
            load = sum(task_load(was, trial, index, week) for index in pair)
            if load <= sum(was.task_minutes(plan.tasks[index], week) for index in pair) + 1e-9:
                break
            extra -= 1
        targets[week - 1] += extra
    return targets, total


def _idle(ctx: Context, plan: Plan, task: Task) -> list[Proposal]:
    """Rule 3 for one task."""
    weeks = ctx.closed[-3:]
    if len(weeks) < 3 or weeks != list(range(weeks[0], weeks[0] + 3)) or not task.required or task.channel is None:
        return []
    if any(ctx.at_close[week][task.id].verdict != "no_results" for week in weeks):
        return []
    working = [
        review.task.id
        for review in ctx.at_close[weeks[-1]].values()
        if review.task.id != task.id and review.task.channel == task.channel and review.verdict in ("working", "weak")
    ]
    if not working:
        return []
    shown = [ctx.schedule.plan_week(week) for week in weeks]
    others = ", ".join(f"'{found}'" for found in working)
    why = (
        f"'{task.id}' brought no results at the close of weeks {_weeks(shown)} while {others} on"
        f" {task.channel} did: make it optional"
    )
    figures = {"task": task.id, "weeks": shown, "channel": task.channel, "working": working}
    return [Proposal(f"idle:{task.id}", 3, why, figures, (Change(task.kind, task.id, "required", False),))]


def propose(
    schedule: Schedule,
    ledger: Ledger,
    today: date,
    revised: Sequence[date] = (),
    declined: Collection[str] = (),
) -> list[Proposal]:
    """The proposals for the weeks not yet begun, in rule order, each on the plan the earlier ones leave.

    `revised`: the days the plan was revised in this run; `declined`: proposals (by key) left out. The
    ledger must hold the run up to today.
    """
    begun = [week for week in range(1, schedule.weeks + 1) if schedule.week_start(week) <= today]
    if not begun:
        return []
    first_week = max(schedule.plan_week(week) for week in begun) + 1
    if first_week > schedule.plan.weeks:
        return []
    last = max(revised, default=None)
    closed = [week for week in closed_weeks(schedule, today) if last is None or schedule.week_start(week) > last]
    at_close = reviews_at(schedule, ledger, closed[-3:])
    ctx = Context(schedule, closed, first_week, at_close)
    plan = schedule.plan
    found: list[Proposal] = []

    def consider(choices: Sequence[Proposal | None]) -> None:
        """The first of the choices that keeps rule 4, unless declined."""
        nonlocal plan
        for proposal in choices:
            if proposal is None or proposal.key in declined:
                return
            after = apply(plan, proposal.changes)
            if keeps_rule_4(plan, after, schedule.start, first_week):
                found.append(proposal)
                plan = after
                return

    consider([_hold_or_ease(ctx, plan, ledger, today)])
    for rule in (_halve, _idle):
        for task in schedule.plan.tasks:
            current = plan.task(task.id)
            assert current is not None
            consider(rule(ctx, plan, current))
    return found
