"""`adapt` and `rate`: the plan that learns from its closed weeks, and the answers of the automaticity check."""

from __future__ import annotations

from pathlib import Path

from cadence.cli.session import SOURCE, Session, print_json
from cadence.core.automaticity import closed_weeks
from cadence.errors import UserError
from cadence.wording import long_day, plural


def adapt(session: Session) -> int:
    from cadence.core.adapt import propose
    from cadence.core.status import Ledger
    from cadence.plan.revise import draft
    from cadence.store.learning import revisions
    from cadence.views.adapt import adapt_json, patch

    args = session.args
    source = session.source
    loaded = session.loaded()
    if args.apply and source.bundled:
        raise UserError(
            "the bundled plan is cadence's, not yours to revise: 'cadence plan new plan.toml --template"
            " social-half-marathon' copies it, and 'cadence use plan.toml' makes it yours"
        )
    lived = session.lived(record=args.apply)
    schedule, today = lived.schedule, session.today()
    ledger, revised = Ledger(), []
    if lived.number is not None:
        store = session.store()
        ledger = store.ledger(schedule.start, max(schedule.start, today), lived.number)
        revised = [revision.day for revision in revisions(store, lived.number)]
    drafted, problem = draft(loaded.source, propose(schedule, ledger, today, revised))
    name = Path(source.shown).name
    applied = False
    if args.apply and drafted:
        from cadence.record.revisions import revise

        assert lived.number is not None
        keys = [each.proposal.key for each in drafted]
        revise(
            session.store(),
            lived.number,
            source.path,
            source.shown,
            loaded.source,
            drafted[-1].after,
            keys,
            today,
            SOURCE,
        )
        applied = True
    if args.json:
        print_json(adapt_json(drafted, name, applied, problem))
        return 0
    if not drafted:
        closed = [
            week for week in closed_weeks(schedule, today) if not revised or schedule.week_start(week) > revised[-1]
        ]
        since = f"since the revision of {long_day(revised[-1])}" if revised else "so far"
        print(
            f"No changes to propose for {name}: {plural(len(closed), 'closed week')} {since}, and no rule calls for"
            " one (a hold needs two weeks under 70%, a weak task two weeks, a task without results three)."
        )
    else:
        head = "Revised" if applied else "Proposed for"
        print(f"{head} {name}, from the weeks closed by {long_day(today)}:\n")
        print(patch(drafted, name), end="")
        if applied:
            print(f"\n{plural(len(drafted), 'change')} written; 'cadence undo' puts the earlier text back.")
        else:
            print(f"\n'cadence adapt --apply' writes {'it' if len(drafted) == 1 else 'them'} into {source.shown}.")
    if problem:
        print(problem)
    return 0


def rate(session: Session) -> int:
    from cadence.record.answers import rate as answer
    from cadence.record.answers import value_of

    args = session.args
    recorder = session.recorder()
    recorder.task(args.task)  # an unknown task is named before the answer is read
    given = answer(recorder, args.task, value_of(args.value), session.day(args.date))
    print(
        f"Answered {given.value} of 7 for {given.task.id} on {long_day(given.day)}:"
        f" '{given.task.title}' is something I do automatically."
    )
    return 0
