"""Tables laid out in the width there is, on each draw: the Review's tasks and channels.

Each column is as wide as its widest cell. When they do not all fit, the
columns give up cells in the order the screen names (`Step`), each down to a
least that keeps what matters readable: a title down to its whole id, a list
down to its first part, an id down to the characters that tell it apart. An
optional column (the tasks' Channel, which the Channels table says too) shows
only where every title shows whole beside it. Cells are fitted before they
reach the DataTable, so it never cuts one inside a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from cadence.tui.widgets.fitting import Cell, Parts, Titled, fitted, share, shortest_prefixes

PADDING = 2
"""A DataTable cell's padding, both sides."""


class Column(NamedTuple):
    label: str
    cells: list[Cell]


class Step(NamedTuple):
    """A column giving up cells, down to `least`: a number, "id" (every title down to its whole id), "first"
    (every list down to its first part) or "prefix" (every id down to what tells it apart)."""

    label: str
    least: int | Literal["id", "first", "prefix"]


def natural(column: Column) -> int:
    widths = [cell_len(cell.plain) + (cell.grows if isinstance(cell, Titled) else 0) for cell in column.cells]
    return max([cell_len(column.label), *widths])


def _least(column: Column, least: int | str, prefixes: dict[str, int]) -> int:
    if isinstance(least, int):
        return max(least, cell_len(column.label))
    found = [cell_len(column.label)]
    for cell in column.cells:
        if isinstance(cell, Titled):
            found.append(len(cell.task_id) if least == "id" else prefixes[cell.task_id])
        elif isinstance(cell, Parts):
            found.append(cell.first())
        elif least == "first":
            found.append(cell.cell_len)
    return max(found)


def widths(columns: Sequence[Column], room: int, steps: Sequence[Step]) -> list[int]:
    """Each column's width in `room` cells, the padding of each taken out first."""
    labels = [column.label for column in columns]
    prefixes = _prefixes(columns)
    plan = [
        (labels.index(step.label), _least(columns[labels.index(step.label)], step.least, prefixes))
        for step in steps
        if step.label in labels
    ]
    titles = next(
        (index for index, column in enumerate(columns) if any(isinstance(c, Titled) for c in column.cells)), None
    )
    full = [natural(column) for column in columns]
    sizes = share(full, plan, room - PADDING * len(columns), titles)
    for index, column in enumerate(columns):  # a list cut between its parts may leave cells: the titles take them
        if titles is not None and any(isinstance(cell, Parts) for cell in column.cells):
            shown = max([cell_len(column.label), *(fitted(cell, sizes[index]).cell_len for cell in column.cells)])
            spare = min(sizes[index] - shown, full[titles] - sizes[titles])
            if spare > 0:
                sizes[index] -= spare
                sizes[titles] += spare
    return sizes


def _prefixes(columns: Sequence[Column]) -> dict[str, int]:
    return shortest_prefixes(cell.task_id for column in columns for cell in column.cells if isinstance(cell, Titled))


def lay_out(
    columns: Sequence[Column], room: int, steps: Sequence[Step], optional: str | None = None
) -> tuple[list[Column], list[int]]:
    """The columns shown and their widths: the `optional` one left out where a title would be cut beside it."""
    sizes = widths(columns, room, steps)
    shown = list(columns)
    if optional is not None:
        cut = any(size < natural(column) for column, size in zip(columns, sizes, strict=True))
        if cut:
            shown = [column for column in columns if column.label != optional]
            sizes = widths(shown, room, steps)
    return shown, sizes


def fill(table: DataTable[Text], columns: Sequence[Column], sizes: Sequence[int]) -> None:
    """The table drawn again with these columns, each cell fitted to its column."""
    prefixes = _prefixes(columns)
    table.clear(columns=True)
    for column, size in zip(columns, sizes, strict=True):
        table.add_column(column.label, width=size)
    for index in range(len(columns[0].cells) if columns else 0):
        table.add_row(
            *(
                fitted(cell, size, prefixes[cell.task_id] if isinstance(cell, Titled) else 1)
                for cell, size in ((column.cells[index], size) for column, size in zip(columns, sizes, strict=True))
            )
        )
