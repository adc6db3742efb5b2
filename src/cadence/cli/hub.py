"""`sync`, `hub init|add-member|add-coach` and `team`: the commands beyond one machine; a member's session for
`review --member`.

Only these and the background sync import the hub's driver (psycopg); every
other command reads the local store alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace
from typing import Any

from cadence.cli.session import Session, print_json
from cadence.errors import UserError
from cadence.hub.config import needed, owner_config
from cadence.plan import LoadedPlan
from cadence.record.runs import Lived
from cadence.store import Store
from cadence.wording import plural


def _driver() -> None:
    """psycopg, or one line saying how to get it (it is an optional dependency)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise UserError(
            "the hub needs psycopg, which this cadence was installed without: pip install 'cadence[hub]'"
        ) from None


def sync(session: Session) -> int:
    from cadence.hub import HubError
    from cadence.hub.background import attempt, say, sync_lock
    from cadence.store.sync import mark_told, waiting

    config = needed(session.env)
    _driver()
    store = session.store()
    session.synced = True
    with sync_lock(session.home):
        done = attempt(store, config, session.source.path, env=session.env)
    if done.synced is None:
        mark_told(store, config.key)
        raise HubError(say(done.outcome, waiting(store, config.key)))
    print(
        f"Synced with {config.key}: sent {plural(done.synced.sent, 'event')},"
        f" received {plural(done.synced.received, 'event')}."
    )
    return 0


def init(session: Session) -> int:
    config = owner_config(session.args.url, session.env)
    _driver()
    from cadence.hub import admin

    print(admin.init(config, session.args.owner))
    return 0


def _add(session: Session, kind: str) -> int:
    config = owner_config(session.args.url, session.env)
    _driver()
    from cadence.hub import admin

    name = session.args.name
    url = admin.add_role(config, name, kind)
    what = "reads every member's events and writes none" if kind == "coach" else "syncs their own events"
    print(f"Added {name} to the hub as a {kind}, who {what}. The URL to hand to {name}, shown only now:")
    print(url)
    return 0


def add_member(session: Session) -> int:
    return _add(session, "member")


def add_coach(session: Session) -> int:
    return _add(session, "coach")


def team(session: Session) -> int:
    from cadence.hub import team as coach

    config = needed(session.env)
    _driver()
    summaries = coach.team(config, session.env)
    if session.args.json:
        print_json(coach.team_json(summaries))
    else:
        print(coach.team_text(config.key, summaries))
    return 0


class MemberSession(Session):
    """A member's review as a coach sees it: their plan and events from the hub, in a store of their own."""

    def __init__(self, session: Session, store: Store, loaded: LoadedPlan) -> None:
        args: Any = SimpleNamespace(**{**vars(session.args), "member": None})
        super().__init__(args, session.env)
        self._member_store = store
        self._member_plan = loaded

    def loaded(self) -> LoadedPlan:
        return self._member_plan

    def store(self) -> Store:
        return self._member_store

    def today(self) -> date:
        from cadence.hub.team import member_today

        if self._today is None:
            self._today = member_today(self._member_plan.plan, self.env)
        return self._today

    def lived(self, record: bool = True) -> Lived:
        from cadence.hub.team import member_run

        if self._lived is None:  # read-only: a coach never begins a member's run
            self._lived = member_run(self._member_store, self._member_plan.plan, self.today())
        return self._lived

    def close(self) -> None:
        return None  # the member's store is closed with its folder


@contextmanager
def member_session(session: Session, member: str) -> Iterator[MemberSession]:
    """For `review --member NAME`: the member's plan and events, fetched from the hub, as a session that
    `review` reads as it reads this home's."""
    from cadence.hub import team as coach

    config = needed(session.env)
    _driver()
    (log,) = coach.fetch(config, member)
    with coach.member_store(log) as store:
        yield MemberSession(session, store, coach.member_plan(store, log))
