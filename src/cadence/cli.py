"""The command line: parse arguments, build the real parts, run one command.

Exit codes (SPEC §4): 0 success, 1 a user error, 2 a usage error. Every error is
printed to stderr as one line (a plan prints one line per problem); no command
lets a traceback reach the person. Textual is imported only to open the TUI.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, NoReturn

from cadence import __version__
from cadence.clock import ClockError, now, plan_zone
from cadence.core.calendar import Schedule, monday_of, plan_day, resolve_start
from cadence.core.status import EMPTY_LEDGER, Ledger
from cadence.paths import ConfigError, PlanSource, bundled_plans, resolve_home, resolve_plan
from cadence.planfile import LoadedPlan, PlanError, check_text, load_plan, read_text
from cadence.store import Store, StoreError

STARTER_TEMPLATE = "starter-4-weeks"


class UserError(Exception):
    """A refusal the person can act on: exit 1 with this one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


class Session:
    """The real parts one command needs, built on first use."""

    def __init__(self, args: argparse.Namespace, env: Mapping[str, str]) -> None:
        self.args = args
        self.env = env
        self._loaded: LoadedPlan | None = None
        self._store: Store | None = None

    @property
    def source(self) -> PlanSource:
        try:
            return resolve_plan(getattr(self.args, "plan", None), self.env)
        except ConfigError as error:
            raise UserError(str(error)) from None

    @property
    def home(self) -> Path:
        return resolve_home(getattr(self.args, "home", None), self.env)

    def loaded(self) -> LoadedPlan:
        if self._loaded is None:
            source = self.source
            self._loaded = load_plan(source.path, source.shown)
        return self._loaded

    def zone(self) -> tzinfo:
        return plan_zone(self.loaded().plan.timezone, self.env)

    def now(self) -> datetime:
        try:
            return now(self.env, self.zone())
        except ClockError as error:
            raise UserError(str(error)) from None

    def today(self) -> date:
        plan = self.loaded().plan
        return plan_day(self.now(), self.zone(), plan.day_starts)

    def store(self) -> Store:
        if self._store is None:
            try:
                store = Store.open(self.home, create=True)
            except StoreError as error:
                raise UserError(str(error)) from None
            assert store is not None
            self._store = store
        return self._store

    def schedule(self, record: bool = True) -> Schedule:
        """The plan pinned to its first day; a floating plan's first day is recorded on first use."""
        plan = self.loaded().plan
        today = self.today()
        if plan.start is not None or plan.finish is not None:
            return Schedule(plan, resolve_start(plan, today))
        if record:
            return Schedule(plan, self.store().plan_start(plan.name, lambda: monday_of(today)))
        try:
            existing = Store.open(self.home, create=False)
        except StoreError as error:
            raise UserError(str(error)) from None
        start = existing.recorded_start(plan.name) if existing else None
        if existing:
            existing.close()
        return Schedule(plan, start or monday_of(today))

    def ledger(self) -> Ledger:
        return EMPTY_LEDGER

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-12-01: '{value}'") from None


def _print_json(data: Any) -> None:
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False))


# --------------------------------------------------------------------------- commands


def cmd_today(session: Session) -> int:
    from cadence import views

    schedule = session.schedule()
    today = session.today()
    day = session.args.date or today
    ledger = session.ledger()
    if session.args.json:
        _print_json(views.today_json(schedule, day, ledger, today))
    else:
        print(views.today_text(schedule, day, ledger, today))
    return 0


def cmd_plan_check(session: Session) -> int:
    file = session.args.file
    source = PlanSource(Path(file).expanduser(), file) if file else session.source
    text = read_text(source.path, source.shown)
    plan, diagnostics = check_text(text, source.shown)
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
    if plan is None:
        errors = sum(1 for d in diagnostics if d.severity == "error")
        print(f"{source.shown}: {errors} error{'s' if errors != 1 else ''}; the plan cannot be used", file=sys.stderr)
        return 1
    tasks = sum(1 for task in plan.tasks if task.kind == "task")
    blocks = len(plan.tasks) - tasks
    warnings = len(diagnostics)
    summary = f"{plan.weeks} weeks, {tasks} tasks, {blocks} blocks, {len(plan.goals)} goals"
    if warnings:
        summary += f"; {warnings} warning{'s' if warnings != 1 else ''}"
    print(f"{source.shown}: ok ({summary})")
    return 0


def cmd_plan_show(session: Session) -> int:
    from cadence import views

    schedule = session.schedule(record=False)
    week = session.args.week
    if week is not None and not 1 <= week <= schedule.plan.weeks:
        raise UserError(f"week {week} is outside the plan's weeks 1-{schedule.plan.weeks}")
    weeks = [week] if week else list(range(1, schedule.plan.weeks + 1))
    if session.args.json:
        _print_json(views.plan_json(schedule, weeks))
    elif week:
        print(views.week_text(schedule, week))
    else:
        print(views.plan_grid(schedule, session.today()))
    return 0


def cmd_plan_new(session: Session) -> int:
    target = Path(session.args.file).expanduser()
    text = bundled_plans()[STARTER_TEMPLATE].read_text(encoding="utf-8")
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


# --------------------------------------------------------------------------- parsing


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--plan",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="the plan file (default: $CADENCE_PLAN, config.toml, the bundled plan)",
    )
    common.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where the store lives (default: $CADENCE_HOME, the user data folder)",
    )

    parser = _Parser(
        prog="cadence", description="A habit scheduler built like a half-marathon training plan.", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"cadence {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    today = commands.add_parser("today", parents=[common], help="what is due today")
    today.add_argument("--date", type=_date, metavar="D", help="show day D as it stands now")
    today.add_argument("--json", action="store_true")
    today.set_defaults(run=cmd_today)

    plan = commands.add_parser("plan", parents=[common], help="check, show or start a plan")
    plan_commands = plan.add_subparsers(
        dest="plan_command", metavar="PLAN_COMMAND", parser_class=_Parser, required=True
    )
    check = plan_commands.add_parser("check", parents=[common], help="validate a plan file")
    check.add_argument("file", nargs="?", metavar="FILE")
    check.set_defaults(run=cmd_plan_check)
    show = plan_commands.add_parser("show", parents=[common], help="the expanded calendar")
    show.add_argument("--week", type=int, metavar="N")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=cmd_plan_show)
    new = plan_commands.add_parser("new", parents=[common], help="write a commented starter plan")
    new.add_argument("file", metavar="FILE")
    new.set_defaults(run=cmd_plan_new)
    return parser


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[Session], int] = getattr(args, "run", None) or _default_command(args)
    session = Session(args, os.environ if env is None else env)
    try:
        return run(session)
    except PlanError as error:
        for diagnostic in error.diagnostics:
            if diagnostic.severity == "error":
                print(diagnostic, file=sys.stderr)
        return 1
    except UserError as error:
        print(f"cadence: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    finally:
        session.close()


def _default_command(args: argparse.Namespace) -> Callable[[Session], int]:
    """`cadence` alone: today's plan (the TUI takes this over once it exists)."""
    args.date = None
    args.json = False
    return cmd_today


def run() -> None:
    sys.exit(main())
