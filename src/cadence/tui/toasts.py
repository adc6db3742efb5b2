"""Messages that never cover what a person has to read: no toast floats over a screen of the app.

What the app says shows on a line of the screen's own over its key bar
(`widgets/said.SaidLine`), which takes its place in the layout: the messages
on show are the app's (`said`), so they stay on the line of whichever screen
is on top, each for its time. The day view shows them on its own line
(`tell`). A dialog without a line (any modal screen, the command palette
included) or the error view makes a message wait, and the messages on show
when a dialog opens wait with it; they all show, for their full time, once a
screen of the app is back on top.
"""

from __future__ import annotations

from textual.notifications import Notification, Notify
from textual.screen import Screen

from cadence.tui import AppPart
from cadence.tui.widgets.said import SaidLine

MOST = 3
"""Messages on show at once; a fourth sends the oldest away."""


def _line(screen: Screen[object] | None) -> SaidLine | None:
    found = screen.query(SaidLine) if screen is not None else None
    return found.first() if found else None


class ToastingApp(AppPart):
    """An app whose messages go to the screen's own line, or wait for one (see the module)."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[Notification] = []
        """The messages on show, newest last."""
        self.held: list[Notification] = []
        """Messages waiting for a screen with a line of its own to come back on top."""

    def _on_notify(self, event: Notify) -> None:
        """A message given (`notify`, from any thread: this runs on the app's): on the screen's line, or waiting."""
        event.prevent_default()  # never Textual's toast, which floats over what is drawn
        notification = event.notification
        top = self.screen_stack[-1] if self.screen_stack else None
        tell = getattr(top, "tell", None)
        if tell is not None and tell(notification):
            return
        if _line(top) is None:
            self.held.append(notification)
            return
        self._say(notification)

    def messages(self) -> list[str]:
        """What the app says now and what waits, each as it reads: "Title: message"."""
        return [f"{n.title}: {n.message}" if n.title else n.message for n in [*self.said, *self.held]]

    def _say(self, notification: Notification) -> None:
        self.said = [*self.said, notification][-MOST:]
        self.set_timer(notification.timeout + 0.05, self.show_said)  # a little after: it has expired by then
        self.show_said()

    def show_said(self) -> None:
        """The messages still on show, on the line of the screen on top."""
        self.said = [notification for notification in self.said if not notification.has_expired]
        line = _line(self.screen_stack[-1] if self.screen_stack else None)
        if line is not None:
            line.show(self.said)

    def hold_shown(self) -> None:
        """A dialog opens: the messages on show wait with the others until it closes."""
        live = [notification for notification in self.said if not notification.has_expired]
        self.held[:0] = live
        self.said = []
        for screen in self.screen_stack:
            line = _line(screen)
            if line is not None:
                line.show([])

    def release_toasts(self) -> None:
        """A screen of the app is on top again: what waited shows now, for its full time."""
        if _line(self.screen_stack[-1] if self.screen_stack else None) is None:
            return
        held, self.held = self.held, []
        for notification in held:
            self._say(
                Notification(
                    notification.message,
                    notification.title,
                    notification.severity,
                    notification.timeout,
                    markup=notification.markup,
                )
            )
        self.show_said()

    def action_command_palette(self) -> None:
        self.hold_shown()
        super().action_command_palette()
