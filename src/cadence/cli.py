"""The command line: parse arguments, build the real parts, run one command.

Exit codes (SPEC §4): 0 success, 1 a user error, 2 a usage error. Every error is
printed to stderr as one line (a plan prints one line per problem); no command
lets a traceback reach the person, and a refused command writes nothing.
Textual is imported only to open the TUI (`cadence` with no command).
"""

from __future__ import annotations

import math
import os
import sqlite3
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import argparse

from cadence import __version__
from cadence.clock import ClockError, now, plan_zone
from cadence.core.calendar import Schedule, monday_of, plan_day, resolve_start
from cadence.core.model import Task
from cadence.core.status import Ledger
from cadence.paths import ConfigError, PlanSource, bundled_plans, resolve_home, resolve_plan
from cadence.planfile import ID_PATTERN, LoadedPlan, PlanError, check_text, load_plan, read_text, suggest
from cadence.store import NewEvent, Store, StoreError, pin
from cadence.views import long_day

STARTER_TEMPLATE = "starter-4-weeks"


class UserError(Exception):
    """A refusal the person can act on: exit 1 with this one line."""


def _plural(count: float, word: str) -> str:
    return f"{count:g} {word}" if count == 1 else f"{count:g} {word}s"


class Session:
    """The real parts one command needs, built on first use."""

    def __init__(self, args: argparse.Namespace, env: Mapping[str, str]) -> None:
        self.args = args
        self.env = env
        self._loaded: LoadedPlan | None = None
        self._store: Store | None = None
        self._today: date | None = None

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
        if self._today is None:
            plan = self.loaded().plan
            self._today = plan_day(self.now(), self.zone(), plan.day_starts)
        return self._today

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
            return Schedule(plan, resolve_start(plan, today))  # no store needed
        if record:
            return pin(plan, self.store(), today)
        try:
            existing = Store.open(self.home, create=False)
        except StoreError as error:
            raise UserError(str(error)) from None
        start = existing.recorded_start(plan.name) if existing else None
        if existing:
            existing.close()
        return Schedule(plan, start or monday_of(today))

    def ledger(self, first: date, last: date) -> Ledger:
        return self.store().ledger(first, last)

    def task(self, schedule: Schedule, task_id: str) -> Task:
        task = schedule.plan.task(task_id)
        if task is None:
            ids = [task.id for task in schedule.plan.tasks]
            hint = suggest(task_id, ids) or f"; the plan has: {', '.join(ids) or 'no tasks'}"
            raise UserError(f"unknown task '{task_id}'{hint}")
        return task

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _date(value: str) -> date:
    import argparse

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-12-01: '{value}'") from None


def _positive(value: str, what: str) -> float:
    try:
        amount = float(value)
    except ValueError:
        amount = math.nan
    if not math.isfinite(amount) or amount <= 0:
        raise UserError(f"{what} must be a number greater than 0, not '{value}'")
    return amount


def _print_json(data: Any) -> None:
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False))


def _inside_plan(schedule: Schedule, day: date) -> None:
    if not schedule.contains(day):
        raise UserError(
            f"{day.isoformat()} is outside the plan, which runs from {schedule.start.isoformat()} "
            f"to {schedule.end.isoformat()}"
        )


def _not_future(day: date, today: date, what: str) -> None:
    if day > today:
        raise UserError(f"cannot {what} {day.isoformat()}: it is in the future (today is {today.isoformat()})")


def _within_makeup(schedule: Schedule, day: date, today: date, force: bool) -> None:
    allowed = schedule.plan.makeup_days
    if not force and (today - day).days > allowed:
        raise UserError(
            f"too late to make up {day.isoformat()}: the plan allows {_plural(allowed, 'day')}"
            " (add --force to correct the log)"
        )


# --------------------------------------------------------------------------- read commands


def cmd_today(session: Session) -> int:
    from cadence import views

    schedule = session.schedule()
    today = session.today()
    day = session.args.date or today
    first = min(day, today) - timedelta(days=7 + schedule.plan.makeup_days)
    ledger = session.ledger(first, max(day, today))
    if session.args.json:
        _print_json(views.today_json(schedule, day, ledger, today))
    else:
        print(views.today_text(schedule, day, ledger, today))
    return 0


def cmd_streak(session: Session) -> int:
    from cadence import reports

    schedule = session.schedule()
    today = session.today()
    ledger = session.ledger(schedule.start, max(schedule.start, today))
    data = reports.streak_json(schedule, ledger, today)
    if session.args.json:
        _print_json(data)
    else:
        print(reports.streak_text(schedule, data))
    return 0


