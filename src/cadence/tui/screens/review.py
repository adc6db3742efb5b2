"""Review: adherence per week, the heatmap, results per task and channel, goals, what to drop."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from cadence.core.comeback import comebacks
from cadence.core.goals import weekly_levels
from cadence.core.review import ChannelReview, TaskReview, review
from cadence.core.status import Ledger
from cadence.core.streaks import streak_unit, task_streak
from cadence.core.units import quantity
from cadence.errors import CadenceError
from cadence.tui.screens.base import StateScreen
from cadence.tui.widgets.charts import adherence_bars, goal_bar, heatmap
from cadence.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from cadence.plan.revise import Drafted

VERDICTS = {
    "working": "working",
    "weak": "weak",
    "no_results": "no results",
    "too_early": "too early",
    "untracked": "untracked",
}
"""Short words: the table fits 80 columns."""


def _cell(text: str) -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis")


def _results(results: dict[str, float]) -> Text:
    return _cell(", ".join(f"{metric} {amount:g}" for metric, amount in results.items()) or "-")


def _rates(t: TaskReview) -> Text:
    """Each count metric's rate, in the order of the results: per hour, or per occurrence without a duration."""
    said = []
    for metric, amount in t.results.items():
        if amount <= 0:
            continue
        per_hour, each = t.per_hour.get(metric), t.per_occurrence.get(metric)
        said.append(f"{per_hour:.1f}/h" if per_hour is not None else f"{each:.1f}/ea" if each is not None else "-")
    return _cell(", ".join(said) or "-")


def _channel_rates(c: ChannelReview) -> Text:
    """Per hour for each metric the channel brought, in the order of its results."""
    rates = [c.per_hour.get(metric) for metric, amount in c.results.items() if amount > 0]
    return _cell(", ".join("-" if value is None else f"{value:.1f}/h" for value in rates) or "-")


FIXED = (("Done", 12), ("Rate", 10), ("Streak", 9), ("Verdict", 10))
"""The columns that keep their width; Task and Results share what is left, Channel shows from 110 columns."""
PADDING = 2
"""A DataTable cell's padding, both sides."""


