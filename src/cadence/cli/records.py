"""`check`, `skip`, `log`, `undo` and `redo`: the commands that write, each through the one write path."""

from __future__ import annotations

from cadence.cli.session import SOURCE, Session
from cadence.core.units import fraction, quantity
from cadence.errors import UserError
from cadence.printable import one_line
from cadence.record import writes as record
from cadence.record.writes import describe_event, parse_results
from cadence.wording import long_day, plural


def check(session: Session) -> int:
    from cadence.record.bounds import positive

    args = session.args
    recorder = session.recorder()
    amount = None if args.amount is None else positive(args.amount, "the amount")
    done = recorder.check_in(args.task, amount, session.day(args.date), args.note, args.force)
    if not done.due:
        print(
            f"Checked in {done.task.id}: {quantity(done.total, done.task.unit)} on {long_day(done.day)},"
            f" recorded as extra work ({done.task.id} is not due that day)."
        )
        return 0
    print(
        f"Checked in {done.task.id}: {fraction(done.total, done.target, done.task.unit)} on {long_day(done.day)},"
        f" {done.state}."
    )
    return 0


def skip(session: Session) -> int:
    args = session.args
    if args.date and (args.from_ or args.to):
        raise UserError("give either --date or --from and --to, not both")
    if bool(args.from_) != bool(args.to):
        raise UserError("--from and --to go together")
    recorder = session.recorder()
    first = session.day(args.from_ or args.date)
    last = session.day(args.to) or first
    skipped = recorder.skip(None if args.all else args.task, first, last, args.reason, args.force)
    who = skipped.task.id if skipped.task else "everything"
    if skipped.first == skipped.last:
        span = f"on {long_day(skipped.first)}"
    else:
        span = f"from {long_day(skipped.first)} to {long_day(skipped.last)}"
    because = f" ({one_line(skipped.reason)})" if skipped.reason else ""
    print(f"Skipped {who} {span}: {plural(skipped.excused, 'occurrence')} excused{because}.")
    return 0


def log(session: Session) -> int:
    args = session.args
    recorder = session.recorder()
    if args.task:
        recorder.task(args.task)  # an unknown task is named before any result is read
    logged = recorder.log(parse_results(args.results), args.task, session.day(args.date), args.new_metric)
    listed = ", ".join(f"{entry.metric} {'at ' if entry.reading else ''}{entry.amount:g}" for entry in logged.results)
    task = f" for {logged.task.id}" if logged.task else ""
    print(f"Logged {listed}{task} on {long_day(logged.day)}.")
    return 0


def undo(session: Session) -> int:
    run = session.run(record=False)
    undone = record.undo(session.store(), SOURCE, run) if run is not None else []
    if not undone:
        raise UserError("nothing to undo: the log has no event left to reverse")
    titles = {task.id: task.title for task in session.loaded().plan.tasks}
    print("Undid " + "; ".join(describe_event(event, titles) for event in undone) + ".")
    return 0


def redo(session: Session) -> int:
    run = session.run(record=False)
    redone = record.redo(session.store(), SOURCE, run) if run is not None else []
    if not redone:
        raise UserError("nothing to redo: no change was undone since the last one made")
    titles = {task.id: task.title for task in session.loaded().plan.tasks}
    print("Redid " + "; ".join(describe_event(event, titles, redone=True) for event in redone) + ".")
    return 0
