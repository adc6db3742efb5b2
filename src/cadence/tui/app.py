"""The cadence app: modes Today, Plan and Review over one State, with reminders on Textual's loop.

`make_app` builds it for the CLI and for the tests alike. Screens read the
state and post what the person asks for; only the app's handlers write to the
store (`writing.py`), then the screen on show is refreshed. The modes, their
keys and the command palette are `modes.py`; what stays here is the app's
life: its start, the reminders and the sync it starts after the first frames,
the watch for other processes' writes and for a new plan day, and its end.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.filter import LineFilter
from textual.message import Message
from textual.screen import Screen

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.errors import CadenceError
from cadence.store import Store
from cadence.tui.drawing import Printable, hand_over
from cadence.tui.modes import ModesApp
from cadence.tui.state import State, keep_the_day, warm
from cadence.tui.stylesheet import OnceParsed, app_stylesheet
from cadence.tui.toasts import ToastingApp
from cadence.tui.widgets.marks import use_colour
from cadence.tui.writing import WritingApp

if TYPE_CHECKING:
    from cadence.plan import LoadedPlan, PlanError
    from cadence.reminders.notify import Notification, Notifier

REMINDERS_DELAY = 0.5
"""Seconds between the first frame and starting the scheduler and the notifier."""
STORE_SECONDS = 0.25
"""How often the app looks for another process's writes (PRAGMA data_version: a cheap read)."""
TICK_SECONDS = 30
"""How often the app looks for a new plan day (the day rolls over at day_starts)."""
SWITCH_SECONDS = 0.0005
"""How long Python lets a thread keep its lock while another thread waits for it, as `cadence` runs the app
(Python's own is 5 ms). Textual writes to the terminal from its output thread: with 5 ms, a frame drawn while
the main thread went on working (the first frame, then what waited for it) reached the terminal 2-4 ms after
it was drawn. And after the first frame the app imports in threads what the first frame did not need (the
write path, then APScheduler and D-Bus for the reminders): a key pressed meanwhile asks for the lock back at
each step (the key, the write, each message to a widget, the frame), and with 5 ms a press landing on an
import took 75-115 ms instead of 15 (in tmux, on the 10-year home)."""
PRINTABLE = Printable()


