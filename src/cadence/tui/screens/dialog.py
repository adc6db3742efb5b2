"""What every dialog of the app shares: the messages on show wait while it is open (see `cadence.tui.toasts`)."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

Answer = TypeVar("Answer")


class Dialog(ModalScreen[Answer]):
    def on_screen_resume(self) -> None:
        hold = getattr(self.app, "hold_shown", None)
        if hold is not None:
            hold()
