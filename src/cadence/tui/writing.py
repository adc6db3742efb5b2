"""How the app writes: each change through the write path, and what it says when the store refuses one.

A refusal of the plan's rules is a toast, as the CLI prints it. A store that
cannot take a change (a full disk, a read-only home, another process holding
the write lock) says in a toast that stays which change was not made and why,
and the app goes on. A store that fails so that the app cannot go on (a
damaged page) ends it with the one line the CLI prints, naming the newest
backup, and exit code 1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.app import App

from cadence.errors import CadenceError
from cadence.tui.state import State

WRITE_WAIT_SECONDS = 3.0
"""How long a key's write waits for another process's write lock before it is refused (the screen waits too)."""
STORE_TOAST_SECONDS = 30
"""How long a change the store refused stays on the screen."""


class WritingApp(App[None]):
    """The part of the app that writes and tells what was not written."""

    state: State

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
        line (printed by `run_app`'s caller) and exit code 1; anything else is a bug, shown as Textual does."""
        if isinstance(error, sqlite3.Error):
            from cadence.store.log import failure

            error = failure(error, self.state.store.path)
        if not isinstance(error, CadenceError):
            super()._handle_exception(error)
            return
        self.failure = error.lines()
        self.exit(return_code=error.exit_code)
