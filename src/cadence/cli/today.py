"""`cadence today`: what is due, with make-up items. The command a prompt or a morning starts with."""

from __future__ import annotations

from cadence.cli.session import Session, print_json
from cadence.core.status import recent_window
from cadence.views import today as views


def today(session: Session) -> int:
    schedule = session.schedule()
    now = session.today()
    day = session.args.date or now
    ledger = session.ledger(*recent_window(schedule.plan.makeup_days, day, now))
    if session.args.json:
        print_json(views.today_json(schedule, day, ledger, now))
    else:
        print(views.today_text(schedule, day, ledger, now))
    return 0