def cmd_review(session: Session) -> int:
    from cadence import reports
    from cadence.core.review import review

    schedule = session.schedule()
    today = session.today()
    week = session.args.week
    if week is not None and not 1 <= week <= schedule.plan.weeks:
        raise UserError(f"week {week} is outside the plan's weeks 1-{schedule.plan.weeks}")
    ledger = session.ledger(schedule.start, max(schedule.start, today))
    result = review(schedule, ledger, today, week)
    if session.args.json:
        _print_json(reports.review_json(result))
    else:
        print(reports.review_text(schedule, result, today, week))
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
        import shutil

        print(views.plan_grid(schedule, session.today(), shutil.get_terminal_size((100, 24)).columns))
    return 0


def cmd_plan_schema(session: Session) -> int:
    from cadence.planfile import json_schema_text

    sys.stdout.write(json_schema_text())
    return 0


def cmd_plan_templates(session: Session) -> int:
    for name, path in bundled_plans().items():
        first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")), "# ")
        print(f"{name:<22} {first[2:]}")
    return 0


def cmd_plan_new(session: Session) -> int:
    from cadence.planfile import SCHEMA_FILE

    target = Path(session.args.file).expanduser()
    templates = bundled_plans()
    name = session.args.template or STARTER_TEMPLATE
    if name not in templates:
        hint = suggest(name, templates) or f"; the templates are: {', '.join(templates)}"
        raise UserError(f"no template '{name}'{hint}")
    text = templates[name].read_text(encoding="utf-8")
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


# --------------------------------------------------------------------------- write commands


def cmd_check(session: Session) -> int:
    schedule = session.schedule()
    today = session.today()
    task = session.task(schedule, session.args.task)
    day = session.args.date or today
    _not_future(day, today, "check in for")
    _inside_plan(schedule, day)
    _within_makeup(schedule, day, today, session.args.force)
    week = schedule.week_of(day)
    assert week is not None
    due = schedule.is_due_on(task, day)
    target = schedule.target(task, week) or 1
    amount = target if session.args.amount is None else _positive(session.args.amount, "the amount")
    before = session.ledger(day, day).amount(task.id, day)
    session.store().append([NewEvent("checkin", task.id, day, amount=amount, note=session.args.note or None)])
    total = before + amount
    state = "done" if total >= target else "partial"
    extra = "" if due else f" ({task.id} is not due that day: recorded as extra work)"
    print(f"Checked in {task.id}: {total:g}/{target} {task.unit} on {long_day(day)}, {state}.{extra}")
    return 0


def cmd_skip(session: Session) -> int:
    args = session.args
    schedule = session.schedule()
    today = session.today()
    if args.date and (args.from_ or args.to):
        raise UserError("give either --date or --from and --to, not both")
    if bool(args.from_) != bool(args.to):
        raise UserError("--from and --to go together")
    first = args.from_ or args.date or today
    last = args.to or args.date or today
    if last < first:
        raise UserError(f"--to {last.isoformat()} is before --from {first.isoformat()}")
    _inside_plan(schedule, first)
    _inside_plan(schedule, last)
    _within_makeup(schedule, first, today, args.force)
    task = None if args.all else session.task(schedule, args.task)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    occurrences = [occ for day in days for occ in schedule.due_on(day) if task is None or occ.id == task.id]
    if not occurrences:
        what = f"'{task.id}' is not due" if task else "nothing is due"
        span = long_day(first) if first == last else f"{first.isoformat()} to {last.isoformat()}"
        raise UserError(f"nothing to skip: {what} on {span}")
    reason = args.reason or None
    session.store().append(
        [NewEvent("skip", task.id if task else None, first, until=last if last != first else None, note=reason)]
    )
    who = task.id if task else "everything"
    span = f"on {long_day(first)}" if first == last else f"from {long_day(first)} to {long_day(last)}"
    because = f" ({reason})" if reason else ""
    print(f"Skipped {who} {span}: {_plural(len(occurrences), 'occurrence')} excused{because}.")
    return 0


