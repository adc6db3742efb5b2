"""How the app writes: what the screens ask for, each through the write path, and what it says when the store
refuses one.

A screen posts what the person asked for (a check-in, a skip, results, an
undo, a shift); a handler here writes it through `State` (`_write`, or
`_plan_write` for a change to how the run lies on days, as the first use's
start dialog also makes), says what was done, and the screen on show is
refreshed. A refusal of the plan's rules is a toast, as the CLI prints it. A store that
cannot take a change (a full disk, a read-only home, another process holding
the write lock) says in a toast that stays which change was not made and why,
and the app goes on. A store that fails so that the app cannot go on (a
damaged page) ends it with the one line the CLI prints, naming the newest
backup, and exit code 1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cadence.errors import CadenceError
from cadence.tui import AppPart
from cadence.tui.state import State

if TYPE_CHECKING:
    from cadence.store import Event
    from cadence.tui.screens.day import DayScreen
    from cadence.tui.screens.forms import ItemForms
    from cadence.tui.screens.review import ReviewScreen
    from cadence.tui.screens.today import TodayScreen

WRITE_WAIT_SECONDS = 3.0
"""How long a key's write waits for another process's write lock before it is refused (the screen waits too)."""
STORE_TOAST_SECONDS = 30
"""How long a change the store refused stays on the screen."""


class WritingApp(AppPart):
    """The part of the app that writes and tells what was not written."""

    state: State
    reminders: Any
    """The Reminders once started, armed again after a change to how the run lies on days."""

    def __init__(self) -> None:
        super().__init__()
        self.failure: list[str] = []
        """The lines to print when the store failed so that the app could not go on."""

    def _refresh_screen(self) -> None:
        raise NotImplementedError

    def _take_the_terminal(self) -> None:
        """Once the app draws: a write that waits for another process says so in its toast, and waits less."""
        store = self.state.store
        store.on_wait = None
        store.lock_wait = min(store.lock_wait, WRITE_WAIT_SECONDS)

    def _write(self, write: Callable[[], object], what: str) -> bool:
        """Run one write, `what` naming the change for the person; whether it was made."""
        from cadence.store import StoreError

        try:
            write()
        except StoreError as error:
            self._not_recorded(what, error)
            return False
        except CadenceError as error:
            self.notify(str(error), severity="error", markup=False)
            return False
        except sqlite3.OperationalError as error:  # a read on the way to the write failed
            from cadence.store.faults import damaged
            from cadence.store.log import failure

            if damaged(error):
                raise  # the app cannot go on: `_handle_exception` ends it with the one line
            self._not_recorded(what, failure(error, self.state.store.path))
            return False
        finally:
            self._refresh_screen()
        return True

    def _plan_write(self, write: Callable[[], object], said: Callable[[], str], what: str) -> None:
        """A change to how the run lies on days: written, the reminders armed again, then said."""
        if self._write(write, what):
            if self.reminders is not None:
                self.reminders.store_changed()
            self.notify(said(), markup=False)

    def _not_recorded(self, what: str, error: CadenceError) -> None:
        """A change the store could not take: which one (the toast's title) and why; it stays a while."""
        self.notify(
            str(error), title=f"Not recorded: {what}", severity="error", markup=False, timeout=STORE_TOAST_SECONDS
        )

    def _title(self, task_id: str) -> str:
        task = self.state.loaded.plan.task(task_id) if self.state.loaded else None
        return task.title if task else task_id

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an exception no handler caught: a store's failure ends the app with its one
        line (printed by `run_app`'s caller) and exit code 1; anything else is a bug, shown as Textual does.

        Once the app ends with that line, what its end breaks on the way (a screen that failed while it was
        being mounted leaves the app's own widgets nowhere to go: a MountError) is no news, and no
        traceback."""
        if self.failure:
            return
        if isinstance(error, sqlite3.Error):
            from cadence.store.log import failure

            error = failure(error, self.state.store.path)
        if not isinstance(error, CadenceError):
            super()._handle_exception(error)
            return
        self.failure = error.lines()
        self.exit(return_code=error.exit_code)

    # ----------------------------------------------------------------- the screens' requests

    def on_today_screen_checked_in(self, message: TodayScreen.CheckedIn) -> None:
        changes: list[float] = []
        title, day = self._title(message.task_id), f"{message.day:%a %d %b}"
        what = {
            "complete": f"{title} done on {day}",
            "set": f"{title} set to {message.amount:g} on {day}",
        }.get(message.mode, f"{title} {message.amount:+g} on {day}")
        written = self._write(
            lambda: changes.append(self.state.check_in(message.task_id, message.day, message.amount, message.mode)),
            what,
        )
        if written and message.mode == "complete" and changes == [0.0]:
            self.notify(f"{title} is already done", markup=False)

    def on_day_screen_corrected(self, message: DayScreen.Corrected) -> None:
        """A correction from the day view; a closed day only after the person confirmed (`force`)."""
        title, day = self._title(message.task_id), f"{message.day:%a %d %b}"
        what = f"{title} set to {message.amount:g} on {day}" if message.mode == "set" else f"{title} on {day}"
        self._write(
            lambda: self.state.check_in(message.task_id, message.day, message.amount, message.mode, message.force),
            what,
        )

    def on_item_forms_skipped(self, message: ItemForms.Skipped) -> None:
        what = f"the skip of {self._title(message.task_id)} on {message.day:%a %d %b}"
        self._write(lambda: self.state.skip(message.task_id, message.day, message.reason), what)

    def on_item_forms_results_logged(self, message: ItemForms.ResultsLogged) -> None:
        said = ", ".join(f"{e.metric} {'at ' if e.reading else ''}{e.amount:g}" for e in message.results)
        day = f" on {message.day:%a %d %b}" if message.day != self.state.today() else ""
        if self._write(
            lambda: self.state.log_results(message.task_id, message.day, message.results, message.new_metric),
            f"results {said}{day}",
        ):
            self.notify(f"Logged {said}{day}", markup=False)

    def on_item_forms_noted(self, message: ItemForms.Noted) -> None:
        title, day = self._title(message.task_id), f"{message.day:%a %d %b}"
        if self._write(
            lambda: self.state.note(message.task_id, message.day, message.text, message.amount, message.force),
            f"the note on {title}, {day}",
        ):
            self.notify(f"Noted on {title}, {day}", markup=False)

    def on_today_screen_undo_requested(self, message: TodayScreen.UndoRequested) -> None:
        self._took(self.state.undo, "Undid", "the undo", "Nothing to undo.")

    def on_today_screen_redo_requested(self, message: TodayScreen.RedoRequested) -> None:
        self._took(self.state.redo, "Redid", "the redo", "Nothing to redo: no change was undone since the last one.")

    def _took(self, step: Callable[[], list[Event]], verb: str, what: str, nothing: str) -> None:
        """An undo or a redo, and what it changed, with its day, in a toast."""
        from cadence.record.writes import describe_event

        events: list[Event] = []
        if not self._write(lambda: events.extend(step()), what):
            return
        if events:
            titles = {task.id: task.title for task in self.state.loaded.plan.tasks} if self.state.loaded else {}
            redone = verb == "Redid"
            said = "; ".join(describe_event(event, titles, redone) for event in events)
            self.notify(f"{verb} {said}", markup=False)
        else:
            self.notify(nothing, markup=False)

    def on_today_screen_life_happened(self, message: TodayScreen.LifeHappened) -> None:
        decision = message.decision
        said: list[str] = []
        self._plan_write(
            lambda: said.append(self.state.take(decision.span, decision.way, decision.reason)),
            lambda: said[0],
            {
                "excuse": f"excusing {decision.span.words()}",
                "weeks": f"the move by weeks from {decision.span.first:%a %d %b}",
                "days": f"the move by days from {decision.span.first:%a %d %b}",
                "repeat": "this week again",
            }[decision.way],
        )

    def on_today_screen_repeat_requested(self, message: TodayScreen.RepeatRequested) -> None:
        weeks: list[int] = []
        self._plan_write(
            lambda: weeks.append(self.state.repeat_week()),
            lambda: f"Week {weeks[0]} again; the plan now ends on {self._end()}.",
            "this week again",
        )

    def on_today_screen_restart_requested(self, message: TodayScreen.RestartRequested) -> None:
        day = message.day
        self._plan_write(
            lambda: self.state.start(day, restart=True),
            lambda: f"A new run begins on {day:%a %d %b}.",
            f"the new run on {day:%a %d %b}",
        )

    def on_review_screen_revision_chosen(self, message: ReviewScreen.RevisionChosen) -> None:
        """The proposals accepted on Review, written as one revision of the plan file."""
        count = len(message.accepted)
        if self._write(
            lambda: self.state.revise(message.accepted, message.declined, message.seen), "the revision of the plan"
        ):
            name = self.state.source.shown
            self.notify(
                f"Revised {name}: {count} change{'s' if count != 1 else ''}; u on Today undoes it.", markup=False
            )

    def _end(self) -> str:
        return f"{self.state.schedule.end:%a %d %b %Y}" if self.state.schedule is not None else "?"
