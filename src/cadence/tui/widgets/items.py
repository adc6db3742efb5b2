"""The list of today's items and make-up items, one row each, its state told by a symbol, a word and a colour.

Rows laid out in columns by a lean renderable (`Rows`) drawn by a Static, with
a cursor row: a day has at most a few dozen items, and this draws the Today
screen's first frame, and each repaint after a key, much faster than a
DataTable, or a Rich table measuring every cell, would.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static

from cadence.core.status import Item
from cadence.core.units import quantity
from cadence.tui.widgets import put
from cadence.tui.widgets.fitting import Cell, Titled, fitted, share, shortest_prefixes
from cadence.tui.widgets.marks import word

HEADINGS = ("When", "Item", "Target", "Done", "Status")


class Row(NamedTuple):
    item: Item
    makeup: bool

    @property
    def key(self) -> str:
        return f"{self.item.task.id}@{self.item.occurrence.day.isoformat()}"


def _when(row: Row) -> Text:
    task = row.item.task
    if row.makeup:
        return Text(f"↺ {row.item.occurrence.day:%a}", style="magenta")
    return Text(task.window())


def _markers(row: Row) -> Text:
    """What follows an item's title: its kind, optional, its week's count, make up."""
    task = row.item.task
    text = Text()
    if task.kind == "block":
        text.append(" [block]", style="cyan")
    if not task.required:
        text.append(" (optional)", style="dim")
    if row.item.week is not None:
        text.append(f" {row.item.week} this week", style="dim")
    if row.makeup:
        text.append(" make up", style="magenta")
    return text


def _done(item: Item) -> str:
    """What was done: "-" for nothing, "4 +1" for work beyond the target (the count never reads over it)."""
    target = item.occurrence.target
    if not item.done:
        return "-"
    if target and item.done > target:
        return f"{target:g} +{item.done - target:g}"
    return f"{item.done:g}"


STEADY_STATES = ("done", "partial", "skipped", "open", "missed")
"""The states an item of a day moves between as it is checked in, skipped or left: the Status column is as
wide as the widest of them from the start, so a row changing state never moves the columns."""


class Rows:
    """The rows as columns, laid out at render time in the width there is: each column as wide as its
    widest cell (never narrower than its `least`), the item column giving up cells first when they do not
    all fit, cells cut with an ellipsis, a row's style covering its cells.

    What a Rich Table with these columns would draw, without its measuring of every cell, which
    cost a repaint more than all of cadence's own work after a key press."""

    GAP = 2

    def __init__(
        self,
        headings: tuple[str, ...],
        rows: list[tuple[tuple[Cell, ...], str]],
        stretch: int,
        least: tuple[int, ...],
    ) -> None:
        self.headings = tuple(Text(heading, style="bold") for heading in headings)
        self.rows = rows
        self.stretch = stretch
        self.least = least
        """Each column's fewest cells: what its cells may grow to without moving the columns."""

    def natural(self) -> list[int]:
        """Each column's width when nothing is cut."""
        lines = [cells for cells, _ in self.rows]
        widths = [max(self.least[column], cell_len(self.headings[column].plain)) for column in range(len(self.least))]
        for cells in lines:
            for column, cell in enumerate(cells):
                grows = cell.grows if isinstance(cell, Titled) else 0
                widths[column] = max(widths[column], cell_len(cell.plain) + grows)
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.natural()
        room = options.max_width - self.GAP * (len(widths) - 1)
        widths = share(widths, [(self.stretch, 1)], room)
        ids = shortest_prefixes(cell.task_id for cells, _ in self.rows for cell in cells if isinstance(cell, Titled))
        for cells, style in [(self.headings, ""), *self.rows]:
            line = Text(style=style, no_wrap=True, end="\n")
            for column, cell in enumerate(cells):
                if column:
                    line.append(" " * self.GAP)
                shown = fitted(cell, widths[column], ids[cell.task_id] if isinstance(cell, Titled) else 1)
                shown.pad_right(widths[column] - shown.cell_len)
                line.append_text(shown)
            yield line


class ItemList(Static, can_focus=True):
    """Rows of items; the highlighted row is what the keys act on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("home", "move(-1000)", show=False),
        Binding("end", "move(1000)", show=False),
        Binding("enter", "select", show=False),
    ]

    class Selected(Message):
        """Enter on a row."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_shown: list[Row] = []
        self.cursor = 0
        self.kept: tuple[object, list[int]] | None = None
        """What the rows are of (Today's date), and the widest each column has been for it."""

    @staticmethod
    def cells(row: Row) -> tuple[Cell, ...]:
        item = row.item
        value = min(item.done / item.occurrence.target, 1.0) if item.occurrence.target else None
        markers = _markers(row)
        return (
            _when(row),
            Titled(item.task.id, Text(item.task.title), markers, 3 if item.week is not None else 0),
            Text(quantity(item.occurrence.target, item.task.unit)),
            Text(_done(item)),
            word(item.status, value),
        )

    def show(self, rows: list[Row], of: object = None) -> None:
        """Show rows, keeping the cursor on the same item when it is still there.

        `of`: what the rows are of (a day). Shown again for the same, the columns keep the widest they
        have been: a row that changes, or goes (a make-up done), never moves the others."""
        keys = [row.key for row in rows]
        current = self.highlighted()
        if current is not None and current.key in keys:
            self.cursor = keys.index(current.key)
        self.rows_shown = rows
        self.cursor = min(max(self.cursor, 0), max(len(rows) - 1, 0))
        if self.kept is None or self.kept[0] != of or of is None:
            self.kept = (of, [0] * len(HEADINGS))
        self._draw()

    def _least(self) -> tuple[int, ...]:
        """Room for what a row may become: the Done column for "10 +1" over a target of 10, the Status column
        for its widest state; and the widest each column has been for the same rows."""
        targets = [len(f"{row.item.occurrence.target:g}") + 3 for row in self.rows_shown]
        least = [0, 0, 0, max(targets, default=0), max(word(state).cell_len for state in STEADY_STATES)]
        kept = self.kept[1] if self.kept is not None else least
        return tuple(max(pair) for pair in zip(least, kept, strict=True))

    def _draw(self) -> None:
        rows = [
            (self.cells(row), "reverse" if index == self.cursor else ("on grey11" if index % 2 else ""))
            for index, row in enumerate(self.rows_shown)
        ]
        drawn = Rows(HEADINGS, rows, HEADINGS.index("Item"), self._least())
        if self.kept is not None:
            self.kept = (self.kept[0], drawn.natural())
        put(self, drawn, lines=len(self.rows_shown))

    def highlighted(self) -> Row | None:
        if not 0 <= self.cursor < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor]

    def action_move(self, step: int) -> None:
        if not self.rows_shown:
            return
        self.cursor = min(max(self.cursor + step, 0), len(self.rows_shown) - 1)
        self._draw()
        self.scroll_visible_row()

    def scroll_visible_row(self) -> None:
        """Keep the cursor row on screen when the list is taller than its room."""
        if self.parent is not None and hasattr(self.parent, "scroll_to_region"):
            self.parent.scroll_to_region(Region(0, self.cursor + 1, self.size.width, 1), animate=False)

    def action_select(self) -> None:
        self.post_message(self.Selected())
