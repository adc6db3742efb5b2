"""What the log says a plan learned: the answers of the automaticity check, and the revisions of the plan file.

Both are events of the run like any other (undo reverses them, a hub syncs
them, exports carry them), read here from the run index. A revision's note is
JSON: the file revised, the proposals applied (by key) and the file's text
before and after, so that undo can put the earlier text back.
"""

from __future__ import annotations

import json
from datetime import date
from typing import NamedTuple

from cadence.core.automaticity import Answer
from cadence.store.events import LIVE
from cadence.store.ids import IN_ORDER
from cadence.store.log import Store


def answers(store: Store, run: int | None) -> list[Answer]:
    """The run's live answers, in the order given (a skip has no value)."""
    if run is None:
        return []
    rows = store.connection.execute(
        f"SELECT task, day, amount FROM events WHERE run = ? AND kind = 'rating' AND {LIVE} {IN_ORDER}", (run,)
    ).fetchall()
    return [
        Answer(task, date.fromisoformat(day), None if amount is None else round(amount)) for task, day, amount in rows
    ]


class Revision(NamedTuple):
    """A revision of the plan file, as its event records it."""

    day: date
    file: str
    applied: tuple[str, ...]
    """The proposals applied, by key."""
    before: str
    after: str


def revision_note(file: str, keys: tuple[str, ...], before: str, after: str) -> str:
    return json.dumps({"file": file, "applied": list(keys), "before": before, "after": after}, ensure_ascii=False)


def read_revision(day: str | None, note: str | None) -> Revision | None:
    """A revision from its event's day and note; None when the note is not one (a damaged import)."""
    try:
        found = json.loads(note or "")
    except ValueError:
        return None
    if not isinstance(found, dict) or not day:
        return None
    file, keys, before, after = (found.get(key) for key in ("file", "applied", "before", "after"))
    if not (isinstance(file, str) and isinstance(before, str) and isinstance(after, str) and isinstance(keys, list)):
        return None
    return Revision(date.fromisoformat(day), file, tuple(str(key) for key in keys), before, after)


def revisions(store: Store, run: int | None) -> list[Revision]:
    """The run's live revisions of the plan file, in the order made."""
    if run is None:
        return []
    rows = store.connection.execute(
        f"SELECT day, note FROM events WHERE run = ? AND kind = 'plan-revised' AND {LIVE} {IN_ORDER}", (run,)
    ).fetchall()
    return [found for day, note in rows if (found := read_revision(day, note)) is not None]
