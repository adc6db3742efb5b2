"""Toasts that never cover what a person has to read: a dialog, the error view, the plan's error panel.

While a dialog (any modal screen, the command palette included) or the error
view is on top, a toast waits, and the toasts on show when a dialog opens wait
with it; they all show, for their full time, once a screen of the app is back
on top. A dialog that has a line of its own for messages (`tell`) shows them
there instead. On Today, while the plan's error panel is on show, the toasts
stay below it (the panel is at the top, toasts rise from the bottom), and wait
when there is no room left for one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import ModalScreen

if TYPE_CHECKING:
    from textual.screen import Screen


class ToastingApp(App[None]):
    """An app whose toasts wait for dialogs and error views (see the module)."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[Notification] = []
        """Toasts waiting for the screen on top to give way."""
        self._shown: list[Notification] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        notification = Notification(
            message, title, severity, self.NOTIFICATION_TIMEOUT if timeout is None else timeout, markup=markup
        )
        top = self.screen_stack[-1] if self.screen_stack else None
        tell = getattr(top, "tell", None)
        if tell is not None and tell(notification):
            return
        if self.holds_toasts(top):
            self.held.append(notification)
            return
        self._raise(notification)

    @staticmethod
    def holds_toasts(screen: Screen[object] | None) -> bool:
        """Whether a screen on top makes toasts wait: a dialog, or a screen that says so."""
        return isinstance(screen, ModalScreen) or bool(getattr(screen, "holds_toasts", False))

    def _raise(self, notification: Notification) -> None:
        self._shown = [shown for shown in self._shown if not shown.has_expired]
        self._shown.append(notification)
        self.post_message(Notify(notification))

    def hold_shown(self) -> None:
        """A dialog opens: the toasts on show wait with the others until it closes."""
        live = [shown for shown in self._shown if not shown.has_expired]
        self._shown = []
        if live:
            self.held[:0] = live
            self.clear_notifications()
            for screen in self.screen_stack:  # the screens under the dialog show through it: take theirs too
                for rack in screen.query("#textual-toastrack"):
                    show = getattr(rack, "show", None)
                    if show is not None:
                        show(self._notifications)

    def release_toasts(self) -> None:
        """A screen of the app is back on top: what waited shows now, for its full time."""
        if self.holds_toasts(self.screen_stack[-1] if self.screen_stack else None):
            return
        held, self.held = self.held, []
        for notification in held:
            self._raise(
                Notification(
                    notification.message,
                    notification.title,
                    notification.severity,
                    notification.timeout,
                    markup=notification.markup,
                )
            )

    def action_command_palette(self) -> None:
        self.hold_shown()
        super().action_command_palette()
