"""The TUI's widgets, and `put`: the one way a screen changes what a Static shows."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static


def put(widget: Static, content: RenderableType, lines: int | None = None) -> None:
    """Show `content` in `widget`, laying the screen out again only when its height may change.

    A Static's update lays out the whole screen; after a key press most Statics show what they
    showed, or as many lines of it. Unchanged text is left alone; `lines` (for a table, its rows)
    or a Text's line count decides whether the height can have changed.
    """
    if lines is None and isinstance(content, Text):
        lines = content.plain.count("\n") + 1
    before = getattr(widget, "_cadence_shown", None)
    if isinstance(content, Text) and isinstance(before, tuple) and before[0] == content:
        return
    same_height = lines is not None and isinstance(before, tuple) and before[1] == lines
    widget.update(content, layout=not same_height)
    widget._cadence_shown = (content.copy() if isinstance(content, Text) else None, lines)  # type: ignore[attr-defined]
