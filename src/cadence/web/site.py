"""What the page shows, read from the plan file and the store: no web framework here.

The plan is read again when its file changes (an edit with errors keeps the
last valid plan, and the page says so); the run is laid out on every request
(under a millisecond, however long the history), so a shift or an undo by
another process shows at once. A request reads what the store holds now: the
page never keeps amounts of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import NamedTuple

from cadence.clock import Clock
from cadence.config import FileSignature, PlanSource, file_signature
from cadence.core.calendar import Schedule
from cadence.core.status import Item, Ledger, day_items, day_status, makeup_items, recent_window
from cadence.core.streaks import Streak, overall_streak, settled_before
from cadence.core.symbols import SYMBOLS
from cadence.core.units import fraction
from cadence.plan import LoadedPlan, PlanError, load_plan
from cadence.record.runs import Lived, open_run
from cadence.store import Store
from cadence.views.today import nudges, week_label
from cadence.wording import long_day

WEB_HELP = "the command line's 'cadence repeat-week' does this week again, 'cadence shift 1w' gives you a week."


class ItemView(NamedTuple):
    """One line of a day, as the page shows it."""

    id: str
    title: str
    kind: str
    day: date
    symbol: str
    status: str
    amount: str
    """ "2/3 comments", or "1/1" for a block."""
    done: float
    target: int
    unit: str
    at: str
    required: bool
    week: str | None
    """A per_week task's count this week: "2/3"."""
    notes: tuple[str, ...]
    reason: str | None
    makeup: bool


class DayView(NamedTuple):
    """A day in the week strip."""

    day: date
    weekday: str
    symbol: str
    status: str
    today: bool
    shown: bool


class Heading(NamedTuple):
    plan: str
    week: str | None
    phase: str | None
    day: str
    streak: int
    done: int
    due: int
    lines: tuple[str, ...]
    """What the day is when it has no items (rest, outside the plan), week notes and nudges."""


class Site:
    """The plan (the last valid one), the store and the clock of one served home."""

    def __init__(self, source: PlanSource, store: Store, clock: Clock, env: Mapping[str, str]) -> None:
        self.source = source
        self.store = store
        self.clock = clock
        self.env = env
        self.loaded: LoadedPlan | None = None
        self.error: PlanError | None = None
        self.signature: FileSignature = None
        self._carry: tuple[date, int | None, Streak] | None = None

    # ----------------------------------------------------------------- the plan and its run

    def plan(self) -> LoadedPlan:
        """The plan file as it is now, or the last valid one while an edit has errors; PlanError with none."""
        signature = file_signature(self.source.path)
        if self.loaded is None or signature != self.signature:
            self.signature = signature
            try:
                self.loaded = load_plan(self.source.path, self.source.shown)
                self.error = None
            except PlanError as error:
                self.error = error
                if self.loaded is None:
                    raise
        return self.loaded

    def today(self) -> date:
        return self.clock.plan_day(self.plan().plan, self.env)

    def lived(self) -> Lived:
        """The current run, laid out from the store now; a plan's first use begins it, as a command's does."""
        plan = self.plan().plan
        return open_run(self.store, plan, self.today(), str(self.source.path), self.clock.now())

    def problems(self) -> list[str]:
        """The plan's errors while an edit keeps the last valid plan."""
        return [] if self.error is None else self.error.lines()

    # ----------------------------------------------------------------- reading

    def ledger(self, lived: Lived, day: date, today: date) -> Ledger:
        """The log around `day` and today: enough for the day, the make-up items, the nudges and the week strip."""
        return self.store.ledger(*recent_window(lived.schedule, day, today), lived.number)

    def streak(self, lived: Lived, today: date) -> int:
        """The overall streak; the settled past is walked once a day, then carried (as the TUI does)."""
        schedule = lived.schedule
        since = settled_before(schedule, today)
        if self._carry is None or self._carry[:2] != (today, lived.number):
            past = self.store.ledger(schedule.start, max(schedule.start, since - timedelta(days=1)), lived.number)
            self._carry = (today, lived.number, overall_streak(schedule, past, today, before=since))
        recent = self.store.ledger(since, today, lived.number)
        return overall_streak(schedule, recent, today, since=since, carry=self._carry[2]).current

    def forget_streak(self) -> None:
        """After an undo, which may reach into the settled past."""
        self._carry = None


