"""What the TUI's screens show, read from the plan file and the store.

No Textual here: the app's message handlers call the writing methods, which
go through the one write path (`cadence.record`), then tell the screens to
refresh; screens only read. The write path is imported on the first write (or
by the app after its first frame, `warm`): the first frame only reads.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import TYPE_CHECKING

from cadence.clock import Clock
from cadence.config import FileSignature, PlanSource, file_signature
from cadence.core.automaticity import ASKING_DAYS, asking_from
from cadence.core.calendar import Schedule
from cadence.core.status import Item, Ledger, day_items, makeup_items, recent_window, week_reach
from cadence.core.streaks import Streak, overall_streak, settled_before
from cadence.record import runs
from cadence.record.runs import open_run
from cadence.store import Event, Store
from cadence.store.runs import current_run, legacy

if TYPE_CHECKING:
    from cadence.core.model import Task
    from cadence.plan import LoadedPlan, PlanError
    from cadence.plan.revise import Drafted
    from cadence.record.happened import Choice, Span, Way
    from cadence.record.writes import Entry, Recorder, Skip

SOURCE = "tui"


class State:
    """The plan (the last valid one), its schedule, the store and the clock."""

    def __init__(self, source: PlanSource, store: Store, clock: Clock, env: Mapping[str, str]) -> None:
        self.source = source
        self.store = store
        self.clock = clock
        self.env = env
        self.loaded: LoadedPlan | None = None
        self.schedule: Schedule | None = None
        self.error: PlanError | None = None
        """The problems of the plan file as it is now, when it cannot be used."""
        self.lived: runs.Lived | None = None
        """The run of the plan this home is living, and its days (see `cadence.record.runs`)."""
        self.run: int | None = None
        self.first_use = False
        """The plan fixes no first day and was never used here: the app asks when it begins."""
        self.signature: FileSignature = file_signature(source.path)
        """The plan file as it was when last read, so the reminders see any later edit."""
        self._carry: tuple[date, Streak, date] | None = None
        """Today, the overall streak of the settled past, and the first day after it."""
        self.shown_ledger: Ledger | None = None
        """The recent log as `items` last read it: what the nudges under Today's items read too."""

    # ----------------------------------------------------------------- the plan

    def load(self) -> bool:
        from cadence.plan import PlanError, load_plan  # the checker: not before the first frame when the plan is kept

        self.signature = file_signature(self.source.path)
        try:
            loaded = load_plan(self.source.path, self.source.shown)
        except PlanError as error:
            self.error = error
            return False
        self.adopt(loaded)
        return True

    def adopt(self, loaded: LoadedPlan) -> None:
        self.loaded = loaded
        self.error = None
        plan = loaded.plan
        self.first_use = plan.floating and current_run(self.store, plan.name) is None and legacy(self.store) is None
        self.relay()

    def relay(self) -> None:
        """The run laid out from the store (on a plan's adoption; after a start, shift, repeat or undo);
        a plan's first use begins its run."""
        if self.loaded is None:
            return
        self.lived = open_run(self.store, self.loaded.plan, self.today(), str(self.source.path), self.clock.now())
        self.schedule = self.lived.schedule
        self.run = self.lived.number
        self._carry = None

    def today(self) -> date:
        assert self.loaded is not None
        return self.clock.plan_day(self.loaded.plan, self.env)

    # ----------------------------------------------------------------- reading

    def recent_ledger(self, around: date | None = None) -> Ledger:
        """The log for a day's week and make-up window (fast however long the history)."""
        assert self.schedule is not None
        today = self.today()
        return self.store.ledger(*recent_window(self.schedule, around or today, today), self.run)

    def full_ledger(self) -> Ledger:
        assert self.schedule is not None
        reach = week_reach(self.schedule, self.today())
        return self.store.ledger(self.schedule.start, max(self.schedule.start, reach), self.run)

    def items(self) -> tuple[list[Item], list[Item]]:
        """Today's items and the make-up items of earlier days."""
        assert self.schedule is not None
        today = self.today()
        ledger = self.shown_ledger = self.recent_ledger()
        return day_items(self.schedule, today, ledger, today), makeup_items(self.schedule, ledger, today)

    def streak(self) -> Streak:
        """The overall streak; the settled past is computed once per day, then carried.

        The settled past comes from the fold the store keeps (`store.folds`, as `cadence streak` reads
        it): ten years are folded once, not at each start; only the days since the fold are walked."""
        assert self.schedule is not None and self.loaded is not None
        today = self.today()
        since = settled_before(self.schedule, today)
        if self._carry is None or self._carry[0] != today:
            from cadence.store import folds

            fold, ledger = folds.settled(self.store, self.schedule, self.loaded.source, self.run, today, False)
            since = max(since, fold.through)
            carry = overall_streak(self.schedule, ledger, today, since=fold.through, before=since, carry=fold.overall)
            self._carry = (today, carry, since)
        since = self._carry[2]
        recent = self.store.ledger(since, today, self.run)
        return overall_streak(self.schedule, recent, today, since=since, carry=self._carry[1])

    # ----------------------------------------------------------------- writing

    def recorder(self) -> Recorder:
        from cadence.record.writes import Recorder

        assert self.schedule is not None
        return Recorder(self.store, self.schedule, self.today(), SOURCE, self.run)

    def check_in(self, task_id: str, day: date, amount: float, mode: str = "add", force: bool = False) -> float:
        """A check-in from a key, against the amount in the store now; the change recorded (0: none).

        `complete`: the rest of the day's target; `set`: make the day's amount `amount`; `add`: add it
        (negative: a correction; the log is append-only, and a day never goes below zero). `force`: the
        person confirmed correcting a day past its make-up window (or before tracking, which moves back).
        """
        recorder = self.recorder()
        done = recorder.amount(task_id, day)
        if mode == "complete":
            change = recorder.target(task_id, day) - done
            if change <= 0:
                return 0.0
        elif mode == "set":
            change = amount - done
        else:
            change = amount
        assert self.schedule is not None
        made = recorder.correct(task_id, day, change, force) if change else 0.0
        if force and made and day < self.schedule.tracking:
            self.relay()  # the check-in moved the tracking start back to its day
        return made

    def skip(self, task_id: str, day: date, reason: str | None) -> Skip:
        return self.recorder().skip(task_id, day, day, reason)

    def log_results(self, task_id: str | None, day: date, results: list[Entry], new_metric: bool = False) -> None:
        self.recorder().log(results, task_id, day, new_metric)

    def known_metrics(self) -> dict[str, str | None]:
        """The run's metrics and their kinds, for the results form's "did you mean"."""
        return self.recorder().known_metrics()

    def note(self, task_id: str, day: date, text: str, amount: float, force: bool = False) -> None:
        """A check-in with a note (`amount` may be 0: a note on work already recorded)."""
        self.recorder().check_in(task_id, amount, day, text, force)

    def span(self, first: date, last: date) -> Span:
        from cadence.record.happened import Span

        today = self.today()
        return Span(first, last, from_today=first == last == today)

    def life_choices(self, span: Span) -> list[Choice]:
        """What each way of living with a span would change (nothing written)."""
        from cadence.record.happened import choices

        assert self.lived is not None
        return choices(self.store, self.lived, self.recorder(), self.today(), span)

    def take(self, span: Span, way: Way, reason: str | None) -> str:
        """One choice of the life-happened flow, as one undoable step; what was done."""
        from cadence.record.happened import take

        assert self.lived is not None
        said = take(self.store, self.lived, self.recorder(), self.today(), span, way, reason, SOURCE)
        self.relay()
        return said

    def undo(self) -> list[Event]:
        from cadence.record.writes import undo

        self._carry = None  # an undo may reach into the settled past
        undone = undo(self.store, SOURCE, self.run)
        if any(event.kind in ("start", "shift", "repeat") for event in undone):
            self.relay()
        if any(event.kind == "plan-revised" for event in undone):
            self.load()  # the plan file has its earlier text again
        return undone

    def redo(self) -> list[Event]:
        from cadence.record.writes import redo

        self._carry = None  # as an undo, a redo may reach into the settled past
        redone = redo(self.store, SOURCE, self.run)
        if any(event.kind in ("start", "shift", "repeat") for event in redone):
            self.relay()
        if any(event.kind == "plan-revised" for event in redone):
            self.load()  # the plan file has the revised text again
        return redone

    def start(self, day: date, restart: bool = False) -> None:
        assert self.loaded is not None
        runs.start(self.store, self.loaded.plan, self.today(), day, restart, str(self.source.path), SOURCE)
        self.first_use = False
        self.relay()

    # ----------------------------------------------------------------- a plan that learns

    def questions(self) -> list[Task]:
        """The tasks the weekly automaticity question asks about now (none once answered or skipped). Asked
        as the app opens: on the days it cannot ask, nothing of a plan that learns is loaded."""
        assert self.schedule is not None
        today = self.today()
        week = self.schedule.week_of(today)
        if week is None or week == 1:
            return []
        ledger = self.store.ledger(self.schedule.week_start(week - 1), today, self.run)
        if (today - asking_from(self.schedule, week, ledger, today)).days >= ASKING_DAYS:
            return []
        from cadence.core.automaticity import weekly_questions
        from cadence.store.learning import answers

        return weekly_questions(self.schedule, ledger, answers(self.store, self.run), today)

    def answer_week(self, given: list[tuple[str, int | None]]) -> None:
        from cadence.record.answers import answer_week

        answer_week(self.recorder(), given)

    def proposals(self, declined: Collection[str] = ()) -> tuple[list[Drafted], str | None, str]:
        """What `cadence adapt` proposes now (leaving out the declined), drafted on the plan file as it is,
        whose text is returned too: a revision is written only over that text."""
        from cadence.core.adapt import propose
        from cadence.plan import read_text
        from cadence.plan.revise import draft
        from cadence.store.learning import revisions

        assert self.schedule is not None
        text = read_text(self.source.path, self.source.shown)
        revised = [revision.day for revision in revisions(self.store, self.run)]
        found = propose(self.schedule, self.full_ledger(), self.today(), revised, declined)
        drafted, problem = draft(text, found)
        return drafted, problem, text

    def revise(self, accepted: list[str], declined: Collection[str], seen: str) -> int:
        """Write the accepted proposals as one revision, over the text they were shown for (`seen`); refused
        when the file or what adapt proposes has changed since. The plan is read again at once (the
        reminders see the new file by themselves)."""
        from cadence.errors import UserError
        from cadence.plan.saving import ChangedOnDisk
        from cadence.record.revisions import revise

        drafted, _, text = self.proposals(declined)
        if text != seen:
            raise ChangedOnDisk(
                f"{self.source.shown} changed since the proposals were made; nothing was written (press a again)"
            )
        if [each.proposal.key for each in drafted] != accepted or not drafted:
            raise UserError("the proposals changed while you chose; press a to see them again")
        assert self.run is not None
        batch = revise(
            self.store,
            self.run,
            self.source.path,
            self.source.shown,
            text,
            drafted[-1].after,
            accepted,
            self.today(),
            SOURCE,
        )
        self.load()
        return batch

    def repeat_week(self) -> int:
        assert self.loaded is not None and self.schedule is not None
        assert self.lived is not None
        week = runs.repeat_week(self.store, self.lived, self.today(), None, SOURCE)
        self.relay()
        return week


def keep_the_day(store: Store) -> None:
    """Today's copy of the store, made in a thread as the plan opens so that the day's first key press
    does not wait for it (`Store.copying`, the lock its caller sets first: a write in the meantime waits for
    this copy instead of making its own). Its own connection, since SQLite's belong to the thread that made
    them; a copy that cannot be made is no error here, as on the write path (`cadence backup` says why). The
    caller starts it only for a store that can be written and has no copy of today yet."""
    import sqlite3
    from contextlib import suppress

    from cadence.store import copies

    lock = store.copying
    assert lock is not None, "the caller sets the lock before the thread starts (CadenceApp._copy_the_day)"
    with lock, suppress(OSError, sqlite3.Error):
        sibling = store.sibling()
        try:
            copies.daily(sibling.connection, sibling.path.parent)
        finally:
            sibling.close()


def warm() -> None:
    """Import what the first write needs (run in a thread after the first frame: the first key does not wait)."""
    import cadence.record.happened
    import cadence.record.writes  # noqa: F401
