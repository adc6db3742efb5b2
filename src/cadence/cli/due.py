"""`cadence today`: what is due, with make-up items. The command a prompt or a morning starts with."""

from __future__ import annotations

from cadence.cli.session import Session, print_json
from cadence.core.status import recent_window
from cadence.views import today as views


def today(session: Session) -> int:
    lived = session.lived()
    schedule = lived.schedule
    now = session.today()
    day = session.day(session.args.date) or now
    if now > schedule.end and day == now and not session.args.json:
        from cadence.views.report import finish_report

        print(finish_report(schedule, session.ledger(schedule.start, now), now, lived.number))
        return 0
    ledger = session.ledger(*recent_window(schedule, day, now))
    if session.args.json:
        print_json(views.today_json(schedule, day, ledger, now, lived.number))
    else:
        print(views.today_text(schedule, day, ledger, now))
    return 0
