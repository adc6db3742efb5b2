"""The key hints at the bottom of a screen, as one line of text that fits the width there is.

Textual's Footer restyles the whole DOM when it mounts (its `compact`
watcher), which cost more than drawing the rest of the Today screen; a
screen's keys are known, so one Text says them. The widest spacing that fits
is chosen on each draw; where even the tightest does not fit (Today's ten keys
and redo at 80 columns), `q Quit` gives way first, as every terminal program
quits on q and `?` lists it.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

NAVIGATION = (("t", "Today"), ("p", "Plan"), ("v", "Review"), ("?", "Keys"), ("q", "Quit"))


SPARE = ("q",)
"""The keys left out, in this order, when the tightest spacing does not fit."""


def _tightest(keys: tuple[tuple[str, str], ...]) -> int:
    return sum(len(key) + 1 + len(label) for key, label in keys) + len(keys)


def key_line(keys: tuple[tuple[str, str], ...], width: int) -> Text:
    """The keys in the widest of three spacings that fits `width` (the spare keys left out, then the tightest
    cut, if none does)."""
    for spare in SPARE:
        if _tightest(keys) > width:
            keys = tuple(pair for pair in keys if pair[0] != spare)
    words = sum(len(key) + 1 + len(label) for key, label in keys)
    if words + 3 * len(keys) <= width:
        spacing = "wide"
    elif words + 2 * len(keys) + 1 <= width:
        spacing = "two"
    else:
        spacing = "one"
    text = Text(no_wrap=True, overflow="ellipsis")
    for index, (key, label) in enumerate(keys):
        if spacing == "wide":
            text.append(f" {key} ", style="bold")
            text.append(f"{label} ")
            continue
        text.append(" " if index == 0 or spacing == "one" else "  ")
        text.append(key, style="bold")
        text.append(f" {label}")
    return text


class KeyBar(Widget):
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
        super().__init__()
        self.navigation = tuple(pair for pair in NAVIGATION if pair[0] != here and (navigation or pair[0] in "?q"))
        self.keys = (*keys, *self.navigation)

    def offer(self, *keys: tuple[str, str]) -> None:
        """The screen's own keys are now these (what a finished plan can do is not what a running one can)."""
        shown = (*keys, *self.navigation)
        if shown != self.keys:
            self.keys = shown
            self.refresh()

    def render(self) -> Text:
        return key_line(self.keys, self.size.width)
