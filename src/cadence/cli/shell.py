"""`completion` prints a shell's completion script; `complete` feeds it the plan's words."""

from __future__ import annotations

import sys

from cadence.cli.session import Session
from cadence.errors import CadenceError
from cadence.paths import bundled_plans


def completion(session: Session) -> int:
    from cadence.cli.completion import script

    sys.stdout.write(script(session.args.shell))
    return 0


def complete(session: Session) -> int:
    """Words for the completion scripts; silent when the plan cannot be read (nothing to offer)."""
    from cadence.cli.completion import words

    if session.args.what == "templates":
        print("\n".join(bundled_plans()))
        return 0
    try:
        plan = session.loaded().plan
    except CadenceError:
        return 0
    print("\n".join(words(plan, session.args.what)))
    return 0
