"""`export` (the plan as a calendar, or the event log) and `import` (an export into a new home)."""

from __future__ import annotations

import sys
from pathlib import Path

from cadence.cli.session import Session
from cadence.errors import UserError
from cadence.record import writes as record
from cadence.wording import plural


def export(session: Session) -> int:
    """The export's text as it must come back, to be safe on a terminal all the same: the plan's text is clean
    as it is read (ics), the days export is a report and cleans its notes, JSON writes what a terminal would
    obey as \\u escapes, and CSV, which has no escapes, is cleaned only when it goes to a terminal."""
    if session.args.format == "ics":
        from cadence.exchange.ics import ics

        schedule = session.schedule()
        ledger = session.ledger(schedule.start, schedule.end)  # skips booked ahead cancel their days
        sys.stdout.write(ics(schedule, session.zone(), session.now(), ledger, session.today()))
        return 0
    if session.args.format == "days":
        from cadence.exchange.days import days_csv

        schedule = session.schedule()
        sys.stdout.write(days_csv(schedule, session.ledger(schedule.start, schedule.end), session.today()))
        return 0
    from cadence.exchange import events as exchange
    from cadence.store.runs import plan_starts

    store = session.store()
    exported = exchange.export(store.events(), plan_starts(store), session.args.format)
    if session.args.format == "csv" and sys.stdout.isatty():
        from cadence.printable import printable

        exported = printable(exported)  # shown, not saved: as `ls` shows a name on a terminal
    sys.stdout.write(exported)
    return 0


def import_events(session: Session) -> int:
    from cadence.exchange import events as exchange

    path = Path(session.args.file)
    try:
        size = path.stat().st_size
        if size > exchange.MAX_FILE:
            raise UserError(
                f"{session.args.file} holds {size / 2**20:,.0f} MiB; a cadence export is far smaller"
                f" (ten years of history: about 30 MiB), so at most {exchange.MAX_FILE // 2**20} MiB is read"
            )
        text = path.read_bytes().decode("utf-8")  # every \r as written: a note's line breaks come back exactly
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise UserError(f"cannot read {session.args.file}: {reason}") from None
    events, starts = exchange.parse(text, session.args.file)
    count = record.restore(session.store(), events, starts)
    print(f"Imported {plural(count, 'event')} into {session.home}.")
    return 0


def backup(session: Session) -> int:
    """A copy of the store now: to FILE, or into the home's backups/."""
    from datetime import UTC, datetime

    from cadence.store import backups, copies

    store = session.store()
    if session.args.file:
        target = Path(session.args.file).expanduser()
    else:
        target = copies.own_folder(session.home) / f"cadence-{datetime.now(UTC):%Y-%m-%d-%H%M%S}.db"
    if target.exists():
        raise UserError(f"{session.args.file or target} already exists; cadence never overwrites a file")
    made = backups.back_up(store, target)
    print(f"Saved a copy of the store to {made}.")
    return 0


def restore(session: Session) -> int:
    """Bring back a backup. The store is never opened (it may be one SQLite cannot open): the one there is
    set aside in backups/, with its -wal and -shm, and kept until the person removes it."""
    from datetime import UTC, datetime

    from cadence.store import backups

    source = Path(session.args.file).expanduser()
    if not source.is_file():
        raise UserError(f"no backup at {session.args.file}")
    done = backups.restore(session.home, source, datetime.now(UTC))
    if done.set_aside is None:
        print(f"Restored {source} into {done.store}; there was no store to set aside.")
    else:
        print(
            f"Restored {source} into {done.store}; the store as it was is kept in {done.set_aside} until you remove it."
        )
    return 0