def cmd_log(session: Session) -> int:
    args = session.args
    schedule = session.schedule()
    today = session.today()
    task = session.task(schedule, args.task) if args.task else None
    day = args.date or today
    _not_future(day, today, "log results for")
    _inside_plan(schedule, day)
    results: list[tuple[str, float]] = []
    for pair in args.results:
        metric, sep, value = pair.partition("=")
        metric = metric.strip()
        if not sep or not metric:
            raise UserError(f"'{pair}' is not METRIC=N, like connections=2")
        if not ID_PATTERN.match(metric):
            raise UserError(f"metric '{metric}' must be lower-case letters, digits, '_' and '-', like replies")
        results.append((metric, _positive(value.strip(), f"the value of {metric}")))
    session.store().append(
        [NewEvent("result", task.id if task else None, day, metric=metric, amount=amount) for metric, amount in results]
    )
    listed = ", ".join(f"{metric} {amount:g}" for metric, amount in results)
    print(f"Logged {listed}" + (f" for {task.id}" if task else "") + f" on {long_day(day)}.")
    return 0


def cmd_undo(session: Session) -> int:
    from cadence.reports import describe_event

    undone = session.store().undo()
    if not undone:
        raise UserError("nothing to undo: the log has no event left to reverse")
    print("Undid " + "; ".join(describe_event(event) for event in undone) + ".")
    return 0


def cmd_daemon(session: Session) -> int:
    from cadence import daemon

    args = session.args
    try:
        if args.uninstall:
            print(daemon.uninstall(session.env))
            return 0
        if args.install:
            source = session.source
            arguments = [] if source.bundled else ["--plan", str(source.path.resolve())]
            if getattr(args, "home", None) or session.env.get("CADENCE_HOME"):
                arguments += ["--home", str(session.home.resolve())]
            print(daemon.install(session.env, arguments))
            return 0
        return daemon.run(session.source, session.home, session.env)
    except daemon.DaemonError as error:
        raise UserError(str(error)) from None


def cmd_completion(session: Session) -> int:
    from cadence.completion import script

    sys.stdout.write(script(session.args.shell))
    return 0


def cmd_complete(session: Session) -> int:
    """Words for the completion scripts; silent when the plan cannot be read (nothing to offer)."""
    from cadence.completion import words

    if session.args.what == "templates":
        print("\n".join(bundled_plans()))
        return 0
    try:
        plan = session.loaded().plan
    except (PlanError, UserError):
        return 0
    print("\n".join(words(plan, session.args.what)))
    return 0


def cmd_export(session: Session) -> int:
    from cadence import exchange

    if session.args.format == "ics":
        from cadence.calendar_export import ics

        sys.stdout.write(ics(session.schedule(), session.zone(), session.now()))
        return 0
    store = session.store()
    sys.stdout.write(exchange.export(store.events(), store.plan_starts(), session.args.format))
    return 0