def item_view(item: Item, ledger: Ledger, makeup: bool = False) -> ItemView:
    task, occ = item.task, item.occurrence
    return ItemView(
        id=task.id,
        title=task.title,
        kind=task.kind,
        day=occ.day,
        symbol=SYMBOLS.get(item.status, " "),
        status=item.status,
        amount=fraction(item.done, occ.target, task.unit),
        done=item.done,
        target=occ.target,
        unit=task.unit,
        at=task.window().strip(),
        required=task.required,
        week=str(item.week) if item.week is not None else None,
        notes=tuple(ledger.notes.get((task.id, occ.day), ())),
        reason=ledger.reason(task.id, occ.day) if item.status == "skipped" else None,
        makeup=makeup,
    )


def item_page(site: Site, task_id: str, day: date) -> ItemView:
    """One task on one day of the plan, as its own page shows it (refused: an unknown task, a day outside the plan)."""
    from cadence.core.calendar import Occurrence
    from cadence.core.status import occurrence_status
    from cadence.record.writes import Recorder

    lived = site.lived()
    schedule = lived.schedule
    today = site.today()
    recorder = Recorder(site.store, schedule, today, "web", lived.number)
    task = recorder.task(task_id)
    recorder.inside_plan(day)
    ledger = site.ledger(lived, day, today)
    listed = day_items(schedule, day, ledger, today) + makeup_items(schedule, ledger, today)
    for item in listed:
        if item.task.id == task.id and item.occurrence.day == day:
            return item_view(item, ledger)
    week = schedule.week_of(day)
    occ = Occurrence(task, day, week or 0, recorder.target(task.id, day))
    status = occurrence_status(occ, ledger, today, schedule.plan.makeup_days, schedule.tracking)
    return item_view(Item(occ, ledger.amount(task.id, day), status), ledger)


class DayPage(NamedTuple):
    heading: Heading
    items: list[ItemView]
    makeup: list[ItemView]
    strip: list[DayView]
    today: date
    day: date


def day_page(site: Site, day: date | None = None) -> DayPage:
    """A day of the plan (default today) with its items, today's make-up items and the week strip."""
    lived = site.lived()
    schedule = lived.schedule
    today = site.today()
    day = day or today
    ledger = site.ledger(lived, day, today)
    items = [item_view(item, ledger) for item in day_items(schedule, day, ledger, today)]
    makeup = [item_view(item, ledger, True) for item in makeup_items(schedule, ledger, today)] if day == today else []
    heading = _heading(site, lived, day, today, ledger, items)
    return DayPage(heading, items, makeup, week_strip(schedule, day, today, ledger), today, day)


def _heading(site: Site, lived: Lived, day: date, today: date, ledger: Ledger, items: list[ItemView]) -> Heading:
    schedule = lived.schedule
    plan = schedule.plan
    week = schedule.week_of(day)
    phase = schedule.phase_of(week) if week else None
    required = [item for item in items if item.required and item.status != "skipped"]
    done = sum(1 for item in required if item.status == "done")
    lines: list[str] = []
    if schedule.is_shifted(day):
        lines.append("Shifted: the plan moved past this day, so nothing is due.")
    elif week is None:
        if day < schedule.start:
            lines.append(f"{plan.name} starts on {long_day(schedule.start)}.")
        else:
            lines.append(f"{plan.name} ended on {long_day(schedule.end)}. See how it went with 'cadence review'.")
    else:
        if not schedule.is_tracked(day):
            lines.append(f"Untracked: tracking began on {long_day(schedule.tracking)}; nothing is owed before it.")
        override = schedule.week_override(week)
        if override and override.note:
            lines.append(override.note)
        if schedule.is_rest_day(day):
            lines.append(("Holiday" if day in plan.holidays else "Rest day") + ": recovery is part of the plan.")
        elif not items:
            lines.append("Nothing is due on this day.")
    if day == today and schedule.contains(today):
        lines.extend(nudges(schedule, ledger, today, WEB_HELP))
    streak = site.streak(lived, today) if schedule.contains(today) else 0
    return Heading(
        plan=plan.name,
        week=week_label(schedule, week) if week else None,
        phase=phase.name if phase else None,
        day=f"{day:%a %d %b %Y}",
        streak=streak,
        done=done,
        due=len(required),
        lines=tuple(lines),
    )


def week_strip(schedule: Schedule, day: date, today: date, ledger: Ledger) -> list[DayView]:
    """The seven days of the plan week holding `day` (the calendar week outside the plan), each with its mark."""
    week = schedule.week_of(day)
    first = schedule.week_start(week) if week is not None else day - timedelta(days=day.weekday())
    strip = []
    for offset in range(7):
        shown = first + timedelta(days=offset)
        status = day_status(schedule, shown, ledger, today) or ""
        strip.append(DayView(shown, f"{shown:%a}", SYMBOLS.get(status, " "), status, shown == today, shown == day))
    return strip
