"""The command line as argparse sees it: the one list of commands, options and their help.

Shell completion (`cadence.cli.completion`) and the command reference in the docs
are derived from this parser, and a test walks it to keep them whole. Each
command names its handler as "module:function" of `cadence.cli`; the module is
imported only when that command runs, so `cadence today` loads none of the
others.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any, NamedTuple, NoReturn

from cadence import __version__
from cadence.wording import day_from_words

PROG = "cadence"


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, whatever the person typed: a value it quotes is shown as `cadence.printable` keeps it."""
        from cadence.printable import one_line

        self.exit(2, f"{self.prog}: error: {one_line(message)} (see '{self.prog} --help')\n")


class Day(NamedTuple):
    """A day as a person says it on the command line, resolved once today is known.

    `today`, `yesterday`, `-N` (N days ago), a weekday name (`mon` or `monday`:
    the most recent one, today included) or a date like 2026-12-01.
    """

    text: str

    def on(self, today: date) -> date:
        return day_from_words(self.text, today)


def day(value: str) -> Day:
    """A `Day`, checked now so that a malformed one is a usage error."""
    found = Day(value)
    try:
        found.on(date(2000, 1, 1))
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"not a day like 2026-12-01, today, yesterday, -3 or mon: '{value}'") from None
    return found


def start_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2027-01-04: '{value}'") from None


def status_format(value: str) -> str:
    """A `status --format`, checked by its own small language (`cadence.cli.status.template`)."""
    from cadence.cli.status import PLACEHOLDERS, template

    try:
        template(value)
    except ValueError as problem:
        names = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        raise argparse.ArgumentTypeError(f"{problem}; the names are {names}") from None
    return value


def text(value: str) -> str:
    """Text the store keeps (a note, a reason, a name): UTF-8, as every text in the store and its exports.

    Bytes that are not UTF-8 reach Python as lone surrogates; they are refused here, in one line naming the
    first, rather than kept with replacement characters: nothing is written that the person did not mean.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        byte = value[error.start].encode("utf-8", "surrogateescape")[0]
        raise argparse.ArgumentTypeError(
            f"not UTF-8 text: byte 0x{byte:02X} after '{value[: error.start]}'; cadence keeps text as UTF-8"
        ) from None
    return value


def port(value: str) -> int:
    """A TCP port, checked now so that a wrong one is a usage error."""
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port from 1 to 65535: '{value}'")
    return int(value)


class _Unbuilt:
    """A command left out of a parser built for another one: every call on it is dropped."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        return None

    def add_mutually_exclusive_group(self, *args: Any, **kwargs: Any) -> _Unbuilt:
        return self

    def add_subparsers(self, *args: Any, **kwargs: Any) -> _Unbuilt:
        return self

    def set_defaults(self, **kwargs: Any) -> None:
        return None


