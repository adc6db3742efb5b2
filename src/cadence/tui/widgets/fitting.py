"""Fitting words into columns: the rules every screen shares, so a cut never hides what tells rows apart.

A task's id is the name a person types (`cadence check comment`), and it is
short; a title is what they wrote for themselves, and it is long. Where a
title must be cut, the id leads it; where an id must be cut, it keeps at least
the characters that tell it from every other id of the plan (its shortest
unique prefix), so two cut ids never read alike. A list of amounts ("1.4/h,
0.8/h") is cut between its parts, never inside a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text

TYPE_CHECKING = False  # typing.NamedTuple compiles each field's annotation: cadence.named says why
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from cadence.named import NamedTuple

ELLIPSIS = "…"


def _common(one: str, other: str) -> int:
    """How many leading characters two ids share."""
    shared = 0
    for mine, theirs in zip(one, other, strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared


def shortest_prefixes(ids: Iterable[str]) -> dict[str, int]:
    """For each id, the fewest leading characters that tell it from every other one (its whole length when
    it is the start of another, as "post" of "posts")."""
    ordered = sorted(set(ids))
    found = {}
    for index, task_id in enumerate(ordered):
        neighbours = ordered[max(index - 1, 0) : index] + ordered[index + 1 : index + 2]
        common = max((_common(task_id, other) for other in neighbours), default=0)
        found[task_id] = min(len(task_id), common + 1)
    return found


def cut_id(task_id: str, room: int, least: int = 1) -> str:
    """An id in `room` cells: whole; else cut with "…" when the characters kept still tell it apart (`least`)
    and the room is not so short that the mark costs too much; else plainly, to the room (never below one)."""
    if len(task_id) <= room:
        return task_id
    if room >= 6 and room - 1 >= least:
        return task_id[: room - 1] + ELLIPSIS
    return task_id[: max(room, 1)]


def cut_parts(parts: Sequence[str], room: int, joiner: str = ", ") -> str:
    """Parts joined, in `room` cells: as many whole parts as fit, then "…" for the rest (the first part
    alone cut at its end when not even it fits)."""
    whole = joiner.join(parts)
    if cell_len(whole) <= room or not parts:
        return whole
    kept = ""
    for part in parts:
        longer = f"{kept}{joiner}{part}" if kept else part
        if cell_len(longer + joiner.rstrip() + ELLIPSIS) > room:
            break
        kept = longer
    if kept:
        return kept + joiner.rstrip() + ELLIPSIS
    shown = Text(parts[0])
    shown.truncate(room, overflow="ellipsis")
    return shown.plain


def titled(task_id: str, title: Text, after: Text, room: int, least: int = 1) -> Text:
    """A title and what follows it (markers: " [block]", " 2/3 this week") in `room` cells.

    Whole when it fits. Else the id leads, in bold, then as much of the title as is left after the markers
    (none when fewer than four cells would show); the markers are cut last, from their end."""
    whole = title + after
    if whole.cell_len <= room:
        return whole
    shown = Text(cut_id(task_id, room, least), style="bold")
    left = room - shown.cell_len - 1 - after.cell_len
    if left >= 4:
        cut = title[: left - 1]  # a title is a line of text as written: one cell a character, as printable leaves it
        cut.rstrip()
        shown.append(" ")
        shown.append_text(cut)
        shown.append(ELLIPSIS, style=title.style)
    shown.append_text(after)
    shown.truncate(room, overflow="ellipsis")
    return shown


def share(natural: Sequence[int], steps: Sequence[tuple[int, int]], room: int, stretch: int | None = None) -> list[int]:
    """Column widths in `room` cells (gaps already taken out): every column its natural width when all fit;
    else, step by step, a column gives up cells down to the step's least, until they fit. A step that frees
    more than was needed gives the rest to `stretch` (the titles). What does not fit even then is cut by the
    caller's ellipsis."""
    widths = list(natural)
    over = sum(widths) - room
    for column, least in steps:
        if over <= 0:
            break
        given = min(over, widths[column] - least)
        if given > 0:
            widths[column] -= given
            over -= given
    if over < 0 and stretch is not None:
        widths[stretch] = min(natural[stretch], widths[stretch] - over)
    return widths


class Titled(NamedTuple):
    """A task's title and what follows it, fitted when drawn (`titled`). `grows`: cells its markers may
    still take as the item changes (a week's count gaining " +1"), kept free so no column moves."""

    task_id: str
    title: Text
    markers: Text = Text()
    grows: int = 0

    @property
    def plain(self) -> str:
        return self.title.plain + self.markers.plain

    def fit(self, room: int, least: int = 1) -> Text:
        return titled(self.task_id, self.title, self.markers, room, least)


class Parts(NamedTuple):
    """A list ("replies 4, connections 3"), cut between its parts when drawn (`cut_parts`)."""

    parts: tuple[str, ...]
    style: str = ""

    @property
    def plain(self) -> str:
        return ", ".join(self.parts) or "-"

    def fit(self, room: int, least: int = 1) -> Text:
        return Text(cut_parts(self.parts, room) or "-", style=self.style)

    def first(self) -> int:
        """The cells of its first part and the mark of a cut: the least it is given."""
        return cell_len(self.parts[0]) + 2 if len(self.parts) > 1 else cell_len(self.plain)


Cell = Text | Titled | Parts
"""What a column holds: text cut at its end, a title led by its id, or a list cut between its parts."""


def plain(cell: Cell) -> str:
    return cell.plain


def fitted(cell: Cell, room: int, least: int = 1) -> Text:
    """The cell in `room` cells, no wider."""
    shown = cell.copy() if isinstance(cell, Text) else cell.fit(room, least)
    shown.truncate(room, overflow="ellipsis")
    return shown
