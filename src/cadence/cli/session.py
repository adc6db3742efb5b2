"""A Session: the real parts one command needs (plan, store, clock), each built on first use."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, tzinfo

from cadence.clock import now, plan_zone
from cadence.config import PlanSource, resolve_home, resolve_plan
from cadence.core.calendar import Schedule, plan_day
from cadence.core.status import Ledger
from cadence.errors import CadenceError
from cadence.record.runs import Lived, open_run, peek_run
from cadence.store import Store

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Any

    from cadence.cli.parser import Day
    from cadence.plan.loaded import LoadedPlan
    from cadence.record.writes import Recorder

SOURCE = "cli"
"""How events written by commands are marked in the log."""


def print_json(data: Any) -> None:
    """Every text exactly as it is, what a terminal would obey written as a \\u escape."""
    from cadence.printable import json_text

    print(json_text(data))


class Session:
    """The real parts one command needs, built on first use."""

    def __init__(self, args: argparse.Namespace, env: Mapping[str, str]) -> None:
        self.args = args
        self.env = env
        self._loaded: LoadedPlan | None = None
        self._store: Store | None = None
        self._today: date | None = None
        self._lived: Lived | None = None

    @property
    def source(self) -> PlanSource:
        return resolve_plan(getattr(self.args, "plan", None), self.env)

    @property
    def home_dir(self) -> str:
        """The home folder as a string: what the read commands use (pathlib costs their start-up)."""
        return resolve_home(getattr(self.args, "home", None), self.env)

    @property
    def home(self) -> Path:
        from pathlib import Path

        return Path(self.home_dir)

    def kept(self) -> LoadedPlan | None:
        """The plan kept in the home for the file's very text (`plan.compiled`), or None: nothing checked."""
        if self._loaded is None:
            from cadence.plan import compiled

            self._loaded = compiled.lookup(self.source.file, self.home_dir)
        return self._loaded

    def loaded(self) -> LoadedPlan:
        if self.kept() is None:
            from cadence.plan.reading import load_plan

            source = self.source
            self._loaded = load_plan(source.path, source.shown)
            self._checked = True
        assert self._loaded is not None
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

    def day(self, value: Day | None) -> date | None:
        """A day given on the command line, as a date (None when it was not given)."""
        if value is None:
            return None
        from cadence.record.runs import in_range

        try:
            found = value.on(self.today())
        except OverflowError:  # -N reaching past year 1
            found = date.min
        return in_range(found, "the day")

    def store(self) -> Store:
        if self._store is None:
            store = Store.open(self.home_dir, create=True)
            assert store is not None
            self._store = store
        return self._store

    def plan_path(self) -> str:
        return os.path.realpath(self.source.file)

    def lived(self, record: bool = True) -> Lived:
        """The plan's current run and its days; the first use of a plan begins its run (unless not `record`)."""
        if self._lived is None or (record and self._lived.run is None):
            plan = self.loaded().plan
            if record:
                self._lived = open_run(self.store(), plan, self.today(), self.plan_path(), self.now())
            elif self._store is not None:
                self._lived = peek_run(self._store, plan, self.today())
            else:  # nothing to record: the store is not created for this
                existing = Store.open(self.home_dir, create=False)
                try:
                    self._lived = peek_run(existing, plan, self.today())
                finally:
                    if existing is not None:
                        existing.close()
        return self._lived

    def relive(self) -> Lived:
        """The run laid out again, after a command changed it."""
        self._lived = None
        return self.lived()

    def schedule(self, record: bool = True) -> Schedule:
        """The plan laid on days for its current run (see `lived`)."""
        return self.lived(record).schedule

    def run(self, record: bool = True) -> int | None:
        return self.lived(record).number

    def ledger(self, first: date, last: date) -> Ledger:
        """The current run's events, folded for first..last."""
        return self.store().ledger(first, last, self.run())

    def recorder(self) -> Recorder:
        """The write path for this plan's run; a plan's first use begins its run with the first write."""
        from cadence.record.writes import Recorder

        store = self.store()  # first, so that looking at the run uses this connection
        lived = self.lived(record=False)

        def begin() -> int | None:
            return self.lived().number

        return Recorder(store, lived.schedule, self.today(), SOURCE, lived.number, begin)

    synced = False
    """The command was a sync itself: no other is started after it."""

    @property
    def wrote(self) -> bool:
        """Whether this command wrote to the store (a command that only read pays nothing for a hub)."""
        store = self._store
        return store is not None and store.connection.total_changes > store.cached and not self.synced

    def plan_file(self) -> Path | None:
        """The plan file in use, when one can be named (for the hub, which keeps its text for a coach)."""
        try:
            return self.source.path
        except CadenceError:
            return None

    _checked = False
    """The plan was checked by this command, not read back: it is kept for the next (see `close`)."""

    def close(self) -> None:
        if self._checked and self._store is not None and self._loaded is not None:
            from cadence.plan import compiled  # beside a store that is ours and open: never in another folder

            compiled.keep(self._loaded.source, self._loaded.plan, self.home_dir)
        if self._store is not None:
            self._store.close()
            self._store = None
