"""The command palette (ctrl+p): cadence's own actions by name, and the theme; none of Textual's others.

Textual's defaults would add a second "Keys" (its own key panel), Maximize and
Screenshot, which are not cadence's and read as if they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from cadence.tui.app import CadenceApp

TODAY_ACTIONS = (
    ("Check in", "Check in the full target of the highlighted item", "check_in"),
    ("One more", "Add one to the highlighted item", "adjust(1)"),
    ("One less", "Take one from the highlighted item", "adjust(-1)"),
    ("Skip", "Skip the highlighted item, with a reason", "skip"),
    ("Log results", "Log what the highlighted item brought", "results"),
    ("Undo", "Undo the last change", "undo"),
    ("Shift", "Move the rest of the plan later", "shift"),
    ("Repeat week", "Do this week again; the rest moves later", "repeat_week"),
)
SCREENS = (
    ("Today", "Today's tasks and blocks", "today"),
    ("Plan", "The whole plan, week by week", "plan"),
    ("Review", "Adherence, results and goals", "review"),
)


def commands(app: CadenceApp) -> Iterable[SystemCommand]:
    def today(action: str) -> Callable[[], object]:
        return lambda: app.today_action(action)

    def show(mode: str) -> Callable[[], object]:
        return lambda: app.call_later(app.action_show, mode)

    for title, help, action in TODAY_ACTIONS:
        yield SystemCommand(title, help, today(action))
    for title, help, mode in SCREENS:
        yield SystemCommand(title, help, show(mode))
    yield SystemCommand("Keys", "Every key of cadence", app.action_keys)
    yield SystemCommand("Theme", "Change the colours of the app", app.action_change_theme)
    yield SystemCommand("Quit", "Quit cadence", app.action_quit)
