"""`export --format days`: the plan day by day as CSV, one row per occurrence, for any spreadsheet.

A day with nothing due still has a row (status `rest`, `shifted` or `none`),
so the sheet has every day of the run. Statuses are those of `today`, as of now.
`weekday` is the day's real weekday (after a rotating shift, not the plan's);
`day_status` is the whole day's word as the streak counts it (`missed` for a
day partly done once its make-up window closed); `this_week` is a `per_week`
task's check-ins over the week's quota, prorated by its excused days, booked
ahead ones included ("1/2").
Unlike the event log's export, this is a report, never read back: its notes,
reasons and metrics are shown as `printable` keeps them, like any other output.
"""

from __future__ import annotations

from datetime import date

from cadence.core.calendar import Schedule
from cadence.core.rhythm import short_name
from cadence.core.status import Ledger, day_items, day_status
from cadence.exchange.csvline import line
from cadence.printable import printable
from cadence.wording import number

COLUMNS = (
    "date",
    "week",
    "phase",
    "task",
    "target",
    "done",
    "status",
    "results",
    "notes",
    "skip_reason",
    "weekday",
    "day_status",
    "this_week",
)


def days_csv(schedule: Schedule, ledger: Ledger, today: date) -> str:
    rows = [line(COLUMNS)]
    summed: dict[tuple[str, date], dict[str, float]] = {}  # each metric once a day: its results added up
    for result in ledger.results:
        if result.task is not None:
            day_results = summed.setdefault((result.task, result.day), {})
            day_results[result.metric] = day_results.get(result.metric, 0.0) + result.amount
    results = {
        key: [f"{metric}={number(amount)}" for metric, amount in found.items()] for key, found in summed.items()
    }
    for day in schedule.days():
        week = schedule.week_of(day)
        phase = schedule.phase_of(week) if week else None
        label = "" if week is None else schedule.plan_week(week)
        phase_name = phase.name if phase else ""
        items = day_items(schedule, day, ledger, today) if week else []
        weekday = short_name(day)
        whole = day_status(schedule, day, ledger, today) or ""
        if not items:
            state = "shifted" if schedule.is_shifted(day) else "rest" if schedule.is_rest_day(day) else "none"
            rows.append(line([day.isoformat(), label, phase_name, "", "", "", state, "", "", "", weekday, whole, ""]))
            continue
        for item in items:
            key = (item.task.id, day)
            rows.append(
                line(
                    [
                        day.isoformat(),
                        label,
                        phase_name,
                        item.task.id,
                        item.occurrence.target,
                        number(item.done),
                        item.status,
                        printable(" ".join(results.get(key, []))),
                        printable("; ".join(ledger.notes.get(key, ()))),
                        printable(ledger.reason(item.task.id, day) or "") if item.status == "skipped" else "",
                        weekday,
                        whole,
                        str(item.week) if item.week is not None else "",
                    ]
                )
            )
    return "".join(rows)
