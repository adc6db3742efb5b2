"""The one error type: everything that ends as a line to the person.

A `CadenceError` is a refusal the person can act on. The command line catches
it in one place, prints its `lines()` to stderr and exits with its
`exit_code`: 1 for a user error (a bad plan, an unknown task, a refused
check-in, a store that cannot be used), 2 for a usage error. The TUI shows the
same lines. Nothing else is caught: any other exception is a bug.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_USER = 1
EXIT_USAGE = 2


class CadenceError(Exception):
    """A refusal with one line for the person (`lines()` may give more, as a plan's diagnostics do)."""

    exit_code = EXIT_USER
    prefix = "cadence: error: "

    def lines(self) -> list[str]:
        return [f"{self.prefix}{self}"]


class UserError(CadenceError):
    """A refusal the person can act on: one line, exit 1, nothing written."""


class Forceable(UserError):
    """A refusal that `--force` on the command line overrides: what was refused, and what `--force` would do
    (a page or a screen, which has no such flag, words the second part its own way)."""

    def __init__(self, refusal: str, force_does: str) -> None:
        super().__init__(f"{refusal} (add --force to {force_does})")
        self.refusal = refusal
        self.force_does = force_does


class UsageError(CadenceError):
    """The command line itself is wrong: exit 2."""

    exit_code = EXIT_USAGE
