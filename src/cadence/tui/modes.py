"""How a person moves about the app: the modes Today, Plan and Review, their keys, and the command palette.

The palette (ctrl+p) names cadence's own actions and the theme; none of
Textual's others: its defaults would add a second "Keys" (its own key panel),
Maximize and Screenshot, which are not cadence's and read as if they were.
The theme chosen there is kept in config.toml (`theme`, every other line kept)
and used at the next start. The Plan and Review screens are imported when
first shown.

Today is Textual's default mode, its screen the app's default screen: a mode
named in MODES has its first screen mounted inside Textual's start-up batch,
where it is laid out and drawn once for nothing (the terminal is shown only
what comes after the batch), and its stylesheet refreshed again: some 5 ms of
the first frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cadence.errors import CadenceError
from cadence.tui import AppPart
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
    ("Redo", "Apply again the last change undone", "redo"),
    ("Life happened", "Excuse days, move the plan by weeks or days, or do a week again", "life"),
    ("Repeat week", "Do this week again; the rest moves later", "repeat_week"),
)
SCREENS = (
    ("Today", "Today's tasks and blocks", "today"),
    ("Plan", "The whole plan, week by week", "plan"),
    ("Review", "Adherence, results and goals", "review"),
)


TODAY = App.DEFAULT_MODE
"""Today's mode: Textual's default mode (`App.DEFAULT_MODE`)."""


def _plan_screen() -> Screen[None]:
    from cadence.tui.screens.plan import PlanScreen

    return PlanScreen()


def _review_screen() -> Screen[None]:
    from cadence.tui.screens.review import ReviewScreen

    return ReviewScreen()


class ModesApp(AppPart):
    """Modes: "today" (the first screen, under the error view while the plan cannot be used), "plan", "review"."""

    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "plan": _plan_screen,
        "review": _review_screen,
    }  # imported when shown; Today is the default mode's screen (`get_default_screen`)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "show('today')", "Today"),
        Binding("p", "show('plan')", "Plan"),
        Binding("v", "show('review')", "Review"),
        Binding("question_mark", "keys", "Keys", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    state: State
    kept_theme: str | None = None
    """The theme config.toml holds, once `use_kept_theme` read it: a choice made since is written there."""

    def get_default_screen(self) -> Screen[Any]:
        """Today, the default mode's first screen. Textual switches back only to a mode it finds among its
        modes, and takes as default only a mode that is not (`App._init_mode`): Today is named among them
        once its screen is made, as `App.add_mode` would but for the default mode's name, which it refuses."""
        self._modes[TODAY] = TodayScreen
        return TodayScreen()

    def use_kept_theme(self) -> None:
        """The theme config.toml keeps, from the first frame; a name Textual has no theme for is refused in one
        line (ConfigError), as every wrong key of config.toml is."""
        from cadence.config import ConfigError, key_place, theme_name

        name = theme_name(self.state.env)
        if name is not None:
            if name not in self.available_themes:
                from cadence.plan import suggest

                hint = (
                    suggest(name, self.available_themes)
                    or f"; the themes are: {', '.join(sorted(self.available_themes))}"
                )
                raise ConfigError(f"{key_place(self.state.env, 'theme')}: error: no theme '{name}'{hint}")
            self.theme = name
            # parsed with the theme's colours from the first, and read back from the kept stylesheet
            self.stylesheet.set_variables(self.get_css_variables())
        self.kept_theme = self.theme

    def watch_theme(self, theme: str) -> None:
        """A theme chosen (the palette's Theme) is kept in config.toml for the next start."""
        if self.kept_theme is None or theme == self.kept_theme:
            return
        from cadence.config import set_key

        try:
            set_key(self.state.env, "theme", theme)
        except CadenceError as error:
            self.notify(
                f"The theme is used now but not kept for the next start: {error}", severity="warning", markup=False
            )
            return
        self.kept_theme = theme

    async def action_show(self, mode: str) -> None:
        if self.state.schedule is None:
            self.bell()
            return
        await self.switch_mode(TODAY if mode == "today" else mode)

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
            await self.switch_mode(TODAY)
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
