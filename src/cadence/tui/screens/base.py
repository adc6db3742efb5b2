"""What every full screen of the app shares: the state it reads, a refresh when shown, and what the app says
(`cadence.tui.toasts`) on its line, the messages that waited for a dialog included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadence.tui import ScreenPart

if TYPE_CHECKING:
    from cadence.tui.state import State


class StateScreen(ScreenPart):
    """A screen drawn from the app's State; `refresh_view` redraws it from there.

    A plain class that each screen names ahead of Textual's Screen (`class TodayScreen(StateScreen,
    Screen[None])`): each Textual class costs its making a walk of every attribute of its bases, and Textual
    finds `on_screen_resume` on any class of a screen's MRO."""

    @property
    def state(self) -> State:
        return self.app.state  # type: ignore[attr-defined, no-any-return]  # CadenceApp's

    def on_screen_resume(self) -> None:
        if self.app.return_code is not None:
            return  # the app is closing, maybe before this screen's widgets were all mounted: nothing to show
        self.refresh_view()
        release = getattr(self.app, "release_toasts", None)  # what waited for a dialog shows now, on this line
        if release is not None:
            release()
        drawn = getattr(self.app, "drawn", None)  # the app's start-up work put off until a first frame is drawn
        if drawn is not None:
            self.call_after_refresh(drawn)

    def refresh_view(self) -> None:
        raise NotImplementedError
