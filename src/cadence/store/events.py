"""What the log holds: an event to append, and an event as it is stored.

Values only, apart from the Store that writes and reads them (as h11 keeps its
events apart from its connection): the write path builds NewEvents, the
exports and the views read Events.
"""

from __future__ import annotations

from datetime import date

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from cadence.named import NamedTuple


class NewEvent(NamedTuple):
    """An event to append: a check-in, a skip (over `day`..`until`; task None: all), a result, a run's
    start, shift or repeated week, an answer of the automaticity check (`rating`) or a revision of the plan
    file (`plan-revised`, its note the text before and after)."""

    kind: str
    task: str | None
    day: date
    until: date | None = None
    metric: str | None = None
    amount: float | None = None
    note: str | None = None
    run: int | None = None
    plan: str | None = None
    """The plan's name, on a start event."""


class Event(NamedTuple):
    """An event as stored: the log's row, in the order of the columns."""

    id: int
    batch: int
    recorded: str
    kind: str
    task: str | None
    day: str | None
    until: str | None
    metric: str | None
    amount: float | None
    note: str | None
    target_batch: int | None
    """An undo: the batch it takes back. A redo's events: the batch they apply again (`store.redo`)."""
    source: str
    run: int | None = None
    """The run it belongs to (None: an undo, which names its batch instead)."""
    plan: str | None = None
    uid: int | None = None
    """Its global id: the same on every machine and hub that holds it (`store.ids`)."""
    origin: str | None = None
    """The id of the machine that wrote it."""
    lamport: int | None = None
    """After everything its home had seen when it was written: orders the log alike everywhere."""


COLUMNS = Event._fields
MAX_TEXT = 128 * 1024
"""The longest note, reason or other text the log takes, from any door: the CSV module's limit on a field
(131,072 characters), so that every export reads back."""
AUTO = "auto"
"""The source of a start event written on a plan's first use: not something to undo."""
LIVE = "kind != 'undo' AND batch NOT IN (SELECT target_batch FROM events WHERE kind = 'undo')"
"""Events that count: not an undo, and not in a batch that was undone."""
RECORDS = "kind IN ('checkin', 'skip', 'result', 'reading')"
"""What a person recorded of their days, as opposed to how a run is laid out (and to the plan's answers and
revisions, which `store.learning` reads)."""
