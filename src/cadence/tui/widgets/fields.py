"""A form's text field that keeps every key of a burst in the field it was meant for.

Textual hands each key to the widget focused when the key arrives, and moves
focus on Tab only once the Tab has bubbled from the field to the screen: keys
typed fast (or pasted by a terminal, or sent by tmux) after a Tab reach the
field that had focus before it. `replies 5, Tab, connections 7` became
`replies 57`. A `Field` moves focus on Tab itself, at once, and hands on any
key that reaches it after it lost focus to the field focused now.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class Field(Input):
    """An Input whose Tab and shift+Tab move focus as they are read, keys after them going where focus went."""

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused  # set at once by a focus move (`has_focus` follows a message later)
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            focused._forward_event(event.__class__(event.key, event.character))
            return
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            if event.key == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        await super()._on_key(event)
