"""The parser, walked: every listed command with its options and positionals, as data.

Completion (`cadence.cli.completion`), the command reference of the docs
(`cadence.cli.reference`) and the test that keeps both whole read the command
line from here, so the parser stays the one list of commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import NamedTuple

VALUES = {"TASK": "tasks", "METRIC=N|METRIC@N": "metrics", "TEMPLATE": "templates", "FILE": "file", "DIR": "dir"}
"""What an argument with this metavar completes to; any other value is the person's own (nothing offered)."""
WORDS = {"WHEN": ("today", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}
"""Words offered for a value that may also be the person's own (a date)."""


class Argument(NamedTuple):
    """An option (`--task`) or a positional (`TASK`) of a command, as completion sees it."""

    name: str
    """`--task` for an option; the metavar for a positional."""
    help: str | None
    takes_value: bool
    completes: str | None
    """tasks, metrics, templates, file, dir, choices or None (a value of the person's own)."""
    choices: tuple[str, ...] = ()
    many: bool = False
    """A positional that takes several words (log's METRIC=N ...)."""
    value: str = ""
    """How its value is written in a usage line: `D`, `ics|csv|json`; "" for a flag."""
    required: bool = False

    def usage(self) -> str:
        """As a usage line writes it: `TASK`, `[AMOUNT]`, `METRIC=N ...`, `[--date D]`."""
        if self.name.startswith("-"):
            word = f"{self.name} {self.value}" if self.takes_value else self.name
        else:
            word = f"{self.value} ..." if self.many else self.value
        return word if self.required else f"[{word}]"


class Command(NamedTuple):
    path: tuple[str, ...]
    """("check",) or ("plan", "show")."""
    help: str | None
    options: tuple[Argument, ...]
    positionals: tuple[Argument, ...]
    commands: tuple[str, ...]
    """Its own subcommands (plan's), in the parser's order."""

    def usage(self, common: frozenset[str] = frozenset()) -> str:
        """`cadence check TASK [AMOUNT] [--date D] ...`, leaving out the options in `common`."""
        words = ["cadence", *self.path]
        words += [argument.usage() for argument in self.positionals]
        words += [option.usage() for option in self.options if option.name not in common]
        if self.commands:
            words.append("|".join(self.commands))
        return " ".join(words)


def _argument(action: argparse.Action) -> Argument:
    takes_value = action.nargs != 0
    metavar = action.metavar if isinstance(action.metavar, str) else None
    choices = tuple(str(choice) for choice in action.choices) if action.choices else WORDS.get(metavar or "", ())
    completes = "choices" if choices else VALUES.get(metavar or "")
    if action.option_strings:
        name = next((o for o in action.option_strings if o.startswith("--")), action.option_strings[0])
    else:
        name = metavar or action.dest
    value = metavar or ("|".join(choices) if choices else action.dest.upper())
    required = action.required or (not action.option_strings and action.nargs not in ("?", "*"))
    return Argument(name, action.help, takes_value, completes, choices, action.nargs in ("+", "*"), value, required)


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Command]:
    """Every listed command of the parser, the top level first (path ()), nested ones after their parent.

    Commands without help (`complete`, for the scripts' own use) are not listed.
    """
    sub = _subparsers(parser)
    listed = {choice.dest: choice.help for choice in sub._choices_actions} if sub else {}
    options = tuple(
        _argument(action)
        for action in parser._actions
        if action.option_strings and not isinstance(action, argparse._HelpAction)
    )
    positionals = tuple(
        _argument(action)
        for action in parser._actions
        if not action.option_strings and not isinstance(action, argparse._SubParsersAction)
    )
    help = parser.description if path else None
    yield Command(path, help, options, positionals, tuple(listed))
    if sub is not None:
        for name, child in sub.choices.items():
            if name in listed:
                yield from walk(child, (*path, name))


def commands() -> list[Command]:
    from cadence.cli.parser import build_parser

    return list(walk(build_parser()))
