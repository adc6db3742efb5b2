"""`cadence daemon`: reminders in the foreground, or the systemd user unit that runs them; `cadence remind`."""

from __future__ import annotations

from cadence.cli.session import Session


def daemon(session: Session) -> int:
    from cadence.reminders import daemon, unit

    args = session.args
    if args.uninstall:
        print(unit.uninstall(session.env))
        return 0
    if args.install:
        home = session.home  # an empty CADENCE_HOME is refused here too, never written into a unit
        # The flags given now become the daemon's; the variables are carried by the unit (`unit.carried`).
        # Without a plan named, the daemon reads config.toml at each start: a later `use` applies.
        arguments = ["--plan", str(session.source.path.resolve())] if getattr(args, "plan", None) else []
        if getattr(args, "home", None):
            arguments += ["--home", str(home.resolve())]
        print(unit.install(session.env, arguments))
        return 0
    return daemon.run(session.source, session.home, session.env)


def remind(session: Session) -> int:
    """Each reminder due now that no process has said: its title, then its lines indented; nothing when none."""
    from cadence.reminders.pending import say_due

    lived = session.lived()
    said = say_due(session.store(), lived.schedule, lived.number, session.zone(), session.now(), session.today())
    for words in said:
        print(words.title)
        for line in words.body.splitlines():
            print(f"  {line}")
    return 0
