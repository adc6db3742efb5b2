"""The one write path: what a person means, turned into events of the log.

The CLI's `check`, `skip`, `log` and `undo`, the TUI's keys and dialogs and the
reminders' Done button all come here; no other module builds an event. Here
live the guards (a future day, a day outside the plan, past the make-up window,
an unknown task), the default amount (the day's target), the parsing of
`METRIC=N`, and the batching: each call appends one batch, which one `undo`
reverses. A refused intention raises `UserError` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from cadence.core.calendar import Schedule
from cadence.core.model import Task
from cadence.errors import Forceable, UserError
from cadence.record.bounds import level_within, positive, reading_value, text_within, within
from cadence.record.metrics import Entry as Entry  # re-exported: where every surface finds it
from cadence.record.metrics import check_forms, known_metrics, unknown_metric
from cadence.store import Event, NewEvent, Store
from cadence.wording import long_day, plural


class ResultForm(NamedTuple):
    """How a surface spells a result, for its messages: `METRIC=N` or `METRIC@N` on the command line."""

    form: str = "METRIC=N or METRIC@N"
    example: str = "connections=2 or followers@372"


COMMAND_LINE = ResultForm()


def parse_results(words: Iterable[str], spelled: ResultForm = COMMAND_LINE) -> list[Entry]:
    """`metric=N` and `metric@N` words as entries, in order; UserError for the first that is wrong."""
    results: list[Entry] = []
    for word in words:
        at = word.find("@")
        equals = word.find("=")
        reading = at >= 0 and (equals < 0 or at < equals)
        metric, sep, value = word.partition("@" if reading else "=")
        metric = metric.strip()
        if not sep or not metric:
            raise UserError(f"'{word}' is not {spelled.form}, like {spelled.example}")
        from cadence.plan import ID_PATTERN  # the plan's checker: only for words that name metrics

        if not ID_PATTERN.match(metric):
            raise UserError(f"metric '{metric}' must be lower-case letters, digits, '_' and '-', like replies")
        if reading:
            results.append(Entry(metric, reading_value(value.strip(), f"the reading of {metric}"), True))
        else:
            results.append(Entry(metric, positive(value.strip(), f"the value of {metric}")))
    return results


class CheckIn(NamedTuple):
    """A check-in as recorded, with the day's total after it."""

    task: Task
    day: date
    amount: float
    total: float
    target: int
    due: bool
    """False: the task is not due that day, and the check-in is extra work."""

    @property
    def state(self) -> str:
        return "done" if self.total >= self.target else "partial"


class Skip(NamedTuple):
    task: Task | None
    """None: everything due (a vacation)."""
    first: date
    last: date
    excused: int
    reason: str | None


class Logged(NamedTuple):
    results: list[Entry]
    task: Task | None
    day: date


