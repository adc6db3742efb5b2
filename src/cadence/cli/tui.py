"""`cadence` with no command: the TUI, the only command that imports Textual."""

from __future__ import annotations

import sys

from cadence.cli.session import Session
from cadence.clock import Clock, plan_zone
from cadence.printable import one_line


def tui(session: Session) -> int:
    """A plan with errors opens the error view, which waits for the file to be fixed. Before the first frame,
    a write that waits for another process says so on stderr; a store that fails under the app ends it with
    the one line and exit code 1."""
    from cadence.tui.app import run_app

    source = session.source
    loaded = session.kept()  # the checked plan kept in the home when the file is as it was: no checker imported
    if loaded is None:
        from cadence.plan import PlanError, read_text

        read_text(source.path, source.shown)  # a missing or unreadable file is one line, not a screen
        try:
            loaded = session.loaded()
        except PlanError:
            loaded = None
    zone = plan_zone(loaded.plan.timezone if loaded else None, session.env)
    clock = Clock.from_env(session.env, zone)
    store = session.store()
    store.on_wait = lambda seconds: print(
        one_line(f"cadence: another process is writing to {store.path}; waiting up to {seconds:g} s for it"),
        file=sys.stderr,
    )
    code, failure = run_app(source, store, clock, session.env, session.home, loaded)
    for line in failure:
        print(one_line(line), file=sys.stderr)
    return code
