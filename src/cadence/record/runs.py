"""A plan's life in the store: runs, the tracking start, and the shifts and repeats of a run.

A *run* is one pass of this home through a plan, known by the plan's name:
the first day of its week 1, the day tracking began, and its adjustments.
Every event belongs to one run, so the events of one plan never count for
another. A plan's first use begins a run on its own (the Monday of that week
for a plan with neither `start` nor `finish`, tracking from that day); the
history written before runs existed (run 0) goes to the first plan used
afterwards. `cadence start`, `shift` and `repeat-week` are written here, each
as one batch that `undo` reverses.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from cadence.core.calendar import YEARS, Adjustment, Schedule, monday_of, resolve_start, within_years
from cadence.core.model import Plan
from cadence.core.rhythm import week_to_repeat, weekday_moves
from cadence.errors import UserError
from cadence.store import AUTO, Legacy, NewEvent, RunRecord, Store
from cadence.store import runs as stored
from cadence.wording import long_day, plural

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from cadence.named import NamedTuple


class Lived(NamedTuple):
    """A plan as this home lives it: its run (None: never used, nothing recorded) and its days."""

    run: RunRecord | None
    schedule: Schedule

    @property
    def number(self) -> int | None:
        return None if self.run is None else self.run.number


def _recorded_start(store: Store, plan: Plan) -> tuple[date, date] | None:
    """A floating plan's first day and first use as cadence recorded them before runs existed."""
    for name, start, recorded in stored.plan_starts(store):
        if name == plan.name:
            return date.fromisoformat(start), date.fromisoformat(recorded[:10])
    return None


def first_run(store: Store, plan: Plan, today: date) -> tuple[date, date]:
    """Where a plan used for the first time begins, and the day tracking begins."""
    in_range(today, "today,")
    if not plan.floating:
        start = resolve_start(plan, today)
        return start, max(start, today)
    recorded = _recorded_start(store, plan)
    if recorded is not None:
        start, used = recorded
        return start, max(start, used)
    return monday_of(today), today


def lay_out(store: Store, plan: Plan, run: RunRecord) -> Schedule:
    """The run's days: its first day, its shifts and repeats, tracking from its start or its earliest check-in."""
    start = run.start if plan.floating else resolve_start(plan, run.start)
    adjustments = [Adjustment(kind, day, amount) for kind, day, amount in stored.adjustments(store, run.number)]  # type: ignore[arg-type]
    earliest = stored.earliest_check_in(store, run.number)
    tracking = min(run.tracking, earliest) if earliest is not None else run.tracking
    return Schedule(plan, start, adjustments, max(tracking, start))


def open_run(store: Store, plan: Plan, today: date, path: str | None, now: datetime | None = None) -> Lived:
    """The plan's current run, begun now if this is its first use (at `now`, when known).

    `path`, kept in the start event as where the plan was read, is text in the store: bytes of a file name
    that are not UTF-8 are kept as replacement characters (the file itself is read by its real name)."""
    if path is not None:
        path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")

    def begin(legacy: Legacy | None) -> tuple[int | None, date, date, str | None]:
        start, tracking = first_run(store, plan, today)
        if legacy is not None:  # the history from before runs is this plan's
            return 0, start, max(start, min(tracking, legacy.first_day)), path
        return None, start, tracking, path

    run = stored.begin_run(store, plan.name, begin, AUTO, now.timestamp() if now is not None else None)
    return Lived(run, lay_out(store, plan, run))


def peek_run(store: Store | None, plan: Plan, today: date) -> Lived:
    """The plan as it stands, recording nothing: as its first use would lay it out when it has no run."""
    run = stored.current_run(store, plan.name) if store is not None else None
    if run is not None and store is not None:
        return Lived(run, lay_out(store, plan, run))
    if store is None:
        start = resolve_start(plan, today)
        return Lived(None, Schedule(plan, start, (), max(start, today)))
    start, tracking = first_run(store, plan, today)
    return Lived(None, Schedule(plan, start, (), tracking))


