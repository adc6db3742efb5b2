"""`cadence serve`: the phone's check-in page in the foreground (the web stack is loaded only here)."""

from __future__ import annotations

from cadence.cli.session import Session


def serve(session: Session) -> int:
    from cadence.web import running
    from cadence.web.settings import settings

    args = session.args
    chosen = settings(session.env, args.host, args.port, args.url)
    if args.url and not args.url.startswith(("http://", "https://")):
        from cadence.errors import UsageError

        raise UsageError(
            f"--url must be an http:// or https:// address, like https://cadence.example.org, not '{args.url}'"
        )
    return running.serve(session.source, session.home, session.env, chosen, args.pair)
