"""The list of today's items and make-up items, one row each, its state told by a symbol, a word and a colour.

Rows laid out in columns by a lean renderable (`Rows`), with a cursor row: a
day has at most a few dozen items, and this draws the Today screen's first
frame much faster than a DataTable, or a Rich table measuring every cell,
would. The list draws line by line (Textual's line API): after a key only the
lines that changed (the row checked in, the cursor's old and new rows) are
drawn again and handed to the terminal, not the whole list.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from cadence.core.status import Item
from cadence.core.units import quantity
from cadence.tui.widgets.fitting import Cell, Titled, fitted, share, shortest_prefixes
from cadence.tui.widgets.marks import word

TYPE_CHECKING = False  # typing.NamedTuple compiles each field's annotation: cadence.named says why
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from cadence.named import NamedTuple

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
        self.laid: tuple[list[int], dict[str, int]] | None = None
        """The columns' widths and the ids' shortest prefixes the lines were last laid out with."""
        self.drawn: list[tuple[tuple[Cell, ...], str, Text]] = []
        """Each line's cells, style and text, as last laid out."""

    def natural(self) -> list[int]:
        """Each column's width when nothing is cut."""
        lines = [cells for cells, _ in self.rows]
        widths = [max(self.least[column], cell_len(self.headings[column].plain)) for column in range(len(self.least))]
        for cells in lines:
            for column, cell in enumerate(cells):
                grows = cell.grows if isinstance(cell, Titled) else 0
                widths[column] = max(widths[column], cell_len(cell.plain) + grows)
        return widths

    def lines(self, width: int, before: Rows | None = None) -> list[Text]:
        """The heading line, then a line per row, in `width` cells.

        `before`: the rows drawn last; a row whose cells are the very same objects as there, in the same
        style and columns, keeps its line (a key press changes a row or two of a day's dozens)."""
        widths = self.natural()
        room = width - self.GAP * (len(widths) - 1)
        widths = share(widths, [(self.stretch, 1)], room)
        ids = shortest_prefixes(cell.task_id for cells, _ in self.rows for cell in cells if isinstance(cell, Titled))
        self.laid = (widths, ids)
        kept = before.drawn if before is not None and before.laid == self.laid else []
        lines = []
        for index, (cells, style) in enumerate([(self.headings, ""), *self.rows]):
            if index and index < len(kept) and kept[index][0] is cells and kept[index][1] == style:
                lines.append(kept[index][2])
                continue
            line = Text(style=style, no_wrap=True, end="\n")
            for column, cell in enumerate(cells):
                if column:
                    line.append(" " * self.GAP)
                shown = fitted(cell, widths[column], ids[cell.task_id] if isinstance(cell, Titled) else 1)
                shown.pad_right(widths[column] - shown.cell_len)
                line.append_text(shown)
            lines.append(line)
        self.drawn = [
            (cells, style, line) for (cells, style), line in zip([(self.headings, ""), *self.rows], lines, strict=True)
        ]
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)


class ItemList(Widget, can_focus=True):
    """Rows of items; the highlighted row is what the keys act on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("home", "move(-1000)", show=False),
        Binding("end", "move(1000)", show=False),
        Binding("enter", "select", show=False),
    ]

    DEFAULT_CSS = """
    ItemList {
        height: auto;
    }
    """

    class Selected(Message):
        """Enter on a row."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_shown: list[Row] = []
        self.cursor = 0
        self.kept: tuple[object, list[int]] | None = None
        """What the rows are of (Today's date), and the widest each column has been for it."""
        self.drawn = Rows(HEADINGS, [], HEADINGS.index("Item"), (0,) * len(HEADINGS))
        self.rows_before: list[Row] = []
        """The rows `drawn` shows."""
        self.shown: tuple[int, list[Text]] = (0, [])
        """The width the lines were laid out in, and the lines."""
        self.strips: dict[int, Strip] = {}
        """The lines drawn for the terminal, by line number, at the width of `shown`, in `style`."""
        self.style: object = None

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

    def _cells(self, index: int, row: Row) -> tuple[Cell, ...]:
        """The row's cells: those drawn last when the row is the same (the same objects: see `Rows.lines`)."""
        before = self.drawn.rows
        if index < len(before) and index < len(self.rows_before) and self.rows_before[index] == row:
            return before[index][0]
        return self.cells(row)

    def _draw(self) -> None:
        rows = [
            (self._cells(index, row), "reverse" if index == self.cursor else ("on grey11" if index % 2 else ""))
            for index, row in enumerate(self.rows_shown)
        ]
        self.rows_before = list(self.rows_shown)
        previous = self.drawn
        drawn = self.drawn = Rows(HEADINGS, rows, HEADINGS.index("Item"), self._least())
        if self.kept is not None:
            self.kept = (self.kept[0], drawn.natural())
        width, before = self.shown
        if not width or len(before) != len(rows) + 1:
            self.shown = (0, [])
            self.refresh(layout=True)  # a new height (or not laid out yet): the whole list
            return
        lines = drawn.lines(width, previous)
        self.shown = (width, lines)
        changed = [  # a Text's equality leaves out its own style: the cursor's row and the stripes are that
            y
            for y, (old, new) in enumerate(zip(before, lines, strict=True))
            if old is not new and (old != new or old.style != new.style)
        ]
        for y in changed:
            self.strips.pop(y, None)
        if changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.rows_shown) + 1

    def render_line(self, y: int) -> Strip:
        """A line, drawn for the terminal once per change (see `_draw`)."""
        width, style = self.size.width, self.visual_style.rich_style
        if self.shown[0] != width:
            self.shown = (width, self.drawn.lines(width, self.drawn))
            self.strips.clear()
        if style != self.style:  # focus, a theme
            self.style = style
            self.strips.clear()
        strip = self.strips.get(y)
        if strip is None:
            lines = self.shown[1]
            if y >= len(lines):
                return Strip.blank(width, style)
            console = self.app.console
            segments = console.render(self.post_render(lines[y], style), console.options.update_width(width))
            line = next(iter(Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)), [])
            strip = self.strips[y] = Strip(line)
        return strip

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
