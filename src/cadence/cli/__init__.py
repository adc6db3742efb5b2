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
    from typing import TextIO

    from cadence.cli.session import Session

TUI = "tui:tui"
EXACT = (TUI, "transfer:export", "service:daemon")
"""What writes its standard output its own way: the TUI and the daemon draw and log through the sanitiser
themselves, and an export is data (`cli/transfer.py` says how each format stays safe). Every other command's
output, and every command's standard error, passes through `cadence.printable`."""


class Printable:
    """A text stream that writes only what `cadence.printable.printable` keeps, so that no ESC, BEL, OSC or
    direction override in someone's text reaches the terminal. Each character it drops is dropped alone, so
    text may come in any pieces."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from cadence.printable import printable

        return self.stream.write(printable(text))

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def say(line: str) -> None:
    """An error line on stderr: one line, whatever it quotes."""
    from cadence.printable import one_line

    print(one_line(line), file=sys.stderr)


def handler(name: str) -> Callable[[Session], int]:
    """The function behind "module:function", importing its module now."""
    module, _, function = name.partition(":")
    found: Callable[[Session], int] = getattr(importlib.import_module(f"cadence.cli.{module}"), function)
    return found


def plain_flags(words: Sequence[str], names: Sequence[str]) -> dict[str, str] | None:
    """`--name V` or `--name=V` flags, each of `names` at most once; None for any other word.

    For the fast paths that skip argparse (building it costs a command about as much as all else it does):
    `cadence` opening the TUI, `cadence status` and the `PLAIN` commands.
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


PLAIN = {
    "today": ("due:today", {"date": None}),
    "streak": ("progress:streak", {}),
    "review": ("progress:review", {"week": None, "member": None}),
}
"""The read commands a prompt or a script runs often, with what argparse sets when only `--json`, `--plan` and
`--home` are given: they skip building the parser. A test holds each to argparse's own namespace."""


def plain_command(words: Sequence[str]) -> dict[str, object] | None:
    """A `PLAIN` command with `--json` at most once, `--plan` and `--home`: argparse's namespace, else None."""
    if not words or words[0] not in PLAIN:
        return None
    rest = list(words[1:])
    json = "--json" in rest
    if json:
        rest.remove("--json")
    flags = plain_flags(rest, ("plan", "home"))
    if flags is None:
        return None
    handler, defaults = PLAIN[words[0]]
    return {"handler": handler, "command": words[0], **defaults, "json": json, **flags}


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    environment = os.environ if env is None else env
    if words[:1] == ["status"]:  # for a prompt: the line from status.json when it is still true
        status_flags = plain_flags(words[1:], ("format", "plan", "home"))
        if status_flags is not None:
            from cadence.cli.status import fast

            served = fast(status_flags, environment)
            if served is not None:
                return served
    flags = plain_flags(words, ("plan", "home"))
    if flags is not None:  # `cadence` opening the TUI: no garbage collection until its first frame (`tui.app`)
        import gc

        gc.disable()
    from cadence.cli.session import Session
    from cadence.config import names_a_hub

    plain = plain_command(words)
    if flags is not None or plain is not None:
        from types import SimpleNamespace

        # what argparse would make of the same words
        namespace = SimpleNamespace(handler=TUI, **flags) if flags is not None else SimpleNamespace(**plain or {})
        args: argparse.Namespace = namespace  # type: ignore[assignment]
    else:
        from cadence.cli.parser import build_parser, commands_of

        first = words[0] if words and not words[0].startswith("-") else None
        parser = build_parser(only=first)
        if first is None or first not in commands_of(parser):
            parser = build_parser()  # help, or an unknown command: its message names every command
        args = parser.parse_args(words)
    session = Session(args, environment)
    name = getattr(args, "handler", None) or TUI
    stdout, stderr = sys.stdout, sys.stderr
    sys.stderr = Printable(stderr)
    if name not in EXACT:
        sys.stdout = Printable(stdout)
    try:
        code = handler(name)(session)
        if session.wrote and names_a_hub(environment):  # a hub, when there is one, hears of it in the background
            from cadence.hub.background import after_write

            after_write(session.home, environment, session.plan_file(), session.store())
        return code
    except CadenceError as error:
        for line in error.lines():
            say(line)
        return error.exit_code
    except sqlite3.Error as error:  # a read the file or the disk refused: a damaged store names its newest backup
        from cadence.store.log import DB_NAME, failure

        for line in failure(error, session.home / DB_NAME).lines():
            say(line)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        stderr.close()
        return 0
    except OSError as error:  # a path the system refuses (too long, not enterable): one line, not a traceback
        where = f"{error.filename}: " if error.filename else ""
        say(f"cadence: error: {where}{error.strerror or error}")
        return EXIT_USER
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        session.close()


def run() -> None:
    sys.exit(main())
