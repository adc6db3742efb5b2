"""`export` (the plan as a calendar, or the event log) and `import` (an export into a new home)."""

from __future__ import annotations

import sys
from pathlib import Path

from cadence.cli.session import Session
from cadence.errors import UserError
from cadence.record import writes as record
from cadence.wording import plural


def export(session: Session) -> int:
    if session.args.format == "ics":
        from cadence.exchange.ics import ics

        sys.stdout.write(ics(session.schedule(), session.zone(), session.now()))
        return 0
    if session.args.format == "days":
        from cadence.exchange.days import days_csv

        schedule = session.schedule()
        sys.stdout.write(days_csv(schedule, session.ledger(schedule.start, schedule.end), session.today()))
        return 0
    from cadence.exchange import events as exchange

    store = session.store()
    sys.stdout.write(exchange.export(store.events(), store.plan_starts(), session.args.format))
    return 0


def restore(session: Session) -> int:
    from cadence.exchange import events as exchange

    path = Path(session.args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise UserError(f"cannot read {session.args.file}: {reason}") from None
    events, starts = exchange.parse(text, session.args.file)
    count = record.restore(session.store(), events, starts)
    print(f"Imported {plural(count, 'event')} into {session.home}.")
    return 0
