"""The page's writes: a tap or a form turned into a call of the one write path, with `source = "web"`.

Each returns what happened in the command line's words, or raises the write
path's `UserError` (a closed day, a bound, an unknown task) with nothing
written. Amounts are read from the store at the moment of the write, never from
what the page last showed, so a tap on an item another process completed does
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from cadence.core.units import fraction, quantity
from cadence.errors import UserError
from cadence.plan import suggest
from cadence.record.bounds import positive, reading_value
from cadence.record.runs import Lived
from cadence.record.writes import Entry, Recorder, describe_event, undo
from cadence.web.site import Site
from cadence.wording import long_day, plural

SOURCE = "web"
"""How events written from the page are marked in the log."""
MAX_NOTE = 2000
"""Characters of a note or a reason: a paragraph, not a file."""


def recorder(site: Site) -> tuple[Recorder, Lived]:
    lived = site.lived()
    return Recorder(site.store, lived.schedule, site.today(), SOURCE, lived.number), lived


def day_of(text: str) -> date:
    """A day as the forms send it (2026-12-01)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"not a day like 2026-12-01: '{text[:40]}'") from None


def _text(value: str, what: str) -> str | None:
    value = value.strip()
    if len(value) > MAX_NOTE:
        raise UserError(f"{what} must be at most {MAX_NOTE:,} characters, not {len(value):,}")
    return value or None


def _said(recorder: Recorder, task_id: str, day: date) -> str:
    task = recorder.task(task_id)
    amount = recorder.amount(task_id, day)
    if not recorder.schedule.is_due_on(task, day):
        return (
            f"{task.id}: {quantity(amount, task.unit)} on {long_day(day)}, extra work ({task.id} is not due that day)."
        )
    return f"{task.id}: {fraction(amount, recorder.target(task_id, day), task.unit)} on {long_day(day)}."


def check(site: Site, task_id: str, day: date, amount: str = "", note: str = "") -> str:
    """A check-in: `amount` when given (added, as `cadence check TASK AMOUNT`), else the rest of the day's target."""
    writer, _ = recorder(site)
    task = writer.task(task_id)
    said = _text(note, "the note")
    if amount.strip():
        value: float = positive(amount.strip(), "the amount")
    else:
        value = writer.target(task_id, day) - writer.amount(task_id, day)
        if value <= 0 and said is None:
            return f"Already done: {_said(writer, task_id, day)}"
        value = max(value, 0.0)
    done = writer.check_in(task.id, value, day, said)
    if not done.due:
        return (
            f"Checked in {task.id}: {quantity(done.total, task.unit)} on {long_day(day)},"
            f" recorded as extra work ({task.id} is not due that day)."
        )
    return f"Checked in {task.id}: {fraction(done.total, done.target, task.unit)} on {long_day(day)}, {done.state}."


def step(site: Site, task_id: str, day: date, change: float) -> str:
    """One more or one less (a correction is appended; a day never goes below zero)."""
    writer, _ = recorder(site)
    made = writer.correct(task_id, day, change)
    if not made:
        return f"Nothing to take back: {_said(writer, task_id, day)}"
    return _said(writer, task_id, day)


def skip(site: Site, task_id: str | None, day: date, reason: str = "") -> str:
    """Excuse one task's occurrence on `day`, or (task None) everything due that day: a day life took, or one
    booked ahead."""
    writer, _ = recorder(site)
    skipped = writer.skip(task_id, day, day, _text(reason, "the reason"))
    because = f" ({skipped.reason})" if skipped.reason else ""
    who = skipped.task.id if skipped.task else "everything"
    return f"Skipped {who} on {long_day(day)}: {plural(skipped.excused, 'occurrence')} excused{because}."


def metric_kinds(site: Site, lived: Lived) -> dict[str, str | None]:
    """The metrics the results form offers, each a count, a level, or None (a goal's, not logged yet)."""
    plan = lived.schedule.plan
    kinds: dict[str, str | None] = {goal.metric: None for goal in plan.goals}
    kinds.update(plan.metric_kinds())
    kinds.update(site.store.metric_kinds())
    return kinds


def log(site: Site, values: Mapping[str, str], forms: Mapping[str, str], task_id: str, day: date) -> str:
    """Results as the form sends them: `values` by metric (blank: not logged), `forms` by metric (`=` or `@`)."""
    writer, lived = recorder(site)
    known = metric_kinds(site, lived)
    entries: list[Entry] = []
    for metric, value in values.items():
        if not value.strip():
            continue
        if metric not in known:
            hint = suggest(metric, [f"{m}@" if kind == "level" else m for m, kind in known.items()])
            raise UserError(f"'{metric[:40]}' is not a metric of this plan{hint}")
        kind = known[metric] or ("level" if forms.get(metric) == "@" else "count")
        if kind == "level" or forms.get(metric) == "@":
            entries.append(Entry(metric, reading_value(value.strip(), f"the reading of {metric}"), True))
        else:
            entries.append(Entry(metric, positive(value.strip(), f"the value of {metric}")))
    task = task_id.strip() or None
    if task is not None:
        writer.task(task)  # an unknown task is named before any result is read
    logged = writer.log(entries, task, day)
    listed = ", ".join(f"{entry.metric} {'at ' if entry.reading else ''}{entry.amount:g}" for entry in logged.results)
    for_task = f" for {logged.task.id}" if logged.task else ""
    return f"Logged {listed}{for_task} on {long_day(logged.day)}."


def take_back(site: Site) -> str:
    """`cadence undo` from the page: the run's last change, whoever made it."""
    lived = site.lived()
    undone = undo(site.store, SOURCE, lived.number)
    if not undone:
        raise UserError("nothing to undo: the log has no event left to reverse")
    site.forget_streak()
    titles = {task.id: task.title for task in lived.schedule.plan.tasks}
    return "Undid " + "; ".join(describe_event(event, titles) for event in undone) + "."
