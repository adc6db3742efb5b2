"""The reminders due now and not yet said, said once: what `cadence remind` prints.

For a person with no daemon running (cron, a login script, a shell prompt),
the same alarms the daemon would have sent by now, by the daemon's rules: the
alarms of today's plan day (since the run began) whose instant has come,
each claimed in the store's sent-record first (`store.claims`), so that
neither the daemon, the open TUI nor another `cadence remind` says it again;
one missed by less than the plan's grace is said as it is, older ones are
folded into one "Missed while away" (a rest day's morning is never missed),
and one whose work is done by now is claimed and not said. Reminders fade as
the daemon's do: an automatic task is named in the morning summary only. No
APScheduler and no D-Bus: a prompt can afford it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from cadence.core.alarms import Alarm, Words, alarms_between, catch_up_words, words
from cadence.core.calendar import Schedule
from cadence.core.status import recent_window
from cadence.store import Store
from cadence.store.claims import claim, was_sent
from cadence.store.runs import current_run

if TYPE_CHECKING:
    from cadence.core.automaticity import Fading


def say_due(store: Store, schedule: Schedule, run: int | None, zone: tzinfo, now: datetime, today: date) -> list[Words]:
    """Claim and word every alarm due by `now` that no process has said; in the order the daemon says them."""
    plan = schedule.plan
    start = datetime.combine(today, plan.day_starts, tzinfo=zone).astimezone(UTC)
    begun = current_run(store, plan.name)
    if begun is not None and begun.begun is not None:  # nothing was owed before the first use
        start = max(start, datetime.fromtimestamp(begun.begun, UTC))
    grace = timedelta(minutes=plan.notify.grace_min)
    said: list[Words] = []
    folded: list[tuple[Alarm, Words]] = []
    faded = _faded(store, schedule, run, today)
    for alarm in alarms_between(schedule, zone, start, now + timedelta(microseconds=1), faded):  # its instant too
        if was_sent(store, alarm.key):
            continue
        ledger = store.ledger(*recent_window(schedule, alarm.day, today), run)
        found = words(alarm, schedule, ledger, today, faded)
        if not claim(store, alarm.key, now) or found is None:
            continue
        if now - alarm.at <= grace:
            said.append(found)
        elif found.missable:
            folded.append((alarm, found))
    if folded:
        said.append(catch_up_words(folded))
    return said


def _faded(store: Store, schedule: Schedule, run: int | None, today: date) -> dict[str, Fading]:
    """The tasks whose reminders faded today, as the daemon reckons them (none before any answer: a prompt's
    `remind` loads nothing more of a plan that learns until the person has rated a task)."""
    from cadence.store.learning import answers

    given = answers(store, run)
    if not given:
        return {}
    from cadence.core.automaticity import faded, fading_window

    return faded(schedule, store.ledger(*fading_window(schedule, today), run), given, today)
