"""`>` Life happened: for today, yesterday or a range, the four ways to live with it, each saying first what
it changes and which command does the same (`cadence.record.happened`).

t, y and r choose the days (r asks for a range, in the words of `--date`: a date, yesterday, -3, mon; enter
goes from the first day to the last, and from there shows the ways);
1 to 4 take a way: 1 asks the reason of the excuse, 3 (a rotation of the weekly rhythm) asks before it is
taken. A way that cannot be taken for these days says why instead.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from cadence.record.happened import WAYS, Choice, Span, Way
from cadence.tui.screens.dialog import Dialog
from cadence.tui.widgets.fields import Field
from cadence.wording import day_from_words

if TYPE_CHECKING:
    from cadence.tui.state import State


class Decision(NamedTuple):
    way: Way
    span: Span
    reason: str | None = None


class LifeScreen(Dialog[Decision | None]):
    """Dismisses with the way taken for the days chosen, or None when closed."""

    AUTO_FOCUS = ""
    """No field has the keys until one is asked for (r, or 1): 1 to 4 take a way, never type into a field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("t", "days('today')", "Today"),
        Binding("y", "days('yesterday')", "Yesterday"),
        Binding("r", "days('range')", "A range"),
        *(Binding(str(number), f"take({number})", way) for number, way in enumerate(WAYS, start=1)),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.span: Span | None = None
        self.choices: list[Choice] = []
        self.asking: str | None = None
        """The field being filled in: "range" or "reason" (None: the keys take choices)."""
        self.decided: Decision | None = None
        """A way the person said yes to in the question on top of this dialog."""

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.decided is not None:
            self.dismiss(self.decided)

    @property
    def state(self) -> State:
        return self.app.state  # type: ignore[attr-defined, no-any-return]  # CadenceApp's

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog life"):
            yield Static(id="life-days", markup=False)
            with Horizontal(id="life-range", classes="field"):
                yield Static(Text("from"), classes="label")
                yield Field(placeholder="first day", id="life-from", compact=True)
                yield Static(Text("to"), classes="label")
                yield Field(placeholder="last day (none: the first)", id="life-to", compact=True)
            with Horizontal(id="life-reason", classes="field"):
                yield Static(Text("reason"), classes="label")
                yield Field(
                    placeholder="sick, travel, vacation ... (enter excuses the days)", id="reason", compact=True
                )
            yield Static(id="problem", markup=False)  # above the ways: a small screen never cuts it off
            yield Static(id="life-choices", markup=False)

    def on_mount(self) -> None:
        today = self.state.today()
        self._show(self.state.span(today, today))

    def _show(self, span: Span) -> None:
        self.span = span
        self.choices = self.state.life_choices(span)
        self.asking = None
        self.query_one("#life-range").display = False
        self.query_one("#life-reason").display = False
        self.set_focus(None)
        heading = Text("Life happened: ", style="bold")
        heading.append(span.words(), style="bold")
        heading.append(f" ({span.days} day{'s' if span.days != 1 else ''})\n")
        for key, words in (("t", "today"), ("y", "yesterday"), ("r", "a range")):
            heading.append(f" {key} ", style="bold reverse")
            heading.append(f" {words}  ")
        self.query_one("#life-days", Static).update(heading)
        ways = Table.grid(padding=(0, 1))  # a way's sentence wraps under itself, its key alone in the margin
        ways.add_column(no_wrap=True)
        ways.add_column()
        for number, choice in enumerate(self.choices, start=1):
            ways.add_row(
                Text(f" {number} ", style="bold reverse" if choice.possible else "reverse grey50"),
                Text(choice.says, style="" if choice.possible else "grey50"),
            )
            ways.add_row("", Text(choice.command, style="grey50"))
        self.query_one("#life-choices", Static).update(
            Group(ways, Text("1-4 takes a way · escape closes", style="grey50"))
        )
        self._hint("")

    def action_days(self, which: str) -> None:
        today = self.state.today()
        if which == "today":
            self._show(self.state.span(today, today))
        elif which == "yesterday":
            yesterday = today - timedelta(days=1)
            self._show(self.state.span(yesterday, yesterday))
        else:
            self.asking = "range"
            self.query_one("#life-range").display = True
            assert self.span is not None
            self.query_one("#life-from", Input).value = ""
            self.query_one("#life-to", Input).value = ""
            self.set_focus(self.query_one("#life-from", Input))  # now: the next key is the field's
            self._hint("the first day (a date, yesterday, -3, mon), then enter")

    def _hint(self, text: str, style: str = "bold") -> None:
        """One line over the ways: what to type now, or why a way cannot be taken; none when there is none."""
        line = self.query_one("#problem", Static)
        line.update(Text(text, style=style))
        line.display = bool(text)

    def action_take(self, number: int) -> None:
        choice = self.choices[number - 1]
        if not choice.possible:
            self.app.bell()
            self._hint(choice.says, "bold red")
            return
        assert self.span is not None
        if choice.way == "excuse":
            self.asking = "reason"
            self.query_one("#life-reason").display = True
            self.set_focus(self.query_one("#reason", Input))
            self._hint("why, then enter: the days are excused")
            return
        if choice.ask is not None:
            from cadence.tui.screens.confirm import ConfirmScreen

            span = self.span

            def answered(yes: bool | None) -> None:
                if yes:  # taken once the question is gone and this dialog is on top again (`on_screen_resume`)
                    self.decided = Decision(choice.way, span)

            self.app.push_screen(ConfirmScreen(choice.ask, "rotate the weekly rhythm"), answered)
            return
        self.dismiss(Decision(choice.way, self.span))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        assert self.span is not None
        if event.input.id == "reason":
            self.dismiss(Decision("excuse", self.span, event.value.strip() or None))
            return
        if event.input.id == "life-from":  # on to the last day; enter there shows the ways for the range
            self.set_focus(self.query_one("#life-to", Input))
            self._hint("the last day, then enter")
            return
        today = self.state.today()
        try:
            first = day_from_words(self.query_one("#life-from", Input).value, today)
            last = day_from_words(self.query_one("#life-to", Input).value or first.isoformat(), today)
        except (ValueError, OverflowError):
            self._hint("days like 2026-12-01, today, yesterday, -3 or mon", "bold red")
            return
        if last < first:
            first, last = last, first
        self._show(self.state.span(first, last))

    def action_close(self) -> None:
        if self.asking is not None:  # escape leaves the field, then the dialog
            self._show(self.span or self.state.span(date.min, date.min))
            return
        self.dismiss(None)
