"""Answers of the automaticity check: `cadence rate TASK N` and the TUI's weekly question, through the guards.

An answer rates "<task> is something I do automatically" from 1 to 7, for a day
of the plan that has come and is tracked, of a task done at least once by then
(automaticity is counted from the first done occurrence). The weekly question
writes all its answers, skips included, as one batch: one undo takes it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from cadence.core.automaticity import SCALE
from cadence.core.model import Task
from cadence.core.tally import first_done
from cadence.errors import UserError
from cadence.record.writes import Recorder
from cadence.store import NewEvent
from cadence.wording import long_day


class Given(NamedTuple):
    task: Task
    day: date
    value: int | None
    """None: skipped."""


def value_of(text: str) -> int:
    """An answer as typed: a whole number from 1 to 7."""
    low, high = int(SCALE[0]), int(SCALE[1])
    word = text.strip()
    if not word.isdigit() or not low <= int(word) <= high:
        raise UserError(
            f"an answer is a whole number from {low} (not at all automatic) to {high} (completely), not '{text}'"
        )
    return int(word)


def _checked(recorder: Recorder, task_id: str, day: date) -> Task:
    task = recorder.task(task_id)
    recorder.not_future(day, "answer for")
    recorder.inside_plan(day)
    recorder.tracked(day, "answer for")
    schedule = recorder.schedule
    ledger = recorder.store.ledger(schedule.tracking, day, recorder.run)
    first = first_done(schedule, ledger).get(task.id)
    if first is None or first > day:
        raise UserError(
            f"'{task.id}' has no done occurrence by {long_day(day)}: its automaticity counts from the first;"
            " check it in once done"
        )
    return task


def rate(recorder: Recorder, task_id: str, value: int, day: date | None = None) -> Given:
    """One answer, as one batch."""
    day = day or recorder.today
    task = _checked(recorder, task_id, day)
    recorder._append([NewEvent("rating", task.id, day, amount=value)])  # the write path's own batching
    return Given(task, day, value)


def answer_week(recorder: Recorder, given: Sequence[tuple[str, int | None]], day: date | None = None) -> list[Given]:
    """The weekly question's answers (None: skipped), all as one batch."""
    day = day or recorder.today
    found = [Given(_checked(recorder, task_id, day), day, value) for task_id, value in given]
    if found:
        recorder._append(
            [NewEvent("rating", item.task.id, day, amount=None if item.value is None else item.value) for item in found]
        )
    return found
