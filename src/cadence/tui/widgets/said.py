"""What the app says (a check-in's answer, a refusal, a reminder) on lines of the screen's own, over its key bar.

A toast floats over whatever is drawn under it: on the Plan grid's last weeks,
the Review's goals, Today's rows at 80×24. These lines take their place in the
layout instead, so what they say pushes the content up a little while it shows
and covers none of it; each message goes after its time, as a toast would. A
message is one line, wrapped where the width ends (an error is read whole);
on Today a message of several lines (the morning summary) keeps its lines,
in the room Today leaves under its rows.
"""

from __future__ import annotations

from rich.text import Text
from textual.notifications import Notification
from textual.widgets import Static

from cadence.tui.widgets import put

SEVERITY = {"error": "bold red", "warning": "bold yellow", "information": ""}


def one_line(notification: Notification) -> Text:
    """ "Title: first line · second line", in the message's colour (the title left out when the message
    begins with it, as a reminder's "Post: 1 post" does)."""
    text = Text(style=SEVERITY.get(notification.severity, ""))
    if notification.title and not notification.message.startswith(notification.title):
        text.append(f"{notification.title}: ", style="bold")
    text.append(" · ".join(line for line in notification.message.splitlines() if line.strip()))
    return text


def whole(notification: Notification) -> Text:
    """The title on its line, then every line of the message."""
    text = Text(style=SEVERITY.get(notification.severity, ""))
    if notification.title:
        text.append(f"{notification.title}\n", style="bold")
    text.append(notification.message)
    return text


class SaidLine(Static):
    """The messages on show, newest last, as the app gives them (`ToastingApp.said`). `whole`: a message of
    several lines keeps them (Today)."""

    DEFAULT_CSS = """
    SaidLine {
        height: auto;
        padding: 0 1;
        background: $boost;
        display: none;
    }
    """

    def __init__(self, whole: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.whole = whole
        self.shown: list[Notification] = []

    def show(self, notifications: list[Notification]) -> None:
        if notifications == self.shown:
            return
        self.shown = list(notifications)
        put(self, Text("\n").join(self._text(notification) for notification in self.shown))
        self.display = bool(self.shown)

    def messages(self) -> list[str]:
        """What is said now, each message as it reads."""
        return [self._text(notification).plain for notification in self.shown]

    def _text(self, notification: Notification) -> Text:
        return whole(notification) if self.whole and "\n" in notification.message else one_line(notification)
