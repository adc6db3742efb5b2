"""One day of the plan in detail: every item with its symbol, colour, amount and state, its notes and skip
reasons; and corrections to it, with the same keys as Today.

The cell of the Plan grid is made of these items' colours. A day whose make-up
window has closed (or from before tracking began) is corrected only after a
confirmation, as `cadence check --force` does on the command line; the write
goes through the one write path like every other.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.notifications import Notification
from textual.widgets import Static

from cadence.core.status import day_items, day_status, is_within_makeup
from cadence.tui.screens.dialog import Dialog
from cadence.tui.screens.forms import ask_note, ask_results, ask_skip
from cadence.tui.widgets.items import ItemList, Row
from cadence.tui.widgets.marks import word
from cadence.wording import plural

if TYPE_CHECKING:
    from cadence.tui.state import State


DIALOG_WIDTH = 110
"""As wide as `.dialog.day` in app.tcss, less where the screen is narrower (95% of it)."""


class DayScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("space", "check_in", "Check in"),
        Binding("plus,equals_sign", "adjust(1)", "+1"),
        Binding("minus", "adjust(-1)", "-1"),
        Binding("s", "skip", "Skip"),
        Binding("n", "note", "Note"),
        Binding("r", "results", "Results"),
        Binding("left", "move(-1)", "Day before"),
        Binding("right", "move(1)", "Day after"),
    ]
    AUTO_FOCUS = "#day-items"

    class Corrected(Message):
        """An amount asked for a task's day from the day view (the modes of `TodayScreen.CheckedIn`);
        `force`: the person confirmed correcting a day past its make-up window."""

        def __init__(self, task_id: str, day: date, amount: float, mode: str, force: bool) -> None:
            super().__init__()
            self.task_id = task_id
            self.day = day
            self.amount = amount
            self.mode = mode
            self.force = force

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.entry = ""
        self.confirmed = False
        """The person said yes to correcting this closed day: not asked again while the view is open."""

    @property
    def state(self) -> State:
        return self.app.state  # type: ignore[attr-defined, no-any-return]  # CadenceApp's

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog day"):
            yield Static(id="day-head", markup=False)
            with VerticalScroll(id="day-scroll", can_focus=False):
                yield ItemList(id="day-items")
                yield Static(id="day-notes", markup=False)
            yield Static(id="day-said", markup=False)
            yield Static(id="day-keys", markup=False)

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        state = self.state
        schedule = state.schedule
        if schedule is None:
            return
        day, today = self.day, state.today()
        ledger = state.recent_ledger(day)
        week = schedule.week_of(day)
        head = Text(f"{day:%A %d %B %Y}", style="bold")
        if week is not None:
            phase = schedule.phase_of(week)
            again = " again" if schedule.repeat_of(week) is not None else ""
            head.append(f"   week {schedule.plan_week(week)}{again}" + (f", {phase.name}" if phase else ""))
        state_of_day = day_status(schedule, day, ledger, today)
        if state_of_day is not None:
            head.append("   the day: ")
            head.append_text(word(state_of_day))
        items = day_items(schedule, day, ledger, today)
        if schedule.is_rest_day(day):
            head.append("\n" + ("Holiday" if day in schedule.plan.holidays else "Rest day"), style="italic")
            head.append(": rest is part of the plan." if not items else ".", style="italic")
        elif not items:
            head.append("\nNothing is due.", style="italic")
        self.query_one("#day-head", Static).update(head)
        self.query_one(ItemList).show([Row(item, False) for item in items], of=day)
        self.query_one(ItemList).display = bool(items)
        notes = Text()
        for item in items:
            said = list(ledger.notes.get((item.task.id, day), ()))
            if item.status == "skipped" and (reason := ledger.reason(item.task.id, day)):
                said.insert(0, f"skipped: {reason}")
            for line in said:
                notes.append(f"{item.task.title}: ", style="bold")
                notes.append(f"{line}\n")
        self.query_one("#day-notes", Static).update(notes)
        self.query_one("#day-notes", Static).display = bool(notes)
        self._show_keys()

    def _show_keys(self) -> None:
        keys = Text()
        if self.entry:
            keys.append(f"amount: {self.entry}   enter sets it, escape clears\n", style="bold")
        room = min(DIALOG_WIDTH, self.app.size.width * 95 // 100) - 6  # its border and padding
        used = 0
        for key, does in (
            ("space", "rest"),
            ("digits", "set"),
            ("+/-", "adjust"),
            ("s", "skip"),
            ("n", "note"),
            ("r", "results"),
            ("←/→", "days"),
            ("esc", "close"),
        ):
            if used + len(key) + len(does) + 5 > room:  # a key and its word never part at the end of a line
                keys.append("\n")
                used = 0
            keys.append(f" {key} ", style="bold reverse")
            keys.append(f" {does}  ")
            used += len(key) + len(does) + 5
        self.query_one("#day-keys", Static).update(keys)

    def tell(self, notification: Notification) -> bool:
        """A message while the view is open (a refusal, say) shows on its own line, not as a toast."""
        said = Text(notification.message, style="bold red" if notification.severity == "error" else "bold")
        self.query_one("#day-said", Static).update(said)
        return True

    # ----------------------------------------------------------------- keys

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and (event.character.isdigit() or (event.character == "." and self.entry)):
            self.entry += event.character
        elif event.key == "backspace" and self.entry:
            self.entry = self.entry[:-1]
        elif event.key == "escape" and self.entry:
            self.entry = ""
        else:
            return
        event.stop()
        self._show_keys()

    def on_item_list_selected(self, event: ItemList.Selected) -> None:
        event.stop()
        self.action_check_in()

    def action_check_in(self) -> None:
        row = self.query_one(ItemList).highlighted()
        if row is None:
            return
        if self.entry:
            try:
                wanted = float(self.entry)
            except ValueError:
                wanted = row.item.done
            self.entry = ""
            self._show_keys()
            self._correct(row.item.task.id, wanted, "set")
            return
        self._correct(row.item.task.id, row.item.occurrence.target, "complete")

    def action_adjust(self, step: int) -> None:
        row = self.query_one(ItemList).highlighted()
        if row is not None:
            self._correct(row.item.task.id, float(step), "add")

    def _correct(self, task_id: str, amount: float, mode: str) -> None:
        """Post the correction; a day past its window (or before tracking) is confirmed first."""
        state = self.state
        assert state.schedule is not None
        today, schedule = state.today(), state.schedule
        closed = self.day <= today and not is_within_makeup(self.day, today, schedule.plan.makeup_days)
        untracked = self.day < schedule.tracking
        if self.confirmed or not (closed or untracked):
            self.post_message(self.Corrected(task_id, self.day, amount, mode, self.confirmed))
            return
        from cadence.tui.screens.confirm import ConfirmScreen

        if untracked:
            question = (
                f"Tracking began on {schedule.tracking:%a %d %b}. Record work on {self.day:%a %d %b}?"
                " Tracking then begins on that day, and the days between count."
            )
        else:
            allowed = plural(schedule.plan.makeup_days, "day")
            question = (
                f"The make-up window of {self.day:%a %d %b} has closed (the plan allows {allowed})."
                " Correct it anyway? The change goes into the log as a correction."
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.confirmed = True
                self.post_message(self.Corrected(task_id, self.day, amount, mode, True))

        self.app.push_screen(ConfirmScreen(question, "correct it"), answered)

    def action_move(self, step: int) -> None:
        """The day before or after, within the plan."""
        schedule = self.state.schedule
        day = self.day + timedelta(days=step)
        if schedule is not None and schedule.contains(day):
            self.day = day
            self.confirmed = False
            self.query_one("#day-said", Static).update("")
            self.refresh_view()

    def action_skip(self) -> None:
        """Skip the highlighted item of this day, with a reason."""
        row = self.query_one(ItemList).highlighted()
        if row is not None:
            ask_skip(self, row.item.task.id, row.item.task.title, self.day)

    def action_note(self) -> None:
        row = self.query_one(ItemList).highlighted()
        if row is not None:
            ask_note(self, row.item.task.id, self.day, self.confirmed)

    def action_results(self) -> None:
        """Results that came on this day, for the highlighted item's task (or for the day)."""
        row = self.query_one(ItemList).highlighted()
        ask_results(self, row.item.task.id if row is not None else None, self.day)

    def action_close(self) -> None:
        if self.entry:
            self.entry = ""
            self._show_keys()
            return
        self.dismiss(None)
