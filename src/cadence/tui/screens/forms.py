"""The forms an item of a day opens, from Today and from the day view alike, and what they post.

`s` skips the item with a reason (`cadence skip TASK --date D --reason R`), `n` writes a note with a
check-in (`cadence check TASK AMOUNT --date D --note TEXT`), `r` logs results for a day, which may be
another one (`cadence log METRIC=N --task TASK --date D`). Each posts one of `ItemForms`' messages, which
the app writes through the one write path (`tui/writing.py`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:
    from cadence.record.writes import Entry


class ItemForms:
    """The messages of the forms (a namespace: their handlers are `on_item_forms_...`)."""

    class Skipped(Message):
        def __init__(self, task_id: str, day: date, reason: str | None) -> None:
            super().__init__()
            self.task_id = task_id
            self.day = day
            self.reason = reason

    class ResultsLogged(Message):
        """Results for a day (results arrive late); `new_metric`: the person confirmed a metric the run
        did not know."""

        def __init__(self, task_id: str | None, day: date, results: list[Entry], new_metric: bool = False) -> None:
            super().__init__()
            self.task_id = task_id
            self.day = day
            self.results = results
            self.new_metric = new_metric

    class Noted(Message):
        """A check-in with a note (`amount` 0: a note on the work already recorded); `force`: the person
        confirmed a day past its make-up window."""

        def __init__(self, task_id: str, day: date, text: str, amount: float, force: bool = False) -> None:
            super().__init__()
            self.task_id = task_id
            self.day = day
            self.text = text
            self.amount = amount
            self.force = force


def ask_skip(screen: Screen[Any], task_id: str, title: str, day: date) -> None:
    from cadence.tui.screens.skip import SkipScreen  # dialogs load when first used: start-up stays quick

    def skipped(reason: str | None) -> None:
        if reason is not None:
            screen.post_message(ItemForms.Skipped(task_id, day, reason.strip() or None))

    screen.app.push_screen(SkipScreen(title, day), skipped)


def ask_note(screen: Screen[Any], task_id: str, day: date, force: bool = False) -> None:
    """A note and the amount to check in with it: what is left of the target, 0 for the note alone."""
    from cadence.tui.screens.note import NoteScreen

    recorder = screen.app.state.recorder()  # type: ignore[attr-defined]
    task = recorder.task(task_id)
    left = max(0.0, recorder.target(task_id, day) - recorder.amount(task_id, day))

    def noted(answer: tuple[str, float] | None) -> None:
        if answer is not None:
            screen.post_message(ItemForms.Noted(task_id, day, answer[0], answer[1], force))

    screen.app.push_screen(NoteScreen(task.title, day, left, task.unit), noted)


def ask_results(screen: Screen[Any], task_id: str | None, day: date) -> None:
    """The results form for a task's day (or for the day alone); the form may name another day."""
    from cadence.tui.screens.results import ResultsScreen

    state = screen.app.state  # type: ignore[attr-defined]
    task = state.loaded.plan.task(task_id) if task_id else None

    def logged(answer: ResultsScreen.Answer | None) -> None:
        if answer is not None and answer.results:
            screen.post_message(ItemForms.ResultsLogged(task_id, answer.day, answer.results, answer.new_metric))

    title = task.title if task else "the day"
    metrics = task.results if task else ()
    screen.app.push_screen(ResultsScreen(title, metrics, day, state.today(), state.known_metrics()), logged)
