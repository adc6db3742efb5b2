"""Every line the app draws passes `cadence.printable`: the one place where the TUI's text is made safe.

A note, a reason, an imported metric or a file's name reaches the screen through many widgets (Today's
list, the day view, the Review, dialogs, toasts, the grid, the command palette). Textual's line filters
see each line of every widget, as it will be written, after layout: cleaning there misses none of them,
now or later. Each character `printable` drops takes no column (Rich measures it as none), so a line
keeps its width and a table its alignment; a lone surrogate becomes U+FFFD, one column for one.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter
from textual.screen import Screen
from textual.widget import Widget

from cadence.printable import printable


class Printable(LineFilter):
    """Drops from each segment's text what `printable` drops; a segment left with no text goes too."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(segment.text.isprintable() for segment in segments):
            return segments  # nearly every line: `isprintable` is False for all `printable` drops
        cleaned = []
        for segment in segments:
            shown = printable(segment.text)
            if shown == segment.text:
                cleaned.append(segment)
            elif shown or segment.control:
                cleaned.append(Segment(shown, segment.style, segment.control))
        return cleaned


def hand_over(screen: Screen[object]) -> None:
    """Give the screen every repaint its widgets owe now, so that one frame shows them all.

    Textual hands a widget's repaint to its screen from the widget's own idle, one widget after another,
    and the screen draws a frame as soon as it is idle itself: after a key press the header would show
    the new count one frame (a 60th of a second, and the time to draw it) before the rows show the check-in.
    This is what each widget's idle does, done for all of them at once, before the screen runs again."""
    for widget in screen.walk_children(Widget):
        widget._check_refresh()
