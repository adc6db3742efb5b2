"""Problems with a plan and how they are told: `FILE:LINE:COL: error: MESSAGE`.

A `Problem` is found against a key path of the document; it becomes a
`Diagnostic` once its position is looked up (only when there is something to
report). `Bad` is raised by a value kind for a value that does not fit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Literal, NamedTuple

from cadence.errors import CadenceError
from cadence.plan.spans import KeyPath

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """Something wrong with the value (or the key) at a path of the document."""

    path: KeyPath
    message: str
    severity: Severity = "error"
    at: Literal["key", "value"] = "value"


class Diagnostic(NamedTuple):
    """A problem with its place in the file, printed as compilers print them."""

    file: str
    line: int | None
    col: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.severity}: {self.message}"


class PlanError(CadenceError):
    """The plan cannot be used; `diagnostics` holds every problem found, warnings too."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(str(diagnostics[0]) if diagnostics else "invalid plan")
        self.diagnostics = diagnostics

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def lines(self) -> list[str]:
        """One line per error, as compilers print them (warnings do not stop a plan)."""
        return [str(d) for d in self.errors]


class Bad(Exception):
    """A value that does not fit; `sub` is the path inside the value to point at."""

    def __init__(self, message: str, sub: KeyPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.sub = sub


def suggest(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the closest choice, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'the string "{value}"'
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time {value.isoformat()}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
