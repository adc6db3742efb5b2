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
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from cadence.errors import UserError
from cadence.plan import check_text
from cadence.plan.saving import ChangedOnDisk, current, replace
from cadence.store import Event, NewEvent, Store
from cadence.store.learning import Revision, read_revision, revision_note
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

    def refused(path: Path, revision: Revision) -> str:
        return (
            f"{path} changed since cadence revised it on {long_day(revision.day)}; undo would lose"
            " those edits, so nothing was undone"
        )

    return _with_file(
        lambda then: store.undo(source, run, then), back=True, refused=refused, words=("undoing", "undone")
    )


def redo(store: Store, source: str, run: int | None = None) -> list[Event]:
    """Apply again the last step undone (`store.redo`); a revision among it writes its text into the plan
    file again, if the file still holds the text the undo put back (else it was edited since, and redo
    refuses rather than lose those edits)."""
    from cadence.store.redo import redo as again

    def refused(path: Path, revision: Revision) -> str:
        return (
            f"{path} changed since the revision of {long_day(revision.day)} was undone; redo would lose"
            " those edits, so nothing was redone"
        )

    return _with_file(
        lambda then: again(store, source, run, then), back=False, refused=refused, words=("redoing", "redone")
    )


def _with_file(
    step: Callable[[Callable[[list[Event]], None]], list[Event]],
    back: bool,
    refused: Callable[[Path, Revision], str],
    words: tuple[str, str],
) -> list[Event]:
    """Run an undo or a redo (`step`), writing each revision among its events into its plan file inside the
    store's write: the earlier text (`back`) or the revised one again, only over the text the other left
    there (it is left alone when it already holds the text wanted). If the step does not commit, every file
    written goes back."""
    written: list[tuple[Path, str, str]] = []

    def write(events: list[Event]) -> None:
        for event in events:
            revision = read_revision(event.day, event.note) if event.kind == "plan-revised" else None
            if revision is None:
                continue
            path = Path(revision.file)
            held = current(path).decode("utf-8", errors="replace")
            there, wanted = (revision.after, revision.before) if back else (revision.before, revision.after)
            if held == wanted:
                continue  # done by hand already
            if held != there:
                raise ChangedOnDisk(refused(path, revision))
            replace(path, there, wanted, f"{path} changed while {words[0]}; nothing was {words[1]}")
            written.append((path, there, wanted))

    try:
        return step(write)
    except BaseException:
        for path, there, wanted in written:  # the step did not commit: each file gets its text back
            with contextlib.suppress(UserError):
                replace(path, wanted, there, "")
        raise


def describe(event: Event, titles: Mapping[str, str] | None = None, redone: bool = False) -> str:
    """An answer or a revision in words, for undo's confirmation and redo's (`redone`)."""
    if event.kind == "rating":
        task = (titles or {}).get(event.task or "", event.task)
        said = "skipped" if event.amount is None else f"{event.amount:g} of 7"
        return f"answer for {task} on {date.fromisoformat(event.day or '1970-01-01'):%a %d %b}: {said}"
    revision = read_revision(event.day, event.note)
    if revision is None:
        return "revision of the plan"
    back = "revised text is in the file again" if redone else "earlier text is back in the file"
    return f"revision of {Path(revision.file).name} ({plural(len(revision.applied), 'change')}), whose {back}"