class Recorder:
    """Writes for one plan on one day: every guard, then one batch per call.

    `source` names the surface in the log (cli, tui, daemon).
    """

    def __init__(
        self,
        store: Store,
        schedule: Schedule,
        today: date,
        source: str,
        run: int | None = None,
        begin: Callable[[], int | None] | None = None,
    ) -> None:
        self.store = store
        self.schedule = schedule
        self.today = today
        self.source = source
        self.run = run
        """The run every event is written to (None: not begun yet, or a store with no runs)."""
        self.begin = begin
        """Begins the plan's run on its first use and gives its number: called only by a write that passed every
        guard, so a refused command writes nothing at all."""

    # ----------------------------------------------------------------- guards

    def task(self, task_id: str) -> Task:
        task = self.schedule.plan.task(task_id)
        if task is None:
            from cadence.plan import suggest

            ids = [task.id for task in self.schedule.plan.tasks]
            hint = suggest(task_id, ids) or f"; the plan has: {', '.join(ids) or 'no tasks'}"
            raise UserError(f"unknown task '{task_id}'{hint}")
        return task

    def inside_plan(self, day: date) -> None:
        if not self.schedule.contains(day):
            raise UserError(
                f"{day.isoformat()} is outside the plan, which runs from {self.schedule.start.isoformat()} "
                f"to {self.schedule.end.isoformat()}"
            )

    def not_future(self, day: date, what: str) -> None:
        if day > self.today:
            raise UserError(f"cannot {what} {day.isoformat()}: it is in the future (today is {self.today.isoformat()})")

    def tracked(self, day: date, what: str, force: bool = False) -> None:
        """Days before tracking began are owed nothing; --force on a check-in moves the start back."""
        if day < self.schedule.tracking and not force:
            refusal = f"cannot {what} {day.isoformat()}: tracking began on {long_day(self.schedule.tracking)}"
            if what == "check in for":
                raise Forceable(refusal, "move the tracking start back to it")
            raise UserError(refusal)

    def in_a_week(self, day: date, what: str) -> None:
        if self.schedule.is_shifted(day):
            raise UserError(f"cannot {what} {day.isoformat()}: the plan was shifted past it, so nothing is due")

    def within_makeup(self, day: date, force: bool) -> None:
        allowed = self.schedule.plan.makeup_days
        if not force and (self.today - day).days > allowed:
            raise Forceable(
                f"too late to make up {day.isoformat()}: the plan allows {plural(allowed, 'day')}", "correct the log"
            )

    def _append(self, events: list[NewEvent]) -> int:
        if self.run is None and self.begin is not None:
            self.run = self.begin()
        return self.store.append([event._replace(run=self.run) for event in events], self.source)

    def _amount(self, task: Task, day: date) -> float:
        return self.store.ledger(day, day, self.run).amount(task.id, day)

    def amount(self, task_id: str, day: date) -> float:
        """What the store holds for a task's day now, whoever wrote it."""
        return self._amount(self.task(task_id), day)

    def target(self, task_id: str, day: date) -> int:
        """The day's target of a task (its week's, for a day it is not due)."""
        week = self.schedule.week_of(day)
        return (self.schedule.target(self.task(task_id), week) if week is not None else 0) or 1

    # ----------------------------------------------------------------- writes

    def check_in(
        self,
        task_id: str,
        amount: float | None = None,
        day: date | None = None,
        note: str | None = None,
        force: bool = False,
    ) -> CheckIn:
        """A check-in of `amount` (default: the day's target) for a past or present day of the plan."""
        task = self.task(task_id)
        day = day or self.today
        self.not_future(day, "check in for")
        self.inside_plan(day)
        self.in_a_week(day, "check in for")
        self.tracked(day, "check in for", force)
        self.within_makeup(day, force)
        week = self.schedule.week_of(day)
        assert week is not None
        target = self.schedule.target(task, week) or 1
        amount = float(target) if amount is None else within(amount, "the amount")
        before = self._amount(task, day)
        self._append([NewEvent("checkin", task.id, day, amount=amount, note=text_within(note, "the note"))])
        return CheckIn(task, day, amount, before + amount, target, self.schedule.is_due_on(task, day))

    def correct(self, task_id: str, day: date, change: float, force: bool = False) -> float:
        """Add `change` (negative: take back) to a day's amount, never below zero; the change made.

        The log is append-only, so taking back is a negative check-in. The
        amount is read from the store, not from what a screen last showed. The
        guards are those of a check-in; `force` lets a day past its make-up
        window, or before tracking began, be corrected, as `check --force` does.
        """
        task = self.task(task_id)
        self.not_future(day, "check in for")
        self.inside_plan(day)
        self.in_a_week(day, "check in for")
        self.tracked(day, "check in for", force)
        self.within_makeup(day, force)
        before = self._amount(task, day)
        within(before + change, "the amount")  # a key's amount (the TUI's digits) is bounded as a typed one
        change = max(change, -before)
        if change:
            self._append([NewEvent("checkin", task.id, day, amount=change)])
        return change

    def excusable(self, task_id: str | None, first: date, last: date, force: bool = False) -> int:
        """How many occurrences a skip of first..last would excuse (task None: everything due); refused
        (UserError) when it would excuse nothing. Writes nothing."""
        if last < first:
            raise UserError(f"--to {last.isoformat()} is before --from {first.isoformat()}")
        self.inside_plan(first)
        self.inside_plan(last)
        self.within_makeup(first, force)
        task = None if task_id is None else self.task(task_id)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        days = [day for day in days if self.schedule.is_tracked(day)]
        due = [occ for day in days for occ in self.schedule.due_on(day) if task is None or occ.id == task.id]
        span = long_day(first) if first == last else f"{first.isoformat()} to {last.isoformat()}"
        if not due:
            what = f"'{task.id}' is not due" if task else "nothing is due"
            raise UserError(f"nothing to skip: {what} on {span}")
        ledger = self.store.ledger(first, last, self.run)
        done = [occ for occ in due if ledger.amount(occ.id, occ.day) >= occ.target]
        excused = [occ for occ in due if occ not in done and not ledger.skipped(occ.id, occ.day)]
        if not excused:
            if len(done) == len(due):
                raise UserError(f"already done: nothing to excuse on {span}")
            raise UserError(f"already excused: nothing new to excuse on {span}")
        return len(excused)

    def skip(
        self,
        task_id: str | None,
        first: date | None = None,
        last: date | None = None,
        reason: str | None = None,
        force: bool = False,
    ) -> Skip:
        """Excuse one task's occurrences (task None: everything due) over first..last, past or planned."""
        first = first or self.today
        last = last or first
        excused = self.excusable(task_id, first, last, force)
        task = None if task_id is None else self.task(task_id)
        reason = text_within(reason, "the reason")
        until = last if last != first else None
        self._append([NewEvent("skip", task.id if task else None, first, until=until, note=reason)])
        return Skip(task, first, last, excused, reason)

    def known_metrics(self) -> dict[str, str | None]:
        """The run's metrics with their kinds: the plan's, and those logged in this run."""
        logged: dict[str, str] = {}
        if self.run is not None:
            ledger = self.store.ledger(self.schedule.start, max(self.schedule.start, self.today), self.run)
            logged = {result.metric: "count" for result in ledger.results}
            logged.update((reading.metric, "level") for reading in ledger.readings)
        return known_metrics(self.schedule.plan, logged)

    def log(
        self, results: list[Entry], task_id: str | None = None, day: date | None = None, new_metric: bool = False
    ) -> Logged:
        """Results under their metrics, optionally tied to the task that brought them; a metric the run
        does not know is refused unless `new_metric`.

        A reading is of the whole account, never of one task: it is recorded without the task.
        """
        task = None if task_id is None else self.task(task_id)
        day = day or self.today
        self.not_future(day, "log results for")
        self.inside_plan(day)
        self.tracked(day, "log results for")
        if not results:
            raise UserError("no results to log")
        task_key = task.id if task else None
        events = [
            NewEvent("reading", None, day, metric=entry.metric, amount=level_within(entry.amount, entry.metric))
            if entry.reading
            else NewEvent("result", task_key, day, metric=entry.metric, amount=within(entry.amount, entry.metric))
            for entry in results
        ]
        plan = self.schedule.plan
        if not new_metric and any(entry.metric not in known_metrics(plan, {}) for entry in results):
            refusal = unknown_metric(results, self.known_metrics(), "(--new-metric starts a new one)")
            if refusal is not None:
                raise UserError(refusal)
        check_forms(results, {**plan.metric_kinds(), **self.store.metric_kinds()})
        self._append(events)
        return Logged(results, task, day)

    def undo(self) -> list[Event]:
        return undo(self.store, self.source, self.run)


