"""`streak` and `review`: how the plan is going, over the whole tracked history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadence.cli.session import Session, print_json
from cadence.core.status import week_reach
from cadence.errors import UserError
from cadence.store.folds import settled
from cadence.views import progress as reports

if TYPE_CHECKING:
    from datetime import date

    from cadence.core.calendar import Schedule
    from cadence.core.status import Ledger


def streak(session: Session) -> int:
    schedule = session.schedule()
    today = session.today()
    whole = any(task.per_week is not None for task in schedule.plan.tasks)  # their weeks are walked whole
    fold, ledger = settled(session.store(), schedule, session.loaded().source, session.run(), today, whole)
    data = reports.streak_json(schedule, ledger, today, fold)
    if session.args.json:
        print_json(data)
    else:
        print(reports.streak_text(schedule, data))
    return 0


def review(session: Session) -> int:
    member = getattr(session.args, "member", None)
    if member:  # a coach's view of a member: their plan and events from the hub, read by this same review
        from cadence.cli.hub import member_session

        with member_session(session, member) as theirs:
            if not session.args.json:
                print(f"Member {member}")
            return review(theirs)
    from cadence.core.review import review as reviewed

    schedule = session.schedule()
    today = session.today()
    week = session.args.week
    if week is not None and not 1 <= week <= schedule.plan.weeks:
        raise UserError(f"week {week} is outside the plan's weeks 1-{schedule.plan.weeks}")
    from cadence.core.comeback import comebacks

    passes = None if week is None else schedule.last_pass(week)
    firsts = None
    if passes is None:  # the whole review: the settled past from the kept fold, the days since from the log
        from cadence.core.folds import comebacks_from, firsts_from

        source = session.loaded().source
        fold, ledger = settled(session.store(), schedule, source, session.run(), today, False, weeks=True)
        result = reviewed(schedule, ledger, today, None, fold)
        made = comebacks_from(fold, schedule, ledger, today)
        firsts = firsts_from(fold, schedule, ledger)
    else:
        ledger = session.ledger(schedule.start, max(schedule.start, week_reach(schedule, today)))
        result = reviewed(schedule, ledger, today, passes)
        made = comebacks(schedule, ledger, today, passes)
    learned = _learned(session, schedule, ledger, firsts)
    if session.args.json:
        print_json(reports.review_json(result, today > schedule.end, schedule.tracking, learned, made))
    else:
        print(reports.review_text(schedule, result, today, week, learned, made))
    return 0


def _learned(session: Session, schedule: Schedule, ledger: Ledger, firsts: dict[str, date] | None) -> reports.Learned:
    """Each task's automaticity from the run's answers (`firsts`: each task's first day done, when the
    ledger holds only the days since the fold), and the run's revisions of the plan file."""
    from cadence.core.automaticity import automaticity
    from cadence.store.learning import answers, revisions

    store, run = session.store(), session.run()
    return reports.Learned(automaticity(schedule, ledger, answers(store, run), firsts), tuple(revisions(store, run)))