def cmd_import(session: Session) -> int:
    from cadence import exchange

    path = Path(session.args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise UserError(f"cannot read {session.args.file}: {reason}") from None
    try:
        events, starts = exchange.parse(text, session.args.file)
        count = session.store().restore(events, starts)
    except (exchange.ExchangeError, StoreError) as error:
        raise UserError(str(error)) from None
    print(f"Imported {_plural(count, 'event')} into {session.home}.")
    return 0


# --------------------------------------------------------------------------- parsing


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; built only for commands (plain `cadence` opens the TUI without it)."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")

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

    def command(name: str, run: Callable[[Session], int], help: str, parent: Any = commands) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    today = command("today", cmd_today, "what is due today, with make-up items")
    today.add_argument("--date", type=_date, metavar="D", help="show day D as it stands now")
    today.add_argument("--json", action="store_true")

    check = command("check", cmd_check, "record a check-in")
    check.add_argument("task", metavar="TASK")
    check.add_argument("amount", nargs="?", metavar="AMOUNT", help="default: the day's target")
    check.add_argument("--date", type=_date, metavar="D", help="a past day inside the make-up window")
    check.add_argument("--note", metavar="TEXT")
    check.add_argument("--force", action="store_true", help="correct the log past the make-up window")

    skip = command("skip", cmd_skip, "excuse occurrences, past or planned")
    who = skip.add_mutually_exclusive_group(required=True)
    who.add_argument("task", nargs="?", metavar="TASK")
    who.add_argument("--all", action="store_true", help="every task and block")
    skip.add_argument("--date", type=_date, metavar="D")
    skip.add_argument("--from", dest="from_", type=_date, metavar="D")
    skip.add_argument("--to", type=_date, metavar="D")
    skip.add_argument("--reason", metavar="TEXT")
    skip.add_argument("--force", action="store_true", help="correct the log past the make-up window")

    log = command("log", cmd_log, "record results, like connections=2 replies=3")
    log.add_argument("results", nargs="+", metavar="METRIC=N")
    log.add_argument("--task", metavar="TASK", help="the task that brought them")
    log.add_argument("--date", type=_date, metavar="D")

    command("undo", cmd_undo, "reverse the last event")

    streak = command("streak", cmd_streak, "current and longest streaks, overall and per task")
    streak.add_argument("--json", action="store_true")

    review = command("review", cmd_review, "adherence, results per task and channel, goal pace")
    review.add_argument("--week", type=int, metavar="N")
    review.add_argument("--json", action="store_true")

    plan = commands.add_parser("plan", parents=[common], help="check, show or start a plan")
    plan_commands = plan.add_subparsers(
        dest="plan_command", metavar="PLAN_COMMAND", parser_class=_Parser, required=True
    )
    plan_check = command("check", cmd_plan_check, "validate a plan file", plan_commands)
    plan_check.add_argument("file", nargs="?", metavar="FILE")
    show = command("show", cmd_plan_show, "the expanded calendar", plan_commands)
    show.add_argument("--week", type=int, metavar="N")
    show.add_argument("--json", action="store_true")
    new = command("new", cmd_plan_new, "write a commented starter plan, or a copy of a template", plan_commands)
    new.add_argument("file", metavar="FILE")
    new.add_argument("--template", metavar="NAME", help="a bundled plan (see plan list-templates)")
    command("list-templates", cmd_plan_templates, "the bundled plans plan new can start from", plan_commands)
    command("schema", cmd_plan_schema, "the plan format as a JSON Schema, for editors", plan_commands)

    daemon = command("daemon", cmd_daemon, "reminders and desktop notifications, in the foreground")
    service = daemon.add_mutually_exclusive_group()
    service.add_argument("--install", action="store_true", help="write a systemd user unit that runs it")
    service.add_argument("--uninstall", action="store_true", help="remove that unit")

    export = command("export", cmd_export, "the plan as a calendar (ics), or the event log (csv, json)")
    export.add_argument("--format", choices=["ics", "csv", "json"], required=True)

    restore = command("import", cmd_import, "restore an export into a new home")
    restore.add_argument("file", metavar="FILE")

    completion = command("completion", cmd_completion, 'print a completion script: eval "$(cadence completion bash)"')
    completion.add_argument("shell", choices=["bash", "zsh", "fish"])
    complete = commands.add_parser("complete", parents=[common])  # for the completion scripts; not listed
    complete.add_argument("what", choices=["tasks", "metrics", "templates"])
    complete.set_defaults(run=cmd_complete)
    return parser


def _tui_flags(argv: list[str]) -> dict[str, str] | None:
    """`cadence` with at most --plan and --home: the flags, so the TUI opens without argparse."""
    flags: dict[str, str] = {}
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        name, equals, value = word.partition("=")
        if name not in ("--plan", "--home") or name[2:] in flags:
            return None
        if not equals:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        flags[name[2:]] = value
    return flags


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    flags = _tui_flags(words)
    if flags is not None:
        from types import SimpleNamespace

        args: argparse.Namespace = SimpleNamespace(run=cmd_tui, **flags)  # type: ignore[assignment]
    else:
        args = build_parser().parse_args(words)
    run: Callable[[Session], int] = getattr(args, "run", None) or _default_command(args)
    session = Session(args, os.environ if env is None else env)
    try:
        return run(session)
    except PlanError as error:
        for diagnostic in error.diagnostics:
            if diagnostic.severity == "error":
                print(diagnostic, file=sys.stderr)
        return 1
    except (UserError, StoreError) as error:
        print(f"cadence: error: {error}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        print(f"cadence: error: the store in {session.home} could not be used: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    finally:
        session.close()


def _default_command(args: argparse.Namespace) -> Callable[[Session], int]:
    """`cadence` alone: the TUI."""
    return cmd_tui


def cmd_tui(session: Session) -> int:
    """The TUI; the only command that imports Textual. A plan with errors opens its error view."""
    from cadence.clock import Clock, plan_zone
    from cadence.notify import DesktopNotifier
    from cadence.planfile import read_text
    from cadence.tui.app import make_app

    source = session.source
    read_text(source.path, source.shown)  # a missing or unreadable file is one line, not a screen
    try:
        loaded: LoadedPlan | None = load_plan(source.path, source.shown)
    except PlanError:
        loaded = None  # the app opens its error view and waits for the file to be fixed
    zone = plan_zone(loaded.plan.timezone if loaded else None, session.env)
    try:
        clock = Clock.from_env(session.env, zone)
    except ClockError as error:
        raise UserError(str(error)) from None
    app = make_app(source, session.store(), clock, session.env, DesktopNotifier(), home=session.home, loaded=loaded)
    app.run()
    return 0


def run() -> None:
    sys.exit(main())
