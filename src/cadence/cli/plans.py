"""`plan check`, `plan show`, `plan new`, `plan list-templates` and `plan schema`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cadence.bundled import SCHEMA_FILE, bundled_plans
from cadence.cli.session import Session, print_json
from cadence.config import PlanSource
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
    plan, diagnostics = check_text(text, source.shown)
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
    text = found[name].read_text(encoding="utf-8")
    # Editors with taplo (Even Better TOML) validate and complete against the installed schema.
    text = text.replace("#:schema ./plan.schema.json", f"#:schema {SCHEMA_FILE.resolve().as_uri()}", 1)
    try:
        with open(target, "x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise UserError(
            f"{session.args.file} already exists; choose another name (cadence never overwrites a plan)"
        ) from None
    except OSError as error:
        raise UserError(f"cannot write {session.args.file}: {error.strerror or error}") from None
    print(f"Wrote {session.args.file}. Edit it, then run 'cadence plan check {session.args.file}'.")
    return 0