def undo(store: Store, source: str, run: int | None = None) -> list[Event]:
    """Reverse the last batch of the run (None: of the home) not yet reversed; the events it reversed. A run's
    start on first use is not a step: undo never reverses it; undoing a revision puts the plan file back."""
    from cadence.record import revisions  # a plan that learns, and its checker: not for every write

    return revisions.undo(store, source, run)


def redo(store: Store, source: str, run: int | None = None) -> list[Event]:
    """Apply again the last step undone since the last write, as new events (`store.redo`); the events written.
    Redoing a revision writes the plan file again."""
    from cadence.record import revisions  # a plan that learns, and its checker: not for every write

    return revisions.redo(store, source, run)


def restore(store: Store, events: Iterable[Event], plan_starts: Iterable[tuple[str, str, str]]) -> int:
    """An export written back into a home with no history, every event as it was exported."""
    return store.restore(events, plan_starts)


def describe_event(event: Event, titles: Mapping[str, str] | None = None, redone: bool = False) -> str:
    """One event in words, for undo's confirmation (redo's: `redone`): the task's title (when known) and the
    day as "Tue 24 Nov"."""

    def day(text: str | None) -> str:
        return f"{date.fromisoformat(text):%a %d %b}" if text else "?"

    def named(task_id: str | None) -> str:
        if task_id is None:
            return "everything"
        return (titles or {}).get(task_id, task_id)

    amount = "no amount" if event.amount is None else f"{event.amount:g}"  # a NaN an older cadence imported
    if event.kind == "checkin":
        noted = " with its note" if event.note else ""
        return f"check-in of {named(event.task)} {amount}{noted} on {day(event.day)}"
    if event.kind == "result":
        task = f" for {named(event.task)}" if event.task else ""
        return f"result {event.metric} {amount}{task} on {day(event.day)}"
    if event.kind == "reading":
        return f"reading {event.metric}@{amount} on {day(event.day)}"
    if event.kind == "skip":
        span = f"from {day(event.day)} to {day(event.until)}" if event.until else f"on {day(event.day)}"
        return f"skip of {named(event.task)} {span}"
    if event.kind in ("rating", "plan-revised"):
        from cadence.record import revisions

        return revisions.describe(event, titles, redone)
    if event.kind in ("start", "shift", "repeat") and event.day is not None:
        from cadence.record.runs import describe_adjustment

        return describe_adjustment(event.kind, date.fromisoformat(event.day), event.amount or 0)
    return f"undo of batch {event.target_batch}"