def task_columns(width: int) -> list[tuple[str, int]]:
    """The tasks table's columns in `width`: every column fits, titles get the room that is left."""
    channel = width >= 110
    room = width - 4 - PADDING * (len(FIXED) + 2 + channel) - sum(size for _, size in FIXED) - 9 * channel
    title = max(12, room * 11 // 20)
    results = max(8, room - title)
    shown = [("Task", title), *([("Channel", 9)] if channel else []), FIXED[0], ("Results", results), *FIXED[1:]]
    return shown


class ReviewScreen(StateScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "adapt", "Adapt")]

    class RevisionChosen(Message):
        """Proposals of `adapt` accepted (the declined ones left out): to be written as one revision."""

        def __init__(self, accepted: list[str], declined: list[str], seen: str) -> None:
            super().__init__()
            self.accepted = accepted
            self.declined = declined
            self.seen = seen

    def action_adapt(self) -> None:
        from cadence.tui.screens.proposals import Choice, ProposalsScreen

        state = self.state
        if state.schedule is None:
            return

        def propose(declined: Collection[str]) -> tuple[list[Drafted], str]:
            drafted, _, text = state.proposals(declined)
            return drafted, text

        try:
            screen = ProposalsScreen(propose, state.source.shown)
        except CadenceError as error:
            self.notify(str(error), severity="error", markup=False)
            return

        def chosen(choice: Choice | None) -> None:
            if choice is None:
                return
            if not choice.accepted:
                self.notify("Nothing written: no proposal was accepted.", markup=False)
                return
            self.post_message(self.RevisionChosen(choice.accepted, choice.declined, choice.seen))

        self.app.push_screen(screen, chosen)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="review-title", markup=False)
            yield Static(id="adherence", markup=False)
            yield Static(id="heatmap", markup=False)
            yield Static(Text("Tasks", style="bold"))
            yield DataTable(id="tasks", cursor_type="row")
            yield Static(Text("Channels", style="bold"))
            yield DataTable(id="channels", cursor_type="row")
            yield Static(Text("Goals", style="bold"))
            yield Static(id="goals", markup=False)
            yield Static(id="notes", markup=False)
            yield Static(id="learned", markup=False)
            yield Static(id="flagged", markup=False)
        yield KeyBar(("a", "Adapt"), here="v")

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_view()  # the columns take the width there is

    def refresh_view(self) -> None:
        state = self.state
        if state.schedule is None:
            return
        schedule, today = state.schedule, state.today()
        ledger = state.full_ledger()
        found = review(schedule, ledger, today)
        title = Text(f"Review of {schedule.plan.name}", style="bold")
        adherence = "-" if found.adherence is None else f"{round(found.adherence * 100)}%"
        title.append(f" · as of {today:%a %d %b %Y} · adherence {adherence}")
        title.append(f" · comebacks {comebacks(schedule, ledger, today)}")
        self.query_one("#review-title", Static).update(title)
        self.query_one("#adherence", Static).update(adherence_bars(found.weeks))
        self.query_one("#heatmap", Static).update(heatmap(schedule, ledger, today))
        tasks = self.query_one("#tasks", DataTable)
        tasks.clear(columns=True)
        columns = task_columns(self.size.width or 80)
        for label, width in columns:
            tasks.add_column(label, width=width)
        for t in found.tasks:
            verdict_style = {"working": "green", "weak": "yellow", "no_results": "red"}.get(t.verdict, "grey50")
            streak = task_streak(schedule, t.task, ledger, today).current
            cells = {
                "Task": _cell(t.task.title),
                "Channel": _cell(t.task.channel or "-"),
                "Done": _cell(quantity(t.activity, t.task.unit)),
                "Results": _results({metric: amount for metric, amount in t.results.items() if amount > 0}),
                "Rate": _rates(t),
                "Streak": _cell(quantity(streak, streak_unit(schedule.plan, t.task))),
                "Verdict": Text(VERDICTS[t.verdict], style=verdict_style),
            }
            tasks.add_row(*(cells[label] for label, _ in columns))
        if found.unattributed:  # results logged without a task: they count for goals only
            cells = {label: _cell("-") for label, _ in columns}
            cells["Task"] = _cell("(no task)")
            cells["Results"] = _results(found.unattributed)
            cells["Verdict"] = Text("for goals", style="grey50")
            tasks.add_row(*(cells[label] for label, _ in columns))
        channels = self.query_one("#channels", DataTable)
        channels.clear(columns=True)
        channels.add_columns("Channel", "Done", "Results", "Rate")
        for c in found.channels:
            shown = {metric: amount for metric, amount in c.results.items() if amount > 0}
            channels.add_row(Text(c.channel), Text(str(c.activity)), _results(shown), _channel_rates(c))
        goals = Text()
        for goal in found.goals:
            levels = weekly_levels(schedule, goal, today) if goal.kind == "level" else None
            goals.append_text(goal_bar(goal, levels=levels))
        self.query_one("#goals", Static).update(goals or Text("No goals in this plan.", style="grey50"))
        dropping = [t.task.title for t in found.tasks if t.verdict == "no_results"]
        flagged = Text()
        if dropping:
            flagged.append("No results for three weeks of work: ", style="bold red")
            flagged.append(", ".join(dropping))
            flagged.append(". Consider dropping or changing them.")
        weak = [t.task.title for t in found.tasks if t.verdict == "weak"]
        if weak:
            flagged.append("\nWeak beside the best on the same results: ", style="bold yellow")
            flagged.append(", ".join(weak))
            flagged.append(".")
        self.query_one("#flagged", Static).update(flagged)
        notes = Text()
        if found.notes:
            notes.append("Notes\n", style="bold")
            titles = {task.id: task.title for task in schedule.plan.tasks}
            for note in found.notes:
                notes.append(f"{note.day:%a %d %b}  ", style="grey50")
                notes.append(f"{titles.get(note.task, note.task)}: ", style="bold")
                notes.append(f"{note.text}\n")
        self.query_one("#notes", Static).update(notes)
        self.query_one("#learned", Static).update(self._learned(ledger))

    def _learned(self, ledger: Ledger) -> Text:
        """Each task's automaticity, and the days the plan was revised."""
        from cadence.core.automaticity import automaticity
        from cadence.store.learning import answers, revisions
        from cadence.views.progress import automaticity_lines

        state = self.state
        assert state.schedule is not None
        found = automaticity(state.schedule, ledger, answers(state.store, state.run))
        text = Text()
        lines = automaticity_lines(state.schedule, found, state.today())
        if lines:
            text.append("Automaticity", style="bold")
            text.append(" (1-7, from the weekly question; days from the first done)\n", style="grey50")
            text.append("\n".join(line.strip() for line in lines) + "\n")
        for revision in revisions(state.store, state.run):
            text.append(f"Plan revised on {revision.day:%a %d %b}: ", style="bold")
            text.append(", ".join(revision.applied) + "\n")
        return text
