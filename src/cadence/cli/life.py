"""A plan's life from the command line: `start`, `use`, `runs`, `shift` and `repeat-week`."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cadence.cli.session import SOURCE, Session, print_json
from cadence.config import set_key
from cadence.core.model import WEEKDAYS
from cadence.core.rhythm import weekday_moves
from cadence.errors import UserError
from cadence.plan import check_text, read_text
from cadence.printable import one_line, pad, width
from cadence.record import runs
from cadence.views.today import week_label
from cadence.wording import long_day, plural

WEEKDAY_NAMES = {name: index for index, name in enumerate(WEEKDAYS)} | {
    full: index
    for index, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}


def ahead(word: str, today: date) -> date:
    """A day to start on: today, a weekday name (the next such day, today included) or a date."""
    text = word.strip().lower()
    if text == "today":
        return today
    if text in WEEKDAY_NAMES:
        return today + timedelta(days=(WEEKDAY_NAMES[text] - today.weekday()) % 7)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"start on today, monday (or another weekday) or a date like 2026-12-07, not '{word}'"
        ) from None


def start(session: Session) -> int:
    args = session.args
    plan = session.loaded().plan
    today = session.today()
    day = ahead(args.when, today)
    begun = runs.start(session.store(), plan, today, day, args.restart, session.plan_path(), SOURCE)
    schedule = begun.schedule
    again = "A new run" if begun.restarted else "Run"
    print(
        f"{again} {begun.run.number} of {plan.name}: week 1 starts on {long_day(schedule.start)},"
        f" tracking from {long_day(schedule.tracking)}; it {runs.ends(schedule)}."
    )
    return 0


def use(session: Session) -> int:
    """Check FILE, then make it the plan of every command (config.toml)."""
    from cadence.cli.plans import day_of
    from cadence.plan import PlanError

    env = session.env
    file = Path(session.args.file).expanduser()
    try:
        text = read_text(file, session.args.file)
    except PlanError as error:
        diagnostics, plan = error.diagnostics, None
    else:
        plan, diagnostics = check_text(text, session.args.file, warnings=False, today=lambda found: day_of(found, env))
    if plan is None:
        for diagnostic in diagnostics:
            print(one_line(str(diagnostic)), file=sys.stderr)
        print(f"{session.args.file}: not switched; the plan in use stays as it was", file=sys.stderr)
        return 1
    resolved = str(file.resolve())
    if not resolved.isascii() and resolved != resolved.encode("utf-8", "surrogateescape").decode("utf-8", "replace"):
        raise UserError(
            f"{resolved}: its name is not UTF-8, and config.toml holds UTF-8 text only; rename the file, or give it"
            " with --plan or $CADENCE_PLAN"
        )
    config = set_key(session.env, "plan", resolved)
    from cadence.store import Store
    from cadence.store import runs as stored

    existing = Store.open(session.home, create=False)
    try:
        run = stored.current_run(existing, plan.name) if existing is not None else None
    finally:
        if existing is not None:
            existing.close()
    if run is not None:
        said = f"it has a run already (run {run.number}, tracking since {long_day(run.tracking)}), which goes on"
    elif plan.floating:
        said = "its first use starts it on this week's Monday, or choose the day with 'cadence start'"
    else:
        said = "it has no run yet: tracking starts with its first use"
    print(f"Using {plan.name} ({file.resolve()}), written to {config}; {said}.")
    for diagnostic in diagnostics:  # warnings only: a plan whose every day is past
        print(diagnostic, file=sys.stderr)
    return 0


def _run_rows(session: Session) -> list[dict[str, Any]]:
    from cadence.core.goals import goal_review
    from cadence.core.streaks import plan_adherence
    from cadence.plan import PlanError, load_plan
    from cadence.store import runs as stored

    store = session.store()
    today = session.today()
    try:
        current = session.lived(record=False)
        current_number = current.number
        current_name = current.schedule.plan.name
    except PlanError:
        current_number, current_name = None, None
    rows = []
    for run in stored.runs(store):
        schedule = None
        if run.path:
            try:
                found = load_plan(Path(run.path)).plan
            except PlanError:
                found = None
            if found is not None and found.name == run.plan:
                schedule = runs.lay_out(store, found, run)
        row: dict[str, Any] = {
            "number": run.number,
            "plan": run.plan,
            "file": run.path,
            "start": run.start.isoformat(),
            "end": schedule.end.isoformat() if schedule else None,
            "tracking_from": (schedule.tracking if schedule else run.tracking).isoformat(),
            "current": run.number == current_number and run.plan == current_name,
            "adherence": None,
            "goals_met": None,
        }
        if schedule is not None:
            ledger = store.ledger(schedule.start, max(schedule.start, min(today, schedule.end)), run.number)
            adherence = plan_adherence(schedule, ledger, today)
            row["adherence"] = None if adherence is None else round(adherence, 4)
            goals = [goal_review(schedule, goal, ledger, today) for goal in schedule.plan.goals]
            row["goals_met"] = sum(1 for goal in goals if goal.current >= goal.goal.target)
            row["goals"] = len(goals)
        rows.append(row)
    return rows


def list_runs(session: Session) -> int:
    rows = _run_rows(session)
    if session.args.json:
        print_json([{key: value for key, value in row.items() if key != "goals"} for row in rows])
        return 0
    if not rows:
        print("No runs yet: a plan's first use begins one, or 'cadence start' does.")
        return 0
    columns = max(width(row["plan"]) for row in rows)
    print(
        f"  {'run':>3}  {pad('plan', columns)}  {'start':<10}  {'end':<10}  {'tracked from':<12}  adherence  goals met"
    )
    for row in rows:
        adherence = "-" if row["adherence"] is None else f"{round(row['adherence'] * 100)}%"
        goals = "-" if row["goals_met"] is None else f"{row['goals_met']}/{row['goals']}"
        mark = "*" if row["current"] else " "
        print(
            f"{mark} {row['number']:>3}  {pad(row['plan'], columns)}  {row['start']:<10}  {row['end'] or '-':<10}"
            f"  {row['tracking_from']:<12}  {adherence:>9}  {goals:>9}"
        )
    if any(row["current"] for row in rows):
        print("* the current run of the plan in use")
    return 0


def shift(session: Session) -> int:
    args = session.args
    days = runs.parse_shift(args.days)
    lived = session.lived()
    today = session.today()
    given = session.day(args.from_)
    planned = runs.shift(session.store(), lived, today, days, given, SOURCE, args.rotate)
    after = session.relive()
    first, last = planned.freed
    free = first if days == 1 else f"{first.isoformat()} to {last.isoformat()}"
    print(
        f"Shifted {after.schedule.plan.name} {plural(days, 'day')} from {long_day(first)}: {free}"
        f" {'is' if days == 1 else 'are'} free, and the plan now {runs.ends(after.schedule)}."
    )
    if planned.moves:
        print(f"The weekly rhythm rotated: {weekday_moves(lived.schedule, first, days, done=True)}.")
    return 0


def repeat_week(session: Session) -> int:
    lived = session.lived()
    today = session.today()
    week = runs.repeat_week(session.store(), lived, today, session.args.week, SOURCE)
    after = session.relive()
    schedule = after.schedule
    again = schedule.last_pass(week)
    phase = schedule.phase_of(again)
    named = f" ({phase.name})" if phase else ""
    moved = "everything after moves 7 days later, and " if again < schedule.weeks else ""
    print(
        f"{week_label(schedule, again).capitalize()}{named}: {long_day(schedule.week_start(again))}"
        f" to {long_day(schedule.week_end(again))}; {moved}the plan now {runs.ends(schedule)}."
    )
    return 0
