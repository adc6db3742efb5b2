"""`cadence daemon`: reminders in the foreground, or the systemd user unit that runs them."""

from __future__ import annotations

from cadence.cli.session import Session


def daemon(session: Session) -> int:
    from cadence.reminders import daemon, unit

    args = session.args
    if args.uninstall:
        print(unit.uninstall(session.env))
        return 0
    if args.install:
        source = session.source
        named = getattr(args, "plan", None) or session.env.get("CADENCE_PLAN")
        # Without a plan named now, the daemon reads config.toml at each start: a later `use` applies.
        arguments = ["--plan", str(source.path.resolve())] if named else []
        if getattr(args, "home", None) is not None or "CADENCE_HOME" in session.env:
            arguments += ["--home", str(session.home.resolve())]
        print(unit.install(session.env, arguments))
        return 0
    return daemon.run(session.source, session.home, session.env)