# --------------------------------------------------------------------------- the commands


class Started(NamedTuple):
    run: RunRecord
    schedule: Schedule
    restarted: bool


def start(store: Store, plan: Plan, today: date, day: date, restart: bool, path: str | None, source: str) -> Started:
    """Begin the plan on `day` (week 1 and tracking both start there)."""
    if not plan.floating:
        key, value = ("start", plan.start) if plan.start is not None else ("finish", plan.finish)
        raise UserError(
            f"'{plan.name}' fixes its days in the plan file ({key} = {value}); edit '{key}' there to move it"
        )
    in_range(day, "the first day")
    lived = open_run(store, plan, today, path)
    assert lived.run is not None
    current = lived.run
    under_way = stored.has_records(store, current.number)
    if under_way and not restart:
        raise UserError(
            f"'{plan.name}' is under way (run {current.number}, since {long_day(lived.schedule.tracking)});"
            " add --restart to begin a new run, which keeps this one in 'cadence runs'"
        )
    number = stored.next_run(store) if restart and under_way else current.number
    store.append([NewEvent("start", None, day, day, note=path, run=number, plan=plan.name)], source)
    run = stored.current_run(store, plan.name)
    assert run is not None
    return Started(run, lay_out(store, plan, run), number != current.number)


MAX_SHIFT = 365
"""A shift is life happening, not a new plan: a year at most (`cadence start` begins another run)."""


def parse_shift(words: str) -> int:
    """`3` (days) or `2w` (weeks) as days; at least one, a year at most."""
    text = words.strip().lower()
    weeks = text.endswith("w")
    number = text[:-1] if weeks else text.removesuffix("d")
    if not number.isdigit() or int(number) < 1:
        raise UserError(f"shift by a number of days or weeks of at least 1, like 3 or 2w, not '{words}'")
    days = int(number[:6]) * (7 if weeks else 1) if len(number) <= 6 else MAX_SHIFT + 1
    if days > MAX_SHIFT:
        raise UserError(f"shift by {MAX_SHIFT} days (52w) at most, not '{words}'; a new start suits longer breaks")
    return days


def in_range(day: date, what: str) -> date:
    """A day a plan may be laid on, with room for its weeks, shifts and repeats."""
    if not within_years(day):
        raise UserError(f"{what} {day.isoformat()} is outside the years cadence plans in ({YEARS[0]} to {YEARS[1]})")
    return day


class ShiftPlan(NamedTuple):
    """A shift as it would be made: where it begins, by how much, the run laid out with it, and what it
    does to the weekly rhythm in words ("" for whole weeks, which keep every weekday)."""

    first: date
    days: int
    after: Schedule
    moves: str

    @property
    def freed(self) -> tuple[date, date]:
        """The first and last day opened."""
        return self.first, self.first + timedelta(days=self.days - 1)


def plan_shift(store: Store, lived: Lived, today: date, days: int, first: date | None) -> ShiftPlan:
    """Where a shift of `days` from `first` (default today) would begin, and what it would change; refused
    (UserError) when it cannot be made. Writes nothing: the TUI says what each choice changes before it is taken."""
    schedule = lived.schedule
    assert lived.run is not None
    given = first is not None
    first = first or today
    if first < schedule.tracking:
        raise UserError(
            f"cannot shift from {first.isoformat()}: it is before tracking began on {long_day(schedule.tracking)}"
        )
    if first > schedule.end:
        raise UserError(f"cannot shift from {first.isoformat()}: the plan ends on {long_day(schedule.end)}")
    recorded = stored.last_record_day(store, lived.run.number)
    if recorded is not None and recorded >= first:
        if given or recorded > first:
            raise UserError(
                f"cannot shift from {first.isoformat()}: {long_day(recorded)} already has check-ins or skips,"
                " which would then count for nothing; shift from the day after it"
            )
        first = recorded + timedelta(days=1)  # today's work stays today's: the shift begins tomorrow
    adjustments = (*schedule.adjustments, Adjustment("shift", first, days))
    after = Schedule(schedule.plan, schedule.start, adjustments, schedule.tracking)
    return ShiftPlan(first, days, after, weekday_moves(schedule, first, days))