class CadenceApp(ModesApp, WritingApp, ToastingApp, App[None]):
    """The app: its modes (`ModesApp`), its writes (`WritingApp`) and its toasts (`ToastingApp`) over one State.

    The three parts are plain classes ahead of Textual's App: each Textual class costs its making a walk of
    App's every attribute (about 0.2 ms, on the way to the first frame). Textual reads key bindings only
    from its own classes, so the app names the modes' keys here."""

    BINDINGS: ClassVar[list[BindingType]] = ModesApp.BINDINGS

    CSS_PATH = "app.tcss"
    TITLE = "cadence"
    stylesheet: OnceParsed

    class PlanChanged(Message):
        """The plan file changed: a new valid plan, or errors (the last valid plan stays)."""

        def __init__(self, loaded: LoadedPlan | None, error: PlanError | None) -> None:
            super().__init__()
            self.loaded = loaded
            self.error = error

    class Reminded(Message):
        """A reminder came due while the app is open."""

        def __init__(self, notification: Notification) -> None:
            super().__init__()
            self.notification = notification

    def __init__(
        self, state: State, notifier: Notifier | None, reminders: bool = True, home: Path | None = None
    ) -> None:
        super().__init__()
        self.stylesheet = app_stylesheet(self.stylesheet, state.env)
        # Neither Textual's toasts (what the app says goes on the screen's own line: `toasts.py`) nor its
        # tooltips (cadence has none): not composed into each screen, as in the tests (`run_test`).
        self._disable_notifications = True
        self._disable_tooltips = True
        use_colour(not self.no_color)
        self.state = state
        self.notifier = notifier
        self.courier: Callable[[], Notifier] | None = None
        """Makes the notifier when the reminders start (`run_app`: the first frame never waits for it)."""
        self.with_reminders = reminders
        self.home = home
        self.reminders: Any = None
        """The Reminders, once started (after the first frames)."""
        self.lock: Any = None
        self.syncing: Any = None
        """The sync with a hub, when config.toml names one (`cadence.hub.background`)."""
        self.shown_day: date | None = None
        self.first_frame_drawn = False
        self.waiting_for_first_frame: list[Callable[[], object]] = []
        """What runs once the first frame is drawn (`after_first_frame`): the write path warmed, the stylesheet kept."""
        self._data_version = 0
        self.asked: tuple[int | None, int] | None = None
        """The run and week the weekly question was last put for: asked once a week while the app is open."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters (no colour, dimmed), then the one that keeps every line printable."""
        return [*super().get_line_filters(), PRINTABLE]

    # ----------------------------------------------------------------- life cycle

    async def on_mount(self) -> None:
        self._take_the_terminal()
        self._data_version = self.state.store.data_version()
        self.set_interval(STORE_SECONDS, self._watch_store)
        if self.state.schedule is None:
            from cadence.tui.screens.errors import ErrorsScreen  # only for a plan that cannot be used

            await self.push_screen(ErrorsScreen())
            self.set_interval(1.0, self._retry_plan)
        else:
            self._opened()
        self.set_interval(TICK_SECONDS, self.check_day)

    async def _open(self) -> None:
        """The plan became usable: the error view gives way to Today."""
        from cadence.tui.screens.errors import ErrorsScreen

        if isinstance(self.screen, ErrorsScreen):
            await self.pop_screen()
        self.call_after_refresh(self._refresh_screen)  # once Today, under the error view since start, is composed
        self._opened()

    def _opened(self) -> None:
        self.shown_day = self.state.today()
        self._copy_the_day()
        self.after_first_frame(self._warm)
        if self.state.first_use:
            self._ask_start()  # in the first frame: a key pressed at once answers it, not the screen behind
        else:
            self._ask_automaticity()  # in the first frame too: a key pressed at once answers it
        if self.with_reminders:
            # After the first frames: importing and starting APScheduler and the
            # notifier costs more than drawing the whole screen. The catch-up
            # sends anything that fell due in between.
            self.set_timer(REMINDERS_DELAY, self._start_reminders)
        if self.home is not None and self.syncing is None:
            self.set_timer(REMINDERS_DELAY, self._start_syncing)

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the screen shown first has drawn its first frame (`drawn`), or after the next
        refresh when it has: the app mounts before that screen is composed, so the app's own after-refresh
        asked for then says nothing of the first frame; the screen knows when it is drawn."""
        if self.first_frame_drawn:
            self.call_after_refresh(callback)
        else:
            self.waiting_for_first_frame.append(callback)

    def drawn(self) -> None:
        """A screen shown has drawn its first frame (`StateScreen` calls this after its first refresh): garbage
        collection resumes, and what waited for the first frame runs. Once."""
        if self.first_frame_drawn:
            return
        self.first_frame_drawn = True
        collect_from_now()
        waiting, self.waiting_for_first_frame = self.waiting_for_first_frame, []
        for callback in waiting:
            callback()

    def _copy_the_day(self) -> None:
        """The day's copy of the store, which the day's first write would otherwise make, begun in a thread as
        the plan opens: SQLite copies without holding Python's lock, so the first frame is drawn meanwhile, and
        the copy of a long history (some 50-100 ms) is done before a first key comes. Not awaited: a key's
        write waits for the copy only while it is being made (`Store.copying`)."""
        import asyncio
        import threading
        from contextlib import suppress

        from cadence.store import copies

        store = self.state.store
        with suppress(OSError):  # a backups folder that cannot be used: the thread's copy says nothing either
            if store.refusal is not None or copies.today_s(store.path.parent).exists():
                return  # the day's copy is made (every start after the day's first): no thread
        store.copying = threading.Lock()  # before the thread starts: a key pressed at once waits for the copy
        asyncio.get_running_loop().run_in_executor(None, keep_the_day, store)

    def _warm(self) -> None:
        """After the first frame, in a thread: the write path, which the first frame does not import, and the
        stylesheet as parsed, for the next start (both hold Python's lock: never before the first frame)."""
        import asyncio

        loop = asyncio.get_running_loop()
        loop.run_in_executor(None, warm)
        keeping = self.stylesheet.to_keep()
        if keeping is not None:
            loop.run_in_executor(None, keeping.write)

    def _start_syncing(self) -> None:
        """After each write and every five minutes, in a thread: a key press never waits on the network."""
        from cadence.hub.live import start_syncing

        assert self.home is not None
        self.syncing = start_syncing(
            self.home,
            self.state.env,
            self.state.source.path,
            self.state.store,
            lambda line: self.notify(line, severity="warning", markup=False),
        )

    def _ask_start(self) -> None:
        """The first use of a plan with no fixed first day: today, or the next Monday?"""
        from cadence.tui.screens.start import StartScreen

        assert self.state.loaded is not None

        def chosen(day: date | None) -> None:
            if day is not None:
                self._plan_write(
                    lambda: self.state.start(day),
                    lambda: f"Week 1 begins on {day:%a %d %b}.",
                    f"the start on {day:%a %d %b}",
                )

        self.push_screen(StartScreen(self.state.loaded.plan.name, self.state.today()), chosen)

    def _ask_automaticity(self) -> None:
        """The weekly question, on the first morning of a week: how automatic each task done last week is."""
        state = self.state
        if state.schedule is None or state.loaded is None:
            return
        week = state.schedule.week_of(state.today())
        if week is None or self.asked == (state.run, week):
            return
        self.asked = (state.run, week)
        tasks = state.questions()
        if not tasks:
            return
        from cadence.tui.screens.question import QuestionScreen

        def answered(given: list[tuple[str, int | None]] | None) -> None:
            if given and self._write(lambda: state.answer_week(given), "this week's answers"):
                said = sum(1 for _, value in given if value is not None)
                self.notify(
                    f"Thank you: {said} answer{'s' if said != 1 else ''} recorded; u undoes them.", markup=False
                )

        self.push_screen(QuestionScreen(tasks, state.schedule.plan_week(week)), answered)

    async def _start_reminders(self) -> None:
        import asyncio

        # a key pressed meanwhile gets Python's lock back from APScheduler's import at once (`SWITCH_SECONDS`)
        await asyncio.to_thread(_import_reminders)
        from cadence.reminders.lock import NotifyLock
        from cadence.reminders.scheduler import Reminders

        if self.notifier is None and self.courier is not None:
            self.notifier = self.courier()
        notifier = None
        if self.notifier is not None and self.home is not None:
            self.lock = NotifyLock(self.home)
            try:
                held = self.lock.acquire()
            except CadenceError as error:  # a lock that cannot be used: toasts only, and say why
                self.notify(str(error), severity="warning", markup=False)
                held = False
            if held:
                notifier = self.notifier  # no daemon holds the lock: this app sends desktop notifications
            else:
                self.lock = None
        elif self.notifier is not None:
            notifier = self.notifier
        self.reminders = Reminders(
            self.state.source,
            self.state.store,
            self.state.clock,
            notifier,
            self.state.env,
            on_message=self._reminded,
            on_plan_change=self._plan_changed,
        )
        await self.reminders.start(self.state.loaded, self.state.signature)

    def _reminded(self, message: Notification) -> None:
        self.post_message(self.Reminded(message))

    def _plan_changed(self, loaded: LoadedPlan | None, error: PlanError | None) -> None:
        self.post_message(self.PlanChanged(loaded, error))

    async def on_unmount(self) -> None:
        if self.syncing is not None:
            self.syncing.cancel()
        if self.reminders is not None:
            await self.reminders.stop()
        if self.lock is not None:
            self.lock.release()

    async def _retry_plan(self) -> None:
        if self.state.schedule is None and self.state.load():
            await self._open()
        elif self.state.schedule is None:
            self._refresh_screen()

    def _watch_store(self) -> None:
        """Another process wrote (a command, the daemon's Done, another TUI): show it now."""
        version = self.state.store.data_version()
        if version == self._data_version:
            return
        self._data_version = version
        if self.state.schedule is not None:
            self.state.relay()
            self._refresh_screen()

    def check_day(self) -> None:
        """Roll over to a new plan day (at day_starts) without a restart."""
        if self.state.schedule is not None and self.state.today() != self.shown_day:
            self.shown_day = self.state.today()
            self._refresh_screen()
            self._ask_automaticity()

    def _refresh_screen(self) -> None:
        screen: Screen[object] = self.screen
        refresh = getattr(screen, "refresh_view", None)
        if refresh is None:  # a dialog is open: refresh what is under it
            for below in reversed(self.screen_stack):
                refresh = getattr(below, "refresh_view", None)
                if refresh is not None:
                    break
        if refresh is not None:
            refresh()
            hand_over(self.screen)

    # ----------------------------------------------------------------- messages

    async def on_cadence_app_plan_changed(self, message: PlanChanged) -> None:
        if message.loaded is not None:
            self.state.adopt(message.loaded)
            self.notify("The plan was reloaded.", markup=False)
        elif message.error is not None:
            self.state.error = message.error
        self._refresh_screen()

    def on_cadence_app_reminded(self, message: Reminded) -> None:
        notification = message.notification
        self.notify(notification.body, title=notification.title, markup=False, timeout=10)
        self._refresh_screen()


PREPARED = (
    "apscheduler.schedulers.asyncio",
    "apscheduler.triggers.date",
    "dbus_fast.aio",
    "cadence.reminders.delivery",
    "cadence.reminders.lock",
    "cadence.reminders.scheduler",
)
"""What starting the reminders imports (APScheduler and D-Bus most of it): imported in a thread first."""


def collect_from_now() -> None:
    """After the first frame. `cadence` opening the TUI turns garbage collection off (`cli.main`): start-up
    builds some hundred thousand objects (Textual's classes, the stylesheet, the screen), and collecting them
    while they are built costs the first frame a tenth of its time. They stay: frozen, no later collection
    walks them again (a key press pays less for each), and collection runs as usual from here."""
    import gc

    if not gc.isenabled():  # only as `cadence` opened it: an app in a test leaves the process as it found it
        gc.freeze()
        gc.enable()


def _import_reminders() -> None:
    from importlib import import_module

    for name in PREPARED:
        import_module(name)


def make_app(
    source: PlanSource,
    store: Store,
    clock: Clock,
    env: Mapping[str, str],
    notifier: Notifier | None = None,
    reminders: bool = True,
    home: Path | None = None,
    loaded: LoadedPlan | None = None,
) -> CadenceApp:
    """The app, for the CLI (desktop notifier, lock in `home`) and for tests (recording notifier, fixed clock).

    `loaded`: the plan, when the caller has read it already.
    """
    state = State(source, store, clock, env)
    if loaded is not None:
        state.adopt(loaded)
    else:
        state.load()
    app = CadenceApp(state, notifier, reminders, home)
    app.use_kept_theme()  # a theme config.toml names that Textual does not have stops here, in one line
    return app


def run_app(
    source: PlanSource,
    store: Store,
    clock: Clock,
    env: Mapping[str, str],
    home: Path,
    loaded: LoadedPlan | None,
) -> tuple[int, list[str]]:
    """The TUI as `cadence` opens it: while no daemon holds the lock, it sends the reminders where the daemon
    would (`[reminders] via`: the desktop, tmux, the log).

    Returns the exit code and the lines to print when the store failed under it.
    """
    app = make_app(source, store, clock, env, home=home, loaded=loaded)

    def made() -> Notifier:
        from cadence.reminders.delivery import courier

        return courier(env)

    app.courier = made
    switching = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_SECONDS)
    try:
        app.run()
    finally:
        sys.setswitchinterval(switching)
    keeping = app.stylesheet.to_keep()  # what other screens parsed since the first frame
    if keeping is not None:
        keeping.write()
    return app.return_code or 0, app.failure
