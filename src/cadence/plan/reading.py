"""Reading a plan file: its bytes, its TOML, its problems with their places, or the Plan.

`load_plan` is what every command uses; `check_text` is what `plan check` uses,
and the only caller that asks for the warnings.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cadence.core.calendar import Schedule, resolve_start
from cadence.core.lint import lint
from cadence.core.model import Plan
from cadence.plan.checker import check_document
from cadence.plan.diagnostics import Diagnostic, PlanError, Problem
from cadence.plan.loaded import LoadedPlan
from cadence.plan.spans import KeyPath, locate


def _position(problem: Problem, spans: Mapping[KeyPath, Any]) -> tuple[int, int]:
    path = problem.path
    while path and path not in spans:
        path = path[:-1]
    if not path:
        return 1, 1
    span = spans[path]
    if problem.at == "key" or path != problem.path:
        return span.key_line, span.key_col
    return span.value_line, span.value_col


_DATE_LIKE = re.compile(r"(?<![\w.:-])(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_KEY_AT_START = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")


def _bad_date(text: str, line: int, col: int) -> tuple[int, str] | None:
    """A date TOML cannot read where tomllib stopped (its message there is of no help, like "unclosed
    array" for `holidays = [2026-12-25, 2026-12-32]`): the column the date begins at, and what is wrong."""
    import calendar

    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    source = lines[line - 1]
    for found in _DATE_LIKE.finditer(source):
        if not found.start() <= col - 1 <= found.end():
            continue
        token = found.group(0)
        year, month, day = (int(part) for part in found.groups())
        if len(found[2]) != 2 or len(found[3]) != 2:
            reason = f"write dates as YYYY-MM-DD, like {year:04d}-{month:02d}-{day:02d}"
        elif not 1 <= month <= 12:
            reason = f"there is no month {month}"
        elif not 1 <= day <= (days := calendar.monthrange(year, month)[1]):
            reason = f"{calendar.month_name[month]} {year} has {days} days"
        else:
            continue  # a real date: the problem is elsewhere
        key = _KEY_AT_START.match(source)
        where = f" in '{key[1]}'" if key else ""
        return found.start() + 1, f"{token}{where} is not a valid date: {reason}"
    return None


def _syntax_error(filename: str, error: tomllib.TOMLDecodeError, text: str = "") -> Diagnostic:
    message = str(error)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        message = message[: match.start()]
        line, col = int(match[1]), int(match[2])
        date_problem = _bad_date(text, line, col)
        if date_problem is not None:
            return Diagnostic(filename, line, date_problem[0], "error", date_problem[1])
    else:
        match = re.search(r"\s*\(at end of document\)$", message)
        line, col = None, None
        if match:
            message = message[: match.start()]
    message = message[:1].lower() + message[1:]
    if message == "illegal character '\\n'":
        message = 'a string is not closed on its line (use """ for text over several lines)'
    return Diagnostic(filename, line, col, "error", f"TOML syntax: {message}")


DEEP = 100
"""Nesting deeper than this is no plan: it is said where it begins, not left to Python's recursion limit."""


def _too_deep(text: str) -> tuple[int, int]:
    """Where arrays and inline tables first nest more than DEEP levels (strings and comments skipped)."""
    depth, quote, line, col = 0, "", 1, 0
    escaped = False
    for char in text:
        col += 1
        if char == "\n":
            line, col = line + 1, 0
            if quote in ('"', "'"):
                quote = ""  # a one-line string never crosses a line
            elif quote == "#":
                quote = ""
            continue
        if quote:
            if (quote == '"' and not escaped and char == '"') or (quote == "'" and char == "'"):
                quote = ""
            escaped = quote == '"' and char == "\\" and not escaped
            continue
        if char in "\"'#":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > DEEP:
                return line, col
        elif char in "]}":
            depth -= 1
    return 1, 1


def past(plan: Plan, today: date) -> Problem | None:
    """A warning when every day of a plan that fixes its days is before `today`: using it would begin a run
    that is over before it starts (a template's date, copied as it was)."""
    if plan.floating:
        return None
    start = resolve_start(plan, today)
    end = start + timedelta(days=7 * plan.weeks - 1)
    if end >= today:
        return None
    key = "start" if plan.start is not None else "finish"
    return Problem(
        ("plan", key),
        f"every day of this plan is past: it ended on {end:%a} {end.isoformat()}; set a later {key},"
        " or remove it and the plan starts when first used",
        "warning",
    )


def check_text(
    text: str, filename: str, warnings: bool = True, today: Callable[[Plan], date] | None = None
) -> tuple[Plan | None, list[Diagnostic]]:
    """Every problem of a plan's text, in file order; the plan when it has no error.

    Warnings are only looked for when asked: they never change whether a plan
    can be used, and commands other than `plan check` do not print them. With
    `today` (the plan day of now, in a plan's zone), a plan whose every day is past is warned of too
    (`plan check`, `use`).
    """
    if not text.strip():
        return None, [
            Diagnostic(filename, 1, 1, "error", f"the plan is empty; write one with 'cadence plan new {filename}'")
        ]
    try:
        doc = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per level of nesting
        line, col = _too_deep(text)
        message = f"TOML syntax: values nested more than {DEEP} levels deep; a plan needs a few at most"
        return None, [Diagnostic(filename, line, col, "error", message)]
    except tomllib.TOMLDecodeError as error:
        diagnostic = _syntax_error(filename, error, text)
        if diagnostic.line is None:
            lines = text.splitlines() or [""]
            diagnostic = Diagnostic(filename, len(lines), len(lines[-1]) + 1, "error", diagnostic.message)
        return None, [diagnostic]
    plan, problems, ids = check_document(doc)
    if plan is not None and warnings:
        # A floating plan is pinned to any Monday: the warnings do not depend on the day.
        schedule = Schedule(plan, resolve_start(plan, date(2026, 1, 5)))
        problems = [Problem((*ids[f.task.id], f.key), f.message, "warning") for f in lint(schedule)]
    if plan is not None and today is not None and (over := past(plan, today(plan))) is not None:
        problems = [*problems, over]
    if not problems:
        return plan, []
    spans = locate(text)
    diagnostics = [Diagnostic(filename, *_position(p, spans), p.severity, p.message) for p in problems]
    diagnostics.sort(key=lambda d: (d.line or 0, d.col or 0))
    return plan, diagnostics


MAX_PLAN = 4 * 2**20
"""The largest plan file read. A plan at every bound the format sets (300 tasks, each with a target for each
of its 104 weeks, a long title and a paragraph of notes) is about 420 KiB, and is checked in a fifth of a
second; ten times that is no plan a person wrote, and what is larger is refused unread."""
BOM = b"\xef\xbb\xbf"
"""The byte-order mark some editors put before UTF-8: read past, so positions count as the editor shows them."""


def read_bytes(path: Path, shown: str | None = None) -> bytes:
    """A plan file's bytes, or PlanError with one diagnostic saying why they cannot be read: only a regular
    file (a pipe or a device would never end, or never begin), of at most MAX_PLAN bytes."""
    from cadence.bounded import NotAFile, TooLarge, read_bounded

    name = shown or str(path)

    def fail(message: str) -> PlanError:
        return PlanError([Diagnostic(name, None, None, "error", message)])

    try:
        return read_bounded(path, MAX_PLAN)
    except NotAFile as refused:
        kind = refused.kind
        raise fail(f"is {kind}, not a plan file" if kind.startswith("a ") else f"is {kind}; a plan is a file") from None
    except TooLarge as refused:
        raise fail(_too_large(refused.size)) from None
    except FileNotFoundError:
        raise fail("no such plan file; create one with 'cadence plan new FILE'") from None
    except PermissionError:
        raise fail("cannot read the plan file: permission denied") from None
    except OSError as error:
        raise fail(f"cannot read the plan file: {error.strerror or error}") from None


def _too_large(size: int) -> str:
    return (
        f"holds {size / 2**20:,.1f} MiB; a plan is far smaller (one at every bound of the format: about"
        f" 420 KiB), so at most {MAX_PLAN // 2**20} MiB is read"
    )


def read_text(path: Path, shown: str | None = None) -> str:
    """A plan file's text (a byte-order mark read past), or PlanError with one diagnostic saying why it
    cannot be read."""
    name = shown or str(path)
    data = read_bytes(path, shown).removeprefix(BOM)
    if b"\x00" in data:
        raise PlanError([Diagnostic(name, None, None, "error", "is a binary file, not a TOML plan")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1  # characters, as an editor counts
        message = "is not UTF-8 text; save the plan as UTF-8"
        raise PlanError([Diagnostic(name, line, col, "error", message)]) from None


def load_plan(path: Path, shown: str | None = None, warnings: bool = False) -> LoadedPlan:
    """A usable plan (with its warnings when asked), or PlanError with every problem."""
    text = read_text(path, shown)
    plan, diagnostics = check_text(text, shown or str(path), warnings)
    if plan is None:
        raise PlanError(diagnostics)
    return LoadedPlan(plan, diagnostics, text)
