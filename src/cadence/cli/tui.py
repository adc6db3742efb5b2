"""`cadence` with no command: the TUI, the only command that imports Textual."""

from __future__ import annotations

from cadence.cli.session import Session
from cadence.clock import Clock, plan_zone
from cadence.plan import LoadedPlan, PlanError, load_plan, read_text


def tui(session: Session) -> int:
    """A plan with errors opens the error view, which waits for the file to be fixed."""
    from cadence.tui.app import run_app

    source = session.source
    read_text(source.path, source.shown)  # a missing or unreadable file is one line, not a screen
    try:
        loaded: LoadedPlan | None = load_plan(source.path, source.shown)
    except PlanError:
        loaded = None
    zone = plan_zone(loaded.plan.timezone if loaded else None, session.env)
    clock = Clock.from_env(session.env, zone)
    run_app(source, session.store(), clock, session.env, session.home, loaded)
    return 0
