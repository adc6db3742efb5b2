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


def _title(row: Row) -> Text:
    task = row.item.task
    text = Text(task.title)  # a Text, never markup: titles show exactly as written
    if task.kind == "block":
        text.append(" [block]", style="cyan")
    if not task.required:
        text.append(" (optional)", style="dim")
    if row.item.week is not None:
        text.append(f" {row.item.week} this week", style="dim")
    if row.makeup:
        text.append(" make up", style="magenta")
    return text


class Rows:
    """The rows as columns, laid out at render time in the width there is: the item column takes
    what the others leave, cells are cut with an ellipsis, a row's style covers the whole line.

    What a Rich Table with these columns would draw, without its measuring of every cell, which
    cost a repaint more than all of cadence's own work after a key press."""

    GAP = 2

    def __init__(self, headings: tuple[str, ...], rows: list[tuple[tuple[Text, ...], str]], stretch: int) -> None:
        self.headings = tuple(Text(heading, style="bold") for heading in headings)
        self.rows = rows
        self.stretch = stretch

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = [(self.headings, ""), *self.rows]
        widths = [max(cell_len(line[0][column].plain) for line in lines) for column in range(len(self.headings))]
        fixed = sum(width for column, width in enumerate(widths) if column != self.stretch)
        widths[self.stretch] = max(1, options.max_width - fixed - self.GAP * (len(widths) - 1))
        for cells, style in lines:
            line = Text(style=style, no_wrap=True, end="\n")
            for column, cell in enumerate(cells):
                if column:
                    line.append(" " * self.GAP)
                shown = cell.copy()
                shown.truncate(widths[column], overflow="ellipsis", pad=True)
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

    @staticmethod
    def cells(row: Row) -> tuple[Text, ...]:
        item = row.item
        done = f"{item.done:g}" if item.done else "-"
        value = min(item.done / item.occurrence.target, 1.0) if item.occurrence.target else None
        return (
            _when(row),
            _title(row),
            Text(quantity(item.occurrence.target, item.task.unit)),
            Text(done),
            word(item.status, value),
        )

    def show(self, rows: list[Row]) -> None:
        """Show rows, keeping the cursor on the same item when it is still there."""
        keys = [row.key for row in rows]
        current = self.highlighted()
        if current is not None and current.key in keys:
            self.cursor = keys.index(current.key)
        self.rows_shown = rows
        self.cursor = min(max(self.cursor, 0), max(len(rows) - 1, 0))
        self._draw()

    def _draw(self) -> None:
        rows = [
            (self.cells(row), "reverse" if index == self.cursor else ("on grey11" if index % 2 else ""))
            for index, row in enumerate(self.rows_shown)
        ]
        put(self, Rows(HEADINGS, rows, HEADINGS.index("Item")), lines=len(self.rows_shown))

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
