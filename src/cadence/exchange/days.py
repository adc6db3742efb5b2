"""`export --format days`: the plan day by day as CSV, one row per occurrence, for any spreadsheet.

A day with nothing due still has a row (status `rest`, `shifted` or `none`),
so the sheet has every day of the run. Statuses are those of `today`, as of now.
Unlike the event log's export, this is a report, never read back: its notes,
reasons and metrics are shown as `printable` keeps them, like any other output.
"""

from __future__ import annotations

from datetime import date

from cadence.core.calendar import Schedule
from cadence.core.status import Ledger, day_items
from cadence.exchange.csvline import line
from cadence.printable import printable
from cadence.wording import number

COLUMNS = ("date", "week", "phase", "task", "target", "done", "status", "results", "notes", "skip_reason")


def days_csv(schedule: Schedule, ledger: Ledger, today: date) -> str:
    rows = [line(COLUMNS)]
    results: dict[tuple[str, date], list[str]] = {}
    for result in ledger.results:
        if result.task is not None:
            results.setdefault((result.task, result.day), []).append(f"{result.metric}={number(result.amount)}")
    for day in schedule.days():
        week = schedule.week_of(day)
        phase = schedule.phase_of(week) if week else None
        label = "" if week is None else schedule.plan_week(week)
        phase_name = phase.name if phase else ""
        items = day_items(schedule, day, ledger, today) if week else []
        if not items:
            state = "shifted" if schedule.is_shifted(day) else "rest" if schedule.is_rest_day(day) else "none"
            rows.append(line([day.isoformat(), label, phase_name, "", "", "", state, "", "", ""]))
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
                    ]
                )
            )
    return "".join(rows)
