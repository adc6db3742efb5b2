"""Revisions of the plan file: `cadence adapt --apply` and the undo of one, each one batch with the file's write.

A revision is the only time cadence writes the person's plan file. It writes
the file only if it still holds the text the proposals were made from, only a
text that checks without an error, and inside the write of its `plan-revised`
event (the text before and after), so that the log and the file never
disagree: if the event cannot be written the file is put back, and if the
file cannot be written no event is. Undoing it puts the earlier text back the
same way, if the file still holds what the revision wrote (else the person
edited it since, and undo refuses rather than lose their edits).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from cadence.errors import UserError
from cadence.plan import check_text
from cadence.plan.saving import ChangedOnDisk, current, replace
from cadence.store import Event, NewEvent, Store
from cadence.store.learning import read_revision, revision_note
from cadence.wording import long_day, plural


def revise(
    store: Store,
    run: int,
    path: Path,
    shown: str,
    before: str,
    after: str,
    applied: Sequence[str],
    today: date,
    source: str,
) -> int:
    """Write `after` over the plan file that held `before`, with its `plan-revised` event; the batch."""
    if after == before:
        raise UserError("nothing to change: the plan already says what the proposals say")
    plan, diagnostics = check_text(after, shown, warnings=False)
    if plan is None:
        raise UserError(f"the revised plan would not check ({diagnostics[0]}); nothing was written")
    note = revision_note(str(path.resolve()), tuple(applied), before, after)
    written = False

    def write() -> None:
        nonlocal written
        changed = f"{shown} changed since the proposals were made; nothing was written (run 'cadence adapt' again)"
        replace(path, before, after, changed)
        written = True

    try:
        return store.append([NewEvent("plan-revised", None, today, note=note, run=run)], source, write)
    except BaseException:
        if written:  # the event did not commit: the file goes back to what it held
            with contextlib.suppress(UserError):
                replace(path, after, before, "")
        raise


def undo(store: Store, source: str, run: int | None = None) -> list[Event]:
    """Reverse the last batch of the run (None: of the home) not yet reversed, putting back the plan file's
    earlier text when the batch is a revision; the events it reversed."""
    restored: list[tuple[Path, str, str]] = []

    def put_back(events: list[Event]) -> None:
        for event in events:
            if event.kind != "plan-revised":
                continue
            revision = read_revision(event.day, event.note)
            if revision is None:
                continue
            path = Path(revision.file)
            held = current(path).decode("utf-8", errors="replace")
            if held == revision.before:
                continue  # put back by hand already
            if held != revision.after:
                raise ChangedOnDisk(
                    f"{path} changed since cadence revised it on {long_day(revision.day)}; undo would lose"
                    " those edits, so nothing was undone"
                )
            replace(path, revision.after, revision.before, f"{path} changed while undoing; nothing was undone")
            restored.append((path, revision.after, revision.before))

    try:
        return store.undo(source, run, put_back)
    except BaseException:
        for path, after, before in restored:  # the undo did not commit: the revised text goes back
            with contextlib.suppress(UserError):
                replace(path, before, after, "")
        raise


def redo(store: Store, source: str, run: int | None = None) -> list[Event]:
    """Apply again the last step undone (`store.redo`); a revision among it writes its text into the plan
    file again, if the file still holds the text the undo put back (else it was edited since, and redo
    refuses rather than lose those edits)."""
    from cadence.store.redo import redo as again

    rewritten: list[tuple[Path, str, str]] = []

    def write_again(events: list[Event]) -> None:
        for event in events:
            if event.kind != "plan-revised":
                continue
            revision = read_revision(event.day, event.note)
            if revision is None:
                continue
            path = Path(revision.file)
            held = current(path).decode("utf-8", errors="replace")
            if held == revision.after:
                continue  # written again by hand already
            if held != revision.before:
                raise ChangedOnDisk(
                    f"{path} changed since the revision of {long_day(revision.day)} was undone; redo would lose"
                    " those edits, so nothing was redone"
                )
            replace(path, revision.before, revision.after, f"{path} changed while redoing; nothing was redone")
            rewritten.append((path, revision.before, revision.after))

    try:
        return again(store, source, run, write_again)
    except BaseException:
        for path, before, after in rewritten:  # the redo did not commit: the earlier text goes back
            with contextlib.suppress(UserError):
                replace(path, after, before, "")
        raise


def describe(event: Event, titles: Mapping[str, str] | None = None) -> str:
    """An answer or a revision in words, for undo's confirmation and redo's (a redone event names the batch
    it applies again)."""
    if event.kind == "rating":
        task = (titles or {}).get(event.task or "", event.task)
        said = "skipped" if event.amount is None else f"{event.amount:g} of 7"
        return f"answer for {task} on {date.fromisoformat(event.day or '1970-01-01'):%a %d %b}: {said}"
    revision = read_revision(event.day, event.note)
    if revision is None:
        return "revision of the plan"
    back = "revised text is in the file again" if event.target_batch is not None else "earlier text is back in the file"
    return f"revision of {Path(revision.file).name} ({plural(len(revision.applied), 'change')}), whose {back}"
