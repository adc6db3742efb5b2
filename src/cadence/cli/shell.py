"""`completion` prints a shell's completion script; `complete` feeds it the plan's words."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing, suppress

from cadence.bundled import bundled_plans
from cadence.cli.session import Session
from cadence.errors import CadenceError


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
    kinds: dict[str, str] = {}
    if session.args.what == "metrics":
        from cadence.store import Store

        try:
            store = Store.open(session.home, create=False)  # completing never creates a home
        except CadenceError:
            store = None
        if store is not None:
            with closing(store), suppress(sqlite3.Error):  # a damaged store completes the plan's words only
                kinds = store.metric_kinds()
    print("\n".join(words(plan, session.args.what, kinds)))
    return 0
