"""The key hints at the bottom of a screen, as one line of text.

Textual's Footer restyles the whole DOM when it mounts (its `compact`
watcher), which cost more than drawing the rest of the Today screen; a
screen's keys are known, so one Text says them.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

NAVIGATION = (("t", "Today"), ("p", "Plan"), ("v", "Review"), ("?", "Keys"), ("q", "Quit"))


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *keys: tuple[str, str], here: str = "", navigation: bool = True) -> None:
        """`keys`: the screen's own; `here`: this screen's key, left out; without `navigation`, only ? and q."""
        text = Text(no_wrap=True, overflow="ellipsis")
        shown = [pair for pair in NAVIGATION if pair[0] != here and (navigation or pair[0] in "?q")]
        for key, label in (*keys, *shown):
            text.append(f" {key} ", style="bold")
            text.append(f"{label} ")
        super().__init__(text)
