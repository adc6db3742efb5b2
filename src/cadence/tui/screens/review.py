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
from textual.screen import Screen
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
from cadence.tui.widgets.fitting import Cell, Parts, Titled
from cadence.tui.widgets.keybar import KeyBar
from cadence.tui.widgets.said import SaidLine
from cadence.tui.widgets.tables import Column, Step, fill, lay_out, widths

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
TASK_LABELS = ("Task", "Channel", "Done", "Results", "Rate", "Streak", "Verdict")


def _results(results: dict[str, float]) -> Parts:
    return Parts(tuple(f"{metric} {amount:g}" for metric, amount in results.items()))


def _rates(t: TaskReview) -> Parts:
    """Each count metric's rate, in the order of the results: per hour, or per occurrence without a duration."""
    said = []
    for metric, amount in t.results.items():
        if amount <= 0:
            continue
        per_hour, each = t.per_hour.get(metric), t.per_occurrence.get(metric)
        said.append(f"{per_hour:.1f}/h" if per_hour is not None else f"{each:.1f}/ea" if each is not None else "-")
    return Parts(tuple(said))


def _channel_rates(c: ChannelReview) -> Parts:
    """Per hour for each metric the channel brought, in the order of its results."""
    rates = [c.per_hour.get(metric) for metric, amount in c.results.items() if amount > 0]
    return Parts(tuple("-" if value is None else f"{value:.1f}/h" for value in rates))


TASK_STEPS = (
    Step("Results", 14),
    Step("Task", "id"),
    Step("Results", "first"),
    Step("Rate", "first"),
    Step("Task", "prefix"),
)
"""Where the tasks table finds room when its columns do not all fit: long results first, then titles (each
led by its id once cut), then every list down to its first part, then ids down to what tells them apart."""
CHANNEL_STEPS = (Step("Results", "first"), Step("Rate", "first"))
MARGINS = 4
"""The tables' margins and the screen's scrollbar."""


class ReviewScreen(StateScreen, Screen[None]):
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
        yield SaidLine(id="said")
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
        room = (self.size.width or 80) - MARGINS
        tasks: dict[str, list[Cell]] = {label: [] for label in TASK_LABELS}
        for t in found.tasks:
            streak = task_streak(schedule, t.task, ledger, today).current
            verdict_style = {"working": "green", "weak": "yellow", "no_results": "red"}.get(t.verdict, "grey50")
            row: dict[str, Cell] = {
                "Task": Titled(t.task.id, Text(t.task.title)),
                "Channel": Text(t.task.channel or "-"),
                "Done": Text(quantity(t.activity, t.task.unit)),
                "Results": _results({metric: amount for metric, amount in t.results.items() if amount > 0}),
                "Rate": _rates(t),
                "Streak": Text(quantity(streak, streak_unit(schedule.plan, t.task))),
                "Verdict": Text(VERDICTS[t.verdict], style=verdict_style),
            }
            for label in TASK_LABELS:
                tasks[label].append(row[label])
        if found.unattributed:  # results logged without a task: they count for goals only
            for label in TASK_LABELS:
                tasks[label].append(Text("-"))
            tasks["Task"][-1] = Text("(no task)")
            tasks["Results"][-1] = _results(found.unattributed)
            tasks["Verdict"][-1] = Text("for goals", style="grey50")
        columns, sizes = lay_out([Column(label, tasks[label]) for label in TASK_LABELS], room, TASK_STEPS, "Channel")
        fill(self.query_one("#tasks", DataTable), columns, sizes)
        channels = [
            Column("Channel", [Text(c.channel) for c in found.channels]),
            Column("Done", [Text(str(c.activity)) for c in found.channels]),
            Column("Results", [_results({m: a for m, a in c.results.items() if a > 0}) for c in found.channels]),
            Column("Rate", [_channel_rates(c) for c in found.channels]),
        ]
        fill(self.query_one("#channels", DataTable), channels, widths(channels, room, CHANNEL_STEPS))
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
