"""`plan check`, `plan show`, `plan new`, `plan list-templates` and `plan schema`."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cadence.bundled import SCHEMA_FILE, bundled_plans
from cadence.cli.session import Session, print_json
from cadence.config import PlanSource
from cadence.core.model import Plan
from cadence.errors import UserError
from cadence.plan import check_text, read_text, suggest
from cadence.printable import one_line
from cadence.wording import plural

if TYPE_CHECKING:
    from cadence.core.automaticity import Fading
    from cadence.core.calendar import Schedule

STARTER_TEMPLATE = "starter-4-weeks"


def check(session: Session) -> int:
    file = session.args.file
    source = PlanSource(Path(file).expanduser(), file) if file else session.source
    text = read_text(source.path, source.shown)
    plan, diagnostics = check_text(text, source.shown, today=lambda found: day_of(found, session.env))
    for diagnostic in diagnostics:
        print(one_line(str(diagnostic)), file=sys.stderr)
    if plan is None:
        errors = sum(1 for d in diagnostics if d.severity == "error")
        print(f"{source.shown}: {plural(errors, 'error')}; the plan cannot be used", file=sys.stderr)
        return 1
    tasks = sum(1 for task in plan.tasks if task.kind == "task")
    blocks = len(plan.tasks) - tasks
    summary = ", ".join(
        plural(count, word)
        for count, word in ((plan.weeks, "week"), (tasks, "task"), (blocks, "block"), (len(plan.goals), "goal"))
    )
    if diagnostics:
        summary += f"; {plural(len(diagnostics), 'warning')}"
    print(f"{source.shown}: ok ({summary})")
    return 0


def day_of(plan: Plan, env: Mapping[str, str]) -> date:
    """The plan day of now for a plan that is not (yet) the plan in use, in its own zone."""
    from cadence.clock import now, plan_zone
    from cadence.core.calendar import plan_day

    zone = plan_zone(plan.timezone, env)
    return plan_day(now(env, zone), zone, plan.day_starts)


def show(session: Session) -> int:
    from cadence.views import plan as views

    schedule = session.schedule(record=False)
    week = session.args.week
    if week is not None and not 1 <= week <= schedule.plan.weeks:
        raise UserError(f"week {week} is outside the plan's weeks 1-{schedule.plan.weeks}")
    every = range(1, schedule.weeks + 1)
    weeks = [w for w in every if schedule.plan_week(w) == week] if week else list(every)
    done, faded = _learned(session, schedule)
    if session.args.json:
        print_json(views.plan_json(schedule, weeks, done, faded))
    elif week:
        print("\n\n".join(views.week_text(schedule, w, done) for w in weeks))
    else:
        import shutil

        columns = shutil.get_terminal_size((100, 24)).columns
        print(views.plan_grid(schedule, session.today(), columns, done, faded))
    return 0


def _learned(session: Session, schedule: Schedule) -> tuple[dict[int, float], dict[str, Fading]]:
    """The done minutes of the weeks tracked, and the tasks whose reminders faded; nothing without a run."""
    from cadence.core.automaticity import faded
    from cadence.core.load import done_minutes
    from cadence.store.learning import answers

    run = session.run(record=False)
    if run is None:
        return {}, {}
    today = session.today()
    ledger = session.ledger(schedule.start, max(schedule.start, today))
    return done_minutes(schedule, ledger, today), faded(schedule, ledger, answers(session.store(), run), today)


def schema(session: Session) -> int:
    from cadence.plan.schema import json_schema_text

    sys.stdout.write(json_schema_text())
    return 0


def templates(session: Session) -> int:
    for name, path in bundled_plans().items():
        first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")), "# ")
        print(f"{name:<22} {first[2:]}")
    return 0


def new(session: Session) -> int:
    target = Path(session.args.file).expanduser()
    found = bundled_plans()
    name = session.args.template or STARTER_TEMPLATE
    if name not in found:
        hint = suggest(name, found) or f"; the templates are: {', '.join(found)}"
        raise UserError(f"no template '{name}'{hint}")
    text = floated(found[name].read_text(encoding="utf-8"), session.args.start)
    # Editors with taplo (Even Better TOML) validate and complete against the installed schema.
    text = text.replace("#:schema ./plan.schema.json", f"#:schema {Path(SCHEMA_FILE).resolve().as_uri()}", 1)
    if target.exists() or target.is_symlink():
        raise UserError(f"{session.args.file} already exists; choose another name (cadence never overwrites a plan)")
    made = _folders_for(target, session.args.file)
    try:
        with open(target, "x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise UserError(
            f"{session.args.file} already exists; choose another name (cadence never overwrites a plan)"
        ) from None
    except OSError as error:
        raise UserError(f"cannot write {session.args.file}: {error.strerror or error}") from None
    if made:
        print(f"Created the folder {made}, which was not there.")
    when = (
        f"week 1 starts on {session.args.start:%a} {session.args.start.isoformat()}"
        if session.args.start
        else "it starts on the Monday of the week you first use it ('cadence start' picks another day)"
    )
    print(f"Wrote {session.args.file}: {when}. Edit it, then run 'cadence plan check {session.args.file}'.")
    return 0


DAY_KEY = re.compile(r"^(\s*)#?\s*(start|finish)\s*=\s*\S+(.*)$")


def floated(text: str, start: date | None) -> str:
    """A template's text with no fixed first day, unless `start` is given: its [plan] table's `start` or
    `finish` line commented out (a template's date is the day it was written, long past when it is used),
    or the first such line, commented or not, set to `start`."""
    lines = text.splitlines(keepends=True)
    inside = False
    placed = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith("[plan]")
            continue
        match = DAY_KEY.match(line.rstrip("\n"))
        if not inside or match is None:
            continue
        indent, _, rest = match.groups()
        if start is not None and not placed:
            lines[index] = f"{indent}start = {start.isoformat()}{rest}\n"
            placed = True
        elif not stripped.startswith("#"):
            lines[index] = f"{indent}# {stripped}  # without a fixed day, the plan starts when first used\n"
    if start is not None and not placed:
        at = next(index for index, line in enumerate(lines) if line.strip().startswith("[plan]"))
        lines.insert(at + 1, f"start = {start.isoformat()}\n")
    return "".join(lines)


def _folders_for(target: Path, shown: str) -> str | None:
    """Create the folders a new plan's path names that are not there (as `mkdir -p`); the folder as the person
    wrote it when any was created, else None."""
    import os

    if target.parent.is_dir():
        return None
    try:
        target.parent.mkdir(parents=True)
    except OSError as error:
        raise UserError(f"cannot create the folder for {shown}: {error.strerror or error}") from None
    return os.path.dirname(shown) or str(target.parent)
