"""The one "life happened" flow: four ways to live with a span of days, each saying what it changes first.

For a span (today, yesterday, or a range) a person may:

1. **excuse** the days (`skip --all --from --to`): dates unchanged, the days neutral, nothing moves;
2. **move the plan by whole weeks** (`shift Nw`): every weekday kept, the plan ends N weeks later;
3. **move it by the span's days** (`shift N --rotate`): every later day changes weekday, which is said
   in so many words and asked before it is taken;
4. **do this week again** (`repeat-week --week W`), the week named in words.

`choices` works each one out without writing (the TUI's `>` shows them side by side, with the command
that does the same); `take` makes one, through the same write path as the command, as one undoable step.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from cadence.core.calendar import Schedule
from cadence.core.rhythm import keeps_weekdays
from cadence.errors import UserError
from cadence.record import runs
from cadence.record.writes import Recorder
from cadence.store import Store
from cadence.wording import plural

Way = Literal["excuse", "weeks", "days", "repeat"]
WAYS: tuple[Way, ...] = ("excuse", "weeks", "days", "repeat")


class Span(NamedTuple):
    first: date
    last: date
    from_today: bool = False
    """Today alone: a shift begins tomorrow when today already has records, as `shift` without --from."""

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def words(self) -> str:
        return f"{self.first:%a %d %b}" if self.days == 1 else f"{self.first:%a %d %b} to {self.last:%a %d %b}"


class Choice(NamedTuple):
    way: Way
    says: str
    """What it changes, or why it cannot be taken."""
    command: str
    """The command line that does the same."""
    possible: bool
    ask: str | None = None
    """A question to answer first: a rotation of the weekly rhythm."""


def _ends(schedule: Schedule) -> str:
    return f"the plan ends {schedule.end:%a %d %b %Y}"


def week_words(schedule: Schedule, week: int) -> str:
    """A run week in words: "week 4 of 8 (Build, “Deload: keep the habit”)"."""
    number = schedule.plan_week(week)
    phase, override = schedule.phase_of(week), schedule.week_override(week)
    said = [
        name
        for name in (phase.name if phase else None, f"“{override.note}”" if override and override.note else None)
        if name
    ]
    return f"week {number} of {schedule.plan.weeks}" + (f" ({', '.join(said)})" if said else "")


def _excuse(recorder: Recorder, span: Span) -> Choice:
    schedule = recorder.schedule
    dates = (
        f"--date {span.first.isoformat()}"
        if span.days == 1
        else f"--from {span.first.isoformat()} --to {span.last.isoformat()}"
    )
    command = f"cadence skip --all {dates} --reason WHY"
    try:
        excused = recorder.excusable(None, span.first, span.last)
    except UserError as error:
        return Choice("excuse", f"Excuse {span.words()}: {error}", command, False)
    return Choice(
        "excuse",
        f"Excuse {span.words()}: {plural(excused, 'item')} excused, neutral for the streak; no date moves,"
        f" {_ends(schedule)} as before",
        command,
        True,
    )


def _shift(store: Store, lived: runs.Lived, today: date, span: Span, days: int, way: Way) -> Choice:
    first = None if span.from_today else span.first
    since = "" if first is None else f" --from {first.isoformat()}"
    weeks = way == "weeks"
    amount = f"{days // 7}w" if weeks else str(days)
    command = f"cadence shift {amount}{since}" + ("" if weeks else " --rotate")
    label = f"Move the plan {plural(days // 7, 'week') if weeks else plural(days, 'day')} later"
    if days > runs.MAX_SHIFT:
        return Choice(way, f"{label}: a year at most; a new start suits longer breaks", command, False)
    try:
        planned = runs.plan_shift(store, lived, today, days, first)
    except UserError as error:
        return Choice(way, f"{label}: {error}", command, False)
    freed_first, freed_last = planned.freed
    freed = f"{freed_first:%a %d %b}" + ("" if days == 1 else f" to {freed_last:%a %d %b}")
    if weeks:
        return Choice(way, f"{label}: {freed} free, every weekday kept; {_ends(planned.after)}", command, True)
    if keeps_weekdays(days):
        return Choice(way, f"{label}: whole weeks, the same as moving by weeks", command, False)
    moves = planned.moves
    return Choice(
        way,
        f"{label}: {freed} free, and every later day changes weekday: {moves}; {_ends(planned.after)}",
        command,
        True,
        f"Move every later day {plural(days, 'day')} on? {moves[0].upper()}{moves[1:]}. 'cadence shift"
        f" {-(-days // 7)}w' keeps weekdays, excusing the days keeps the dates.",
    )


def _repeat(store: Store, lived: runs.Lived, today: date) -> Choice:
    schedule = lived.schedule
    try:
        week, after = runs.plan_repeat(store, lived, today, None)
    except UserError as error:
        return Choice("repeat", f"Do this week again: {error}", "cadence repeat-week", False)
    again = after.last_pass(week)
    return Choice(
        "repeat",
        f"Do {week_words(schedule, schedule.last_pass(week))} again: {after.week_start(again):%a %d %b} to"
        f" {after.week_end(again):%a %d %b}, then the rest a week later; {_ends(after)}",
        f"cadence repeat-week --week {week}",
        True,
    )


def choices(store: Store, lived: runs.Lived, recorder: Recorder, today: date, span: Span) -> list[Choice]:
    """The four ways, each with what it changes for this span; nothing is written."""
    weeks = -(-span.days // 7)
    return [
        _excuse(recorder, span),
        _shift(store, lived, today, span, 7 * weeks, "weeks"),
        _shift(store, lived, today, span, span.days, "days"),
        _repeat(store, lived, today),
    ]


def take(
    store: Store,
    lived: runs.Lived,
    recorder: Recorder,
    today: date,
    span: Span,
    way: Way,
    reason: str | None,
    source: str,
) -> str:
    """Make one choice, as one undoable step; what was done, in words."""
    first = None if span.from_today else span.first
    if way == "excuse":
        skipped = recorder.skip(None, span.first, span.last, reason)
        because = f" ({skipped.reason})" if skipped.reason else ""
        return f"Excused {span.words()}: {plural(skipped.excused, 'item')}{because}."
    if way in ("weeks", "days"):
        days = 7 * -(-span.days // 7) if way == "weeks" else span.days
        planned = runs.shift(store, lived, today, days, first, source, rotate=way == "days")
        return f"Moved the plan {plural(days, 'day')} later from {planned.first:%a %d %b}; {_ends(planned.after)}."
    week = runs.repeat_week(store, lived, today, None, source)
    return f"Week {week} again; the rest moves a week later."