def commands_of(parser: argparse.ArgumentParser) -> set[str]:
    """The commands a parser was built with."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def build_parser(only: str | None = None) -> Parser:
    """The whole command line; built only for commands (plain `cadence` opens the TUI without it).

    With `only`, just that command is built (a fifth of the cost of them all, which a
    command pays before it starts); help and errors about the command line need them all.
    """
    common = Parser(add_help=False)
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

    parser = Parser(
        prog=PROG, description="A habit scheduler built like a half-marathon training plan.", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"cadence {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, handler: str, help: str, parent: Any = commands) -> Any:
        if isinstance(parent, _Unbuilt) or (parent is commands and only is not None and name != only):
            return _Unbuilt()
        sub: Parser = parent.add_parser(name, parents=[common], help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    def json_flag(sub: Parser) -> None:
        sub.add_argument("--json", action="store_true", help="print JSON instead of text")

    today = command("today", "due:today", "what is due today, with make-up items")
    today.add_argument("--date", type=day, metavar="D", help="show day D as it stands now")
    json_flag(today)

    status = command("status", "status:status", "one line for a shell prompt or a tmux status bar")
    status.add_argument(
        "--format",
        type=status_format,
        metavar="FMT",
        help="fields {plan} {week} {phase} {due} {done} {left} {makeup} {streak} {next} {next_at}, each with a"
        " width if wanted ({streak:3})",
    )

    check = command("check", "records:check", "record a check-in")
    check.add_argument("task", type=text, metavar="TASK", help="the task or block")
    check.add_argument("amount", nargs="?", metavar="AMOUNT", help="default: the day's target")
    check.add_argument("--date", type=day, metavar="D", help="a past day inside the make-up window")
    check.add_argument("--note", type=text, metavar="TEXT", help="a note kept with the check-in")
    check.add_argument("--force", action="store_true", help="correct the log past the make-up window")

    skip = command("skip", "records:skip", "excuse occurrences, past or planned")
    who = skip.add_mutually_exclusive_group(required=True)
    who.add_argument("task", nargs="?", type=text, metavar="TASK", help="the task or block to excuse")
    who.add_argument("--all", action="store_true", help="every task and block")
    skip.add_argument("--date", type=day, metavar="D", help="the day to excuse (default: today)")
    skip.add_argument("--from", dest="from_", type=day, metavar="D", help="the first day of a span, with --to")
    skip.add_argument("--to", type=day, metavar="D", help="the last day of a span, with --from")
    skip.add_argument("--reason", type=text, metavar="TEXT", help="why, like sick or vacation")
    skip.add_argument("--force", action="store_true", help="correct the log past the make-up window")

    log = command("log", "records:log", "record results: counts like replies=3, readings like followers@372")
    log.add_argument(
        "results",
        nargs="+",
        type=text,
        metavar="METRIC=N|METRIC@N",
        help="new results of a count, or a level read off a dashboard",
    )
    log.add_argument("--task", type=text, metavar="TASK", help="the task that brought the counts")
    log.add_argument("--date", type=day, metavar="D", help="the day they came (default: today)")
    log.add_argument("--new-metric", action="store_true", help="start a metric the plan and the log do not name yet")

    command("undo", "records:undo", "reverse the last event")
    command("redo", "records:redo", "apply again the last change undone (a new change ends what can be redone)")

    streak = command("streak", "progress:streak", "current and longest streaks, overall and per task")
    json_flag(streak)

    review = command("review", "progress:review", "adherence, results per task and channel, goal pace")
    review.add_argument("--week", type=int, metavar="N", help="one week of the plan")
    review.add_argument("--member", type=text, metavar="NAME", help="a member of the hub, for a coach")
    json_flag(review)

    adapt = command("adapt", "learning:adapt", "propose changes to the weeks ahead from the weeks closed, as a diff")
    adapt.add_argument("--apply", action="store_true", help="write them into the plan file ('undo' puts it back)")
    json_flag(adapt)

    rate = command("rate", "learning:rate", "answer 'TASK is something I do automatically', from 1 to 7")
    rate.add_argument("task", metavar="TASK", help="the task or block")
    rate.add_argument("value", metavar="N", help="1 (not at all) to 7 (completely)")
    rate.add_argument("--date", type=day, metavar="D", help="the day of the answer (default: today)")

    begin = command("start", "life:start", "begin a plan that fixes no first day, on a day you choose")
    begin.add_argument(
        "when",
        nargs="?",
        default="today",
        metavar="WHEN",
        help="today (default), monday or another weekday (the next one, today included), or a date",
    )
    begin.add_argument("--restart", action="store_true", help="begin a new run; the earlier one stays in 'runs'")

    use = command("use", "life:use", "switch to another plan file, for every command from now on")
    use.add_argument("file", metavar="FILE", help="the plan to use (checked first; written to config.toml)")

    listed = command("runs", "life:list_runs", "every run in this home: plan, days, adherence, goals met")
    json_flag(listed)

    shift = command("shift", "life:shift", "move the rest of the plan later, opening free days")
    shift.add_argument("days", metavar="N", help="how many days, or weeks written as Nw (2w)")
    shift.add_argument("--from", dest="from_", type=day, metavar="D", help="the first day to move (default: today)")
    shift.add_argument(
        "--rotate",
        action="store_true",
        help="let days that are not whole weeks move every later day to another weekday",
    )

    repeat = command("repeat-week", "life:repeat_week", "do a week again right after it; the rest moves 7 days later")
    repeat.add_argument("--week", type=int, metavar="N", help="the plan's week to repeat (default: this week)")

    plan_help = "check, show or start a plan"
    plan: Any = (
        commands.add_parser("plan", parents=[common], help=plan_help, description=plan_help)
        if only in (None, "plan")
        else _Unbuilt()
    )
    plan_commands = plan.add_subparsers(dest="plan_command", metavar="PLAN_COMMAND", parser_class=Parser, required=True)
    plan_check = command("check", "plans:check", "validate a plan file", plan_commands)
    plan_check.add_argument("file", nargs="?", metavar="FILE", help="default: the plan in use")
    show = command("show", "plans:show", "the expanded calendar", plan_commands)
    show.add_argument("--week", type=int, metavar="N", help="one week in detail")
    json_flag(show)
    new = command("new", "plans:new", "write a commented starter plan, or a copy of a template", plan_commands)
    new.add_argument("file", metavar="FILE", help="the file to write (never overwritten)")
    new.add_argument("--template", type=text, metavar="TEMPLATE", help="a bundled plan (see plan list-templates)")
    new.add_argument(
        "--start",
        type=start_date,
        metavar="DATE",
        help="fix week 1's first day (default: none, the plan starts when first used)",
    )
    command("list-templates", "plans:templates", "the bundled plans plan new can start from", plan_commands)
    command("schema", "plans:schema", "the plan format as a JSON Schema, for editors", plan_commands)

    daemon = command("daemon", "service:daemon", "reminders and desktop notifications, in the foreground")
    service = daemon.add_mutually_exclusive_group()
    service.add_argument("--install", action="store_true", help="write a systemd user unit that runs it")
    service.add_argument("--uninstall", action="store_true", help="remove that unit")

    command("remind", "service:remind", "print the reminders due now, each once: for cron, a login script or a prompt")

    serve = command("serve", "serve:serve", "a check-in page for the phone, in the foreground")
    serve.add_argument("--host", metavar="HOST", help="the address to listen on (default: [serve] host, 127.0.0.1)")
    serve.add_argument("--port", type=port, metavar="PORT", help="the port (default: [serve] port, 8730)")
    serve.add_argument("--pair", action="store_true", help="print a one-time pairing link and its QR code first")
    serve.add_argument(
        "--url",
        metavar="URL",
        help="the address the phone opens, for the link (default: [serve] url, http://HOST:PORT)",
    )
    devices = command("devices", "devices:devices", "the devices paired with the check-in page")
    devices.add_argument("--revoke", metavar="NAME", help="unpair a device: its cookie opens nothing from now on")

    export = command(
        "export", "transfer:export", "the plan as a calendar (ics) or day by day (days), or the event log (csv, json)"
    )
    export.add_argument(
        "--format", choices=["ics", "days", "csv", "json"], required=True, help="what to write, to standard output"
    )

    restore = command("import", "transfer:import_events", "restore an export into a new home")
    restore.add_argument("file", metavar="FILE", help="a csv or json export")

    saved = command("backup", "transfer:backup", "save a copy of the store now (one is kept each day too)")
    saved.add_argument("file", nargs="?", metavar="FILE", help="where to (default: backups/ in the home)")

    back = command("restore", "transfer:restore", "bring back a backup; the store there now is set aside and kept")
    back.add_argument("file", metavar="FILE", help="a backup of the store")

    command("sync", "hub:sync", "send this home's new events to the hub and bring the member's others")

    hub_help = "set up a hub on PostgreSQL and add its members and coaches"
    hub: Any = (
        commands.add_parser("hub", parents=[common], help=hub_help, description=hub_help)
        if only in (None, "hub")
        else _Unbuilt()
    )
    hub_commands = hub.add_subparsers(dest="hub_command", metavar="HUB_COMMAND", parser_class=Parser, required=True)
    url_help = "the hub owner's postgresql:// URL (default: [sync] url)"
    hub_init = command(
        "init",
        "hub:init",
        "set up a hub or bring an older one up to date (as a superuser); a hub up to date is left as it is",
        hub_commands,
    )
    hub_init.add_argument("--url", metavar="URL", help="a superuser's postgresql:// URL (default: [sync] url)")
    hub_init.add_argument("--owner", metavar="LOGIN", help="the login that adds members and coaches (to set one up)")
    for name, handler, what in (
        ("add-member", "hub:add_member", "a role that syncs its own events; prints the URL to hand out"),
        ("add-coach", "hub:add_coach", "a role that reads every member and writes none; prints its URL"),
    ):
        added = command(name, handler, what, hub_commands)
        added.add_argument("name", type=text, metavar="NAME", help="the role's name, like ana")
        added.add_argument("--url", metavar="URL", help=url_help)

    team = command("team", "hub:team", "each member of the hub: plan, week, adherence, streak, goals (a coach's)")
    json_flag(team)

    completion = command(
        "completion", "shell:completion", 'print a completion script: eval "$(cadence completion bash)"'
    )
    completion.add_argument("shell", choices=["bash", "zsh", "fish"], help="the shell")
    if only in (None, "complete"):
        complete = commands.add_parser("complete", parents=[common])  # for the completion scripts; not listed
        complete.add_argument("what", choices=["tasks", "metrics", "templates"])
        complete.set_defaults(handler="shell:complete")
    return parser
