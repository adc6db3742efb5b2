"""Today: the default screen. The morning session happens here.

Keys act on the highlighted row; each posts a message that the app handles by
writing to the store and refreshing. Digits typed before enter set an amount.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from cadence.core.calendar import Schedule
from cadence.core.rhythm import week_to_repeat
from cadence.tui.screens.base import StateScreen
from cadence.tui.screens.forms import ask_note, ask_results, ask_skip
from cadence.tui.widgets import put
from cadence.tui.widgets.header import TodayHeader
from cadence.tui.widgets.items import ItemList, Row
from cadence.tui.widgets.keybar import KeyBar
from cadence.tui.widgets.said import SaidLine

if TYPE_CHECKING:
    from cadence.tui.screens.happened import Decision


UNDO = (("u", "Undo"), ("U", "Redo"))


class TodayScreen(StateScreen, Screen[None]):
    AUTO_FOCUS = "#items"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "check_in", "Check in"),
        Binding("plus,equals_sign", "adjust(1)", "+1", key_display="+"),
        Binding("minus", "adjust(-1)", "-1", key_display="-"),
        Binding("s", "skip", "Skip"),
        Binding("r", "results", "Results"),
        Binding("n", "note", "Note"),
        Binding("d", "day", "Yesterday", show=False),
        Binding("u", "undo", "Undo"),
        Binding("U", "redo", "Redo", show=False),
        Binding("greater_than_sign", "life", "Life happened", key_display=">"),
        Binding("w", "repeat_week", "Repeat week"),
        Binding("escape", "clear_entry", "Clear", show=False),
    ]

    class CheckedIn(Message):
        """The person asked for an amount on a task's day: `complete` (the rest of the target), `set` (to
        `amount`) or `add` (`amount`, negative: a correction). The app reads the amount already done from
        the store, never from what this screen last drew."""

        def __init__(self, task_id: str, day: date, amount: float, mode: str = "add") -> None:
            super().__init__()
            self.task_id = task_id
            self.day = day
            self.amount = amount
            self.mode = mode

    class UndoRequested(Message):
        pass

    class RedoRequested(Message):
        """Apply again the last change undone."""

    class LifeHappened(Message):
        """One way of the life-happened flow, taken for a span of days."""

        def __init__(self, decision: Decision) -> None:
            super().__init__()
            self.decision = decision

    class RepeatRequested(Message):
        """Do this week again right after it."""

    class RestartRequested(Message):
        """Begin the plan again, in a new run, on `day`."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self) -> None:
        super().__init__()
        self.entry = ""
        self._lines: dict[str, Static] = {}

    def compose(self) -> ComposeResult:
        yield TodayHeader(id="header")
        with VerticalScroll(id="items-scroll", can_focus=False):
            yield ItemList(id="items")
        yield SaidLine(whole=True, id="said")  # the morning summary whole, under the rows
        yield KeyBar(*self.RUNNING, here="t")

    LINES = ("plan-errors", "rest", "comeback", "items-scroll", "nudge", "entry", "said")
    """Today from top to bottom under its header. The plan's errors, the banner (a rest day, a plan not begun or
    over), the comeback line (the day after a miss, Today leads with it), the nudges and the amount being typed
    each say something only on some days: each is mounted the first time it does (`_line`), so a day without
    them draws its first frame without building them."""

    def _line(self, name: str, content: Text | None) -> None:
        """Show `content` on the line `name` (one of `LINES`), or hide the line (None)."""
        line = self._lines.get(name)
        if line is None:
            if content is None or not self.is_attached:  # nothing to say, or a screen no longer shown
                return
            line = self._lines[name] = Static(id=name, markup=False)
            below = self.LINES[self.LINES.index(name) + 1 :]
            self.mount(line, before=next(child for child in self.children if child.id in below))
        if content is not None:
            put(line, content)
        line.display = content is not None

    RUNNING = (("space", "Done"), ("s", "Skip"), ("r", "Results"), ("n", "Note"), (">", "Life"), *UNDO)
    """The key bar while the plan runs: +/- (adjust) and the rest are in `?`; `>` is the way back when life
    happened."""
    FOR_A_RUN = frozenset({"check_in", "adjust", "skip", "results", "life", "repeat_week"})
    """What needs a plan under way: once it is over, these keys do nothing and the bar does not offer them."""

    def _over(self) -> bool:
        schedule = self.state.schedule
        return schedule is not None and self.state.today() > schedule.end

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.FOR_A_RUN and self._over())

    def _offer_keys(self) -> None:
        """A finished plan offers what it can do: a new run (a plan that fixes no days), undo and redo."""
        schedule = self.state.schedule
        if not self._over():
            self.query_one(KeyBar).offer(*self.RUNNING)
        elif schedule is not None and schedule.plan.floating:
            self.query_one(KeyBar).offer(("n", "New run"), *UNDO)
        else:
            self.query_one(KeyBar).offer(*UNDO)

    def refresh_view(self) -> None:
        state = self.state
        if state.schedule is None:
            return
        schedule = state.schedule
        today = state.today()
        items, makeup = state.items()
        week = schedule.week_of(today)
        phase = schedule.phase_of(week) if week else None
        required = [item for item in items if item.task.required and item.status != "skipped"]
        excused = sum(1 for item in items if item.task.required and item.status == "skipped")
        done = sum(1 for item in required if item.status == "done")
        streak = state.streak().current
        override = schedule.week_override(week) if week else None
        self.query_one(TodayHeader).show(
            schedule.plan.name,
            schedule.plan_week(week) if week else None,
            schedule.plan.weeks,
            phase.name if phase else None,
            today,
            streak,
            done,
            len(required),
            schedule.is_rest_day(today),
            excused,
            override.note if override else None,
        )
        banner = not items or schedule.is_rest_day(today) or week is None
        self._line("rest", self._banner(schedule, today) if banner else None)
        self.call_after_refresh(self._show_nudge)  # after the frame: the first one carries only what it shows
        rows = [Row(item, False) for item in items] + [Row(item, True) for item in makeup]
        self.query_one(ItemList).show(rows, of=today)
        self.query_one("#items-scroll").display = bool(rows)  # no table of headings over nothing
        self._show_errors()
        self._show_entry()
        self._offer_keys()

    def _show_nudge(self) -> None:
        """Never miss twice, and a week done at less than half: one line each, with the keys that help."""
        from cadence.views.today import comeback_line, lead, nudges

        state = self.state
        assert state.schedule is not None
        schedule, today = state.schedule, state.today()
        lines = []
        found = None
        if schedule.contains(today):
            keys = "press w to do week {week} again before moving on, or > for the other ways to catch up."
            ledger = state.shown_ledger or state.recent_ledger()
            lines = nudges(schedule, ledger, today, keys)
            found = lead(schedule, ledger, today)
        self._line("nudge", Text("\n".join(lines), style="bold yellow") if lines else None)
        self._line("comeback", Text(comeback_line(found), style="bold cyan") if found is not None else None)

    def _banner(self, schedule: Schedule, today: date) -> Text:
        if today > schedule.end:
            from cadence.views.report import finish_report

            state = self.state
            report = finish_report(schedule, state.full_ledger(), today, state.run)
            text = Text(report.splitlines()[0] + "\n", style="bold")
            text.append("\n".join(report.splitlines()[1:-1]) + "\n\n")
            if schedule.plan.floating:
                text.append("Press n to begin it again next Monday, in a new run; ", style="bold")
            text.append("'cadence use FILE' switches to your next plan.", style="bold")
            return text
        if schedule.is_shifted(today):
            resume = next((day for day in schedule.days() if day > today and not schedule.is_shifted(day)), today)
            return Text(f"Shifted: a free day. The plan resumes on {resume:%a %d %b}.", style="bold")
        if today < schedule.start:
            return Text(f"{schedule.plan.name} starts on {schedule.start:%a %d %b %Y}.", style="bold")
        if schedule.is_rest_day(today):
            word = "Holiday" if today in schedule.plan.holidays else "Rest day"
            return Text(f"{word}. Rest is part of the plan: recovery is where the habit settles.", style="bold green")
        return Text("Nothing is due today.", style="bold")

    def _show_errors(self) -> None:
        error = self.state.error
        if error is None:
            self._line("plan-errors", None)
            return
        lines = Text("The plan file has errors; cadence keeps the last valid plan:\n", style="bold red")
        lines.append("\n".join(str(d) for d in error.errors))
        self._line("plan-errors", lines)

    def _show_entry(self) -> None:
        shown = Text(f"amount: {self.entry}   enter sets it, escape clears", style="bold")
        self._line("entry", shown if self.entry else None)

    # ----------------------------------------------------------------- keys

    def highlighted(self) -> Row | None:
        """The row the keys act on."""
        return self.query_one(ItemList).highlighted()

    _row = highlighted

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and (event.character.isdigit() or (event.character == "." and self.entry)):
            self.entry += event.character
            self._show_entry()
            event.stop()
        elif event.key == "backspace" and self.entry:
            self.entry = self.entry[:-1]
            self._show_entry()
            event.stop()

    def on_item_list_selected(self, event: ItemList.Selected) -> None:
        event.stop()
        self.action_check_in()

    def action_check_in(self) -> None:
        """Enter or space: the rest of the target, or the amount typed before it."""
        row = self._row()
        if row is None:
            return
        item = row.item
        if self.entry:
            try:
                wanted = float(self.entry)
            except ValueError:
                wanted = item.done
            self.entry = ""
            self._show_entry()
            self.post_message(self.CheckedIn(item.task.id, item.occurrence.day, wanted, "set"))
            return
        self.post_message(self.CheckedIn(item.task.id, item.occurrence.day, item.occurrence.target, "complete"))

    def action_adjust(self, step: int) -> None:
        row = self._row()
        if row is None:
            return
        self.post_message(self.CheckedIn(row.item.task.id, row.item.occurrence.day, float(step), "add"))

    def action_clear_entry(self) -> None:
        self.entry = ""
        self._show_entry()

    def action_skip(self) -> None:
        row = self._row()
        if row is not None:
            ask_skip(self, row.item.task.id, row.item.task.title, row.item.occurrence.day)

    def action_results(self) -> None:
        row = self._row()
        if row is not None:
            ask_results(self, row.item.task.id, row.item.occurrence.day)

    def action_note(self) -> None:
        if self.state.schedule is not None and self.state.today() > self.state.schedule.end:
            self.action_restart()  # the plan is over: n begins it again
            return
        row = self._row()
        if row is not None:
            ask_note(self, row.item.task.id, row.item.occurrence.day)

    def action_day(self) -> None:
        """Yesterday in detail, to correct it (left and right go on to other days)."""
        from cadence.tui.screens.day import DayScreen

        if self.state.schedule is not None:
            self.app.push_screen(DayScreen(self.state.today() - timedelta(days=1)))

    def action_undo(self) -> None:
        self.post_message(self.UndoRequested())

    def action_redo(self) -> None:
        self.post_message(self.RedoRequested())

    def action_life(self) -> None:
        from cadence.tui.screens.happened import LifeScreen

        if self.state.schedule is None:
            return

        def chosen(decision: Decision | None) -> None:
            if decision is not None:
                self.post_message(self.LifeHappened(decision))

        self.app.push_screen(LifeScreen(), chosen)

    def action_repeat_week(self) -> None:
        from cadence.record.happened import week_words
        from cadence.tui.screens.repeat import RepeatScreen

        state = self.state
        schedule = state.schedule
        week = week_to_repeat(schedule, state.today()) if schedule is not None else None
        if schedule is None or week is None:
            self.notify("Today is in no week of the plan: nothing to repeat.", markup=False)
            return
        again = schedule.last_pass(week)
        question = (
            f"Do {week_words(schedule, again)} again, from {schedule.week_end(again) + timedelta(days=1):%a %d %b}?"
            f" Everything after it moves 7 days later. (cadence repeat-week --week {week})"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(self.RepeatRequested())

        self.app.push_screen(RepeatScreen(question), answered)

    def action_restart(self) -> None:
        from cadence.tui.screens.confirm import ConfirmScreen
        from cadence.tui.screens.start import next_monday

        state = self.state
        schedule = state.schedule
        if schedule is None or state.today() <= schedule.end:
            return
        if not schedule.plan.floating:
            self.notify("The plan file fixes its days: edit its start, or 'cadence use' another plan.", markup=False)
            return
        day = next_monday(state.today())
        question = (
            f"Begin {schedule.plan.name} again on {day:%a %d %b}, in a new run? This run and its record stay"
            " ('cadence runs')."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(self.RestartRequested(day))

        self.app.push_screen(ConfirmScreen(question, "begin the new run"), answered)
