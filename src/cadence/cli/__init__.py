"""The command line: parse arguments, build the real parts, run one command.

Exit codes: 0 success, 1 a user error, 2 a usage error. Every refusal is a
`CadenceError`, printed here as its lines on stderr; no command lets a
traceback reach the person, and a refused command writes nothing. Each
command lives in its own module, imported only when it is dispatched;
`cadence` alone opens the TUI without building the parser.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from collections.abc import Callable, Mapping, Sequence

from cadence.errors import EXIT_USER, CadenceError

TYPE_CHECKING = False  # typing itself costs a prompt's `cadence status` a few milliseconds
if TYPE_CHECKING:
    import argparse

    from cadence.cli.session import Session

TUI = "tui:tui"


def handler(name: str) -> Callable[[Session], int]:
    """The function behind "module:function", importing its module now."""
    module, _, function = name.partition(":")
    found: Callable[[Session], int] = getattr(importlib.import_module(f"cadence.cli.{module}"), function)
    return found


def plain_flags(words: Sequence[str], names: Sequence[str]) -> dict[str, str] | None:
    """`--name V` or `--name=V` flags, each of `names` at most once; None for any other word.

    For the two fast paths that skip argparse: `cadence` opening the TUI, and `cadence status`.
    """
    flags: dict[str, str] = {}
    rest = list(words)
    while rest:
        word = rest.pop(0)
        name, equals, value = word.partition("=")
        if name[2:] not in names or not name.startswith("--") or name[2:] in flags:
            return None
        if not equals:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        flags[name[2:]] = value
    return flags


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    environment = os.environ if env is None else env
    if words[:1] == ["status"]:  # for a prompt: the line from status.json when it is still true
        from cadence.cli.status import fast

        served = fast(words[1:], environment)
        if served is not None:
            return served
    from cadence.cli.session import Session

    flags = plain_flags(words, ("plan", "home"))
    if flags is not None:
        from types import SimpleNamespace

        args: argparse.Namespace = SimpleNamespace(handler=TUI, **flags)  # type: ignore[assignment]
    else:
        from cadence.cli.parser import build_parser, commands_of

        first = words[0] if words and not words[0].startswith("-") else None
        parser = build_parser(only=first)
        if first is None or first not in commands_of(parser):
            parser = build_parser()  # help, or an unknown command: its message names every command
        args = parser.parse_args(words)
    session = Session(args, environment)
    try:
        code = handler(getattr(args, "handler", None) or TUI)(session)
        if session.wrote:  # a hub, when there is one, hears of it in the background
            from cadence.hub.background import after_write

            after_write(session.home, environment, session.plan_file(), session.store())
        return code
    except CadenceError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return error.exit_code
    except sqlite3.Error as error:
        from cadence.store import describe_error

        print(
            f"cadence: error: the store in {session.home} could not be used: {describe_error(error)}", file=sys.stderr
        )
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except OSError as error:  # a path the system refuses (too long, not enterable): one line, not a traceback
        where = f"{error.filename}: " if error.filename else ""
        print(f"cadence: error: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_USER
    finally:
        session.close()


def run() -> None:
    sys.exit(main())
