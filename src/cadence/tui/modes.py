"""How a person moves about the app: the modes Today, Plan and Review, their keys, and the command palette.

The palette (ctrl+p) names cadence's own actions and the theme; none of
Textual's others: its defaults would add a second "Keys" (its own key panel),
Maximize and Screenshot, which are not cadence's and read as if they were.
The Plan and Review screens are imported when first shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cadence.tui.screens.today import TodayScreen
from cadence.tui.state import State

TODAY_ACTIONS = (
    ("Check in", "Check in the full target of the highlighted item", "check_in"),
    ("One more", "Add one to the highlighted item", "adjust(1)"),
    ("One less", "Take one from the highlighted item", "adjust(-1)"),
    ("Skip", "Skip the highlighted item, with a reason", "skip"),
    ("Log results", "Log what the highlighted item brought, on a day", "results"),
    ("Note", "A note on the highlighted item, with a check-in", "note"),
    ("Yesterday", "Yesterday in detail, to correct it", "day"),
    ("Undo", "Undo the last change", "undo"),
    ("Life happened", "Excuse days, move the plan by weeks or days, or do a week again", "life"),
    ("Repeat week", "Do this week again; the rest moves later", "repeat_week"),
)
SCREENS = (
    ("Today", "Today's tasks and blocks", "today"),
    ("Plan", "The whole plan, week by week", "plan"),
    ("Review", "Adherence, results and goals", "review"),
)


def _plan_screen() -> Screen[None]:
    from cadence.tui.screens.plan import PlanScreen

    return PlanScreen()


def _review_screen() -> Screen[None]:
    from cadence.tui.screens.review import ReviewScreen

    return ReviewScreen()


class ModesApp(App[None]):
    """Modes: "today" (the first screen, under the error view while the plan cannot be used), "plan", "review"."""

    DEFAULT_MODE = "today"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "today": TodayScreen,
        "plan": _plan_screen,
        "review": _review_screen,
    }  # the last two imported when shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "show('today')", "Today"),
        Binding("p", "show('plan')", "Plan"),
        Binding("v", "show('review')", "Review"),
        Binding("question_mark", "keys", "Keys", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    state: State

    async def action_show(self, mode: str) -> None:
        if self.state.schedule is None:
            self.bell()
            return
        await self.switch_mode(mode)

    def action_keys(self) -> None:
        from cadence.tui.screens.keys import KeysScreen

        today = next((screen for screen in self.screen_stack if isinstance(screen, TodayScreen)), None)
        row = today.highlighted() if today is not None else None
        self.push_screen(KeysScreen(row.item.task if row is not None else None))

    def today_action(self, name: str) -> None:
        """Run an action of Today's (from the command palette), showing Today first."""

        async def run() -> None:
            if self.state.schedule is None:
                return
            await self.switch_mode("today")
            await self.screen.run_action(name)

        self.call_later(run)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        def today(action: str) -> Callable[[], object]:
            return lambda: self.today_action(action)

        def show(mode: str) -> Callable[[], object]:
            return lambda: self.call_later(self.action_show, mode)

        for title, help, action in TODAY_ACTIONS:
            yield SystemCommand(title, help, today(action))
        for title, help, mode in SCREENS:
            yield SystemCommand(title, help, show(mode))
        yield SystemCommand("Keys", "Every key of cadence", self.action_keys)
        yield SystemCommand("Theme", "Change the colours of the app", self.action_change_theme)
        yield SystemCommand("Quit", "Quit cadence", self.action_quit)
