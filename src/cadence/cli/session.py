"""A Session: the real parts one command needs (plan, store, clock), each built on first use."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadence.clock import now, plan_zone
from cadence.core.calendar import Schedule, monday_of, plan_day, resolve_start
from cadence.core.status import Ledger
from cadence.paths import PlanSource, resolve_home, resolve_plan
from cadence.plan import LoadedPlan, load_plan
from cadence.store import Store, pin

if TYPE_CHECKING:
    import argparse

    from cadence.record import Recorder

SOURCE = "cli"
"""How events written by commands are marked in the log."""


def print_json(data: Any) -> None:
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False))


class Session:
    """The real parts one command needs, built on first use."""

    def __init__(self, args: argparse.Namespace, env: Mapping[str, str]) -> None:
        self.args = args
        self.env = env
        self._loaded: LoadedPlan | None = None
        self._store: Store | None = None
        self._today: date | None = None

    @property
    def source(self) -> PlanSource:
        return resolve_plan(getattr(self.args, "plan", None), self.env)

    @property
    def home(self) -> Path:
        return resolve_home(getattr(self.args, "home", None), self.env)

    def loaded(self) -> LoadedPlan:
        if self._loaded is None:
            source = self.source
            self._loaded = load_plan(source.path, source.shown)
        return self._loaded

    def zone(self) -> tzinfo:
        return plan_zone(self.loaded().plan.timezone, self.env)

    def now(self) -> datetime:
        return now(self.env, self.zone())

    def today(self) -> date:
        if self._today is None:
            plan = self.loaded().plan
            self._today = plan_day(self.now(), self.zone(), plan.day_starts)
        return self._today

    def store(self) -> Store:
        if self._store is None:
            store = Store.open(self.home, create=True)
            assert store is not None
            self._store = store
        return self._store

    def schedule(self, record: bool = True) -> Schedule:
        """The plan pinned to its first day; a floating plan's first day is recorded on first use."""
        plan = self.loaded().plan
        today = self.today()
        if plan.start is not None or plan.finish is not None:
            return Schedule(plan, resolve_start(plan, today))  # no store needed
        if record:
            return pin(plan, self.store(), today)
        existing = Store.open(self.home, create=False)
        start = existing.recorded_start(plan.name) if existing else None
        if existing:
            existing.close()
        return Schedule(plan, start or monday_of(today))

    def ledger(self, first: date, last: date) -> Ledger:
        return self.store().ledger(first, last)

    def recorder(self) -> Recorder:
        from cadence.record import Recorder

        return Recorder(self.store(), self.schedule(), self.today(), SOURCE)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