def rotation_refusal(planned: ShiftPlan, given: date | None) -> str:
    """Why a shift by days needs --rotate, and the commands that keep the weekdays, as they run."""
    weeks = -(-planned.days // 7)
    since = f" --from {given.isoformat()}" if given is not None else ""
    first, last = planned.freed
    return (
        f"shifting by {plural(planned.days, 'day')} moves the weekly rhythm: {planned.moves};"
        f" 'cadence shift {weeks}w{since}' keeps weekdays,"
        f" 'cadence skip --all --from {first.isoformat()} --to {last.isoformat()}' excuses the days;"
        " add --rotate to shift by days anyway"
    )


def shift(
    store: Store, lived: Lived, today: date, days: int, first: date | None, source: str, rotate: bool = False
) -> ShiftPlan:
    """Move every plan day on or after `first` (default today) `days` later. Days that are not whole weeks
    rotate the weekly rhythm: refused unless `rotate`."""
    planned = plan_shift(store, lived, today, days, first)
    if planned.moves and not rotate:
        raise UserError(rotation_refusal(planned, first))
    assert lived.run is not None
    store.append([NewEvent("shift", None, planned.first, amount=days, run=lived.run.number)], source)
    return planned


def plan_repeat(store: Store, lived: Lived, today: date, week: int | None) -> tuple[int, Schedule]:
    """The plan week a repeat would do again (default: this week) and the run laid out with it; refused
    (UserError) when it cannot be made. Writes nothing."""
    schedule = lived.schedule
    if week is None:
        week = week_to_repeat(schedule, today) if schedule.contains(today) else None
        if week is None:
            raise UserError("today is outside the plan: name the week to repeat with --week N")
    if not 1 <= week <= schedule.plan.weeks:
        raise UserError(f"week {week} is outside the plan's weeks 1-{schedule.plan.weeks}")
    if today > schedule.end:
        raise UserError(
            f"the plan is over (it ended on {long_day(schedule.end)}): 'cadence start --restart' begins it again"
        )
    last = schedule.week_end(schedule.last_pass(week))
    if last < today:
        current = week_to_repeat(schedule, today)
        instead = f"'cadence repeat-week --week {current}' does week {current} again" if current else "none is left"
        raise UserError(f"week {week} is over (it ended on {long_day(last)}): no day already lived changes; {instead}")
    adjustments = (*schedule.adjustments, Adjustment("repeat", today, week))
    return week, Schedule(schedule.plan, schedule.start, adjustments, schedule.tracking)


def repeat_week(store: Store, lived: Lived, today: date, week: int | None, source: str) -> int:
    """Do a plan week again right after it (default: this week, or the next on a shifted day); the week."""
    week, _ = plan_repeat(store, lived, today, week)
    assert lived.run is not None
    store.append([NewEvent("repeat", None, today, amount=week, run=lived.run.number)], source)
    return week


def describe_adjustment(kind: str, day: date, amount: float) -> str:
    """A start, shift or repeat in words, for undo's confirmation."""
    if kind == "shift":
        return f"shift of {plural(amount, 'day')} from {day:%a %d %b}"
    if kind == "repeat":
        return f"repeat of week {amount:g} asked on {day:%a %d %b}"
    return f"start on {day:%a %d %b}"


def ends(schedule: Schedule) -> str:
    """When the plan now ends, and by how much it overruns a `finish` date."""
    end = f"ends on {long_day(schedule.end)}"
    if schedule.overrun:
        end += f", {plural(schedule.overrun, 'day')} after its finish date {schedule.plan.finish}"
    return end
