"""A form for the results an item brought: its task's metrics, any other as metric=N (or metric@N, a reading),
and the day they came (results arrive late: `cadence log ... --date D`).

A metric the run does not know is refused with a "did you mean", as on the command line; enter again with
the same words starts it on purpose (`--new-metric`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from cadence.errors import CadenceError, UserError
from cadence.record import writes as record
from cadence.record.metrics import check_forms, unknown_metric
from cadence.record.writes import Entry, ResultForm
from cadence.tui.screens.dialog import Dialog
from cadence.tui.widgets.fields import Field
from cadence.wording import day_from_words

FORM = ResultForm("metric=N or metric@N", "leads=1 or followers@372")
"""How the dialog's "other results" field spells a result, for its messages."""


def parse_results(fields: dict[str, str], other: str) -> list[Entry] | str:
    """The results entered (each metric's field, then the other words), or one line saying what is wrong."""
    words = [f"{metric}={value.strip()}" for metric, value in fields.items() if value.strip()]
    try:
        return record.parse_results([*words, *other.split()], FORM)
    except CadenceError as error:
        return str(error)


class ResultsScreen(Dialog["ResultsScreen.Answer | None"]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    class Answer(NamedTuple):
        results: list[Entry]
        day: date
        new_metric: bool

    def __init__(
        self,
        title: str,
        metrics: tuple[str, ...],
        day: date,
        today: date,
        known: Mapping[str, str | None] | None = None,
    ) -> None:
        """`day`: the day the results are for, until the form says another; `known`: the run's metrics."""
        super().__init__()
        self.task_title = title
        self.metrics = metrics
        self.today = today
        self.day = day
        self.known = known
        self.warned: set[str] = set()
        """Metrics the run did not know that the person was told of: enter again starts them."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog results"):
            heading = Text("What came of ", style="bold")
            heading.append(self.task_title)
            yield Static(heading, id="results-title")
            for metric in self.metrics:  # one row each, so the form and its line fit 24 rows
                with Horizontal(classes="field"):
                    yield Static(Text(metric), classes="label")
                    yield Field(placeholder="0", id=f"metric-{metric}", type="number", compact=True)
            with Horizontal(classes="field"):
                yield Static(Text("other results"), classes="label")
                yield Field(placeholder="metric=N  metric@N ...  (enter logs everything)", id="other", compact=True)
            with Horizontal(classes="field"):
                yield Static(Text("on the day"), classes="label")
                shown = "today" if self.day == self.today else self.day.isoformat()
                yield Field(value=shown, placeholder="today, yesterday, -3, mon or 2026-12-01", id="day", compact=True)
            yield Static(id="problem", markup=False)

    def _problem(self, said: str) -> None:
        self.query_one("#problem", Static).update(Text(said, style="bold red"))

    def on_mount(self) -> None:
        self.set_focus(self.query(Input).first())  # before the first frame: the first key typed is the form's

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fields = {metric: self.query_one(f"#metric-{metric}", Input).value for metric in self.metrics}
        parsed = parse_results(fields, self.query_one("#other", Input).value)
        if isinstance(parsed, str):
            self._problem(parsed)
            return
        words = self.query_one("#day", Input).value
        try:
            day = day_from_words(words or "today", self.today)
        except (ValueError, OverflowError):
            self._problem(f"the day must be like today, yesterday, -3, mon or 2026-12-01, not '{words}'")
            return
        new = {entry.metric for entry in parsed if self.known is not None and entry.metric not in self.known}
        if self.known is not None and new - self.warned:
            self.warned |= new
            refusal = unknown_metric(parsed, self.known, "(enter again starts a new one)")
            assert refusal is not None
            self._problem(refusal)
            return
        try:  # a count logged as a reading, or a level as a count: said here, with what was typed kept
            check_forms(parsed, {metric: kind for metric, kind in (self.known or {}).items() if kind})
        except UserError as error:
            self._problem(str(error))
            return
        self.dismiss(self.Answer(parsed, day, bool(new)))

    def action_cancel(self) -> None:
        self.dismiss(None)
