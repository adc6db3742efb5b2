"""a on Review: what `cadence adapt` proposes, one proposal at a time, accepted or declined; then one revision.

Each proposal shows its rule and figures over its diff of the plan file. A
declined one is left out and the rest are proposed again without it (a later
rule is worked out on the plan the earlier ones leave); once every proposal is
answered, the accepted ones are written as one revision, which `u` on Today
undoes. Escape leaves without writing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import ClassVar, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from cadence.plan.revise import Drafted
from cadence.tui.screens.dialog import Dialog


class Choice(NamedTuple):
    accepted: list[str]
    declined: list[str]
    seen: str
    """The plan file's text the proposals were shown for: nothing is written over another."""


def hunk_text(drafted: Drafted, name: str) -> Text:
    """A proposal's diff, its added lines green and its removed lines red."""
    text = Text()
    for hunk in drafted.hunks(name):
        for line in hunk.splitlines():
            if line.startswith(("---", "+++")):
                continue
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else "grey50"
            style = "bold cyan" if line.startswith("@@") else style
            text.append(line + "\n", style=style)
    return text


class ProposalsScreen(Dialog[Choice | None]):
    """Dismisses with the proposals accepted and declined (by key), or None: nothing written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "decide(True)", "Accept"),
        Binding("n", "decide(False)", "Decline"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, propose: Callable[[Collection[str]], tuple[list[Drafted], str]], file: str) -> None:
        """`propose(declined)`: the proposals now, without the declined, and the file's text they are for."""
        super().__init__()
        self.propose = propose
        self.name_shown = Path(file).name
        self.drafted, seen = propose(())
        self.choice = Choice([], [], seen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog adapt"):
            yield Static(self._head(), id="proposal-head", markup=False)
            with VerticalScroll(id="proposal-diff"):  # the arrow keys scroll a long diff; the keys stay in view
                yield Static(self._diff(), id="proposal", markup=False)
            yield Static(self._keys(), id="proposal-keys", markup=False)

    def _current(self) -> Drafted | None:
        index = len(self.choice.accepted)
        return self.drafted[index] if index < len(self.drafted) else None

    def _head(self) -> Text:
        current = self._current()
        if current is None:
            return Text("Nothing to propose: no rule calls for a change from the weeks closed so far.")
        shown = len(self.choice.accepted) + len(self.choice.declined) + 1
        more = len(self.drafted) - len(self.choice.accepted) - 1
        after = "the last" if more == 0 else f"{more} more after it"
        text = Text()
        text.append(f"Proposal {shown} ({after}) for {self.name_shown}\n", style="bold")
        text.append(f"rule {current.proposal.rule}: {current.proposal.why}", style="italic")
        return text

    def _diff(self) -> Text:
        current = self._current()
        return hunk_text(current, self.name_shown) if current is not None else Text()

    def _keys(self) -> Text:
        text = Text()
        if self._current() is None:
            text.append(" escape ", style="bold reverse")
            text.append(" close")
            return text
        text.append(" y ", style="bold reverse")
        text.append(" accept    ")
        text.append(" n ", style="bold reverse")
        text.append(" decline    ")
        text.append(" escape ", style="bold reverse")
        text.append(" cancel: nothing is written\n")
        text.append("Accepted ones are written together; u on Today undoes them.", style="grey50")
        return text

    def action_decide(self, accept: bool) -> None:
        current = self._current()
        if current is None:
            self.dismiss(None)
            return
        if accept:
            self.choice.accepted.append(current.proposal.key)
        else:
            self.choice.declined.append(current.proposal.key)
            self.drafted = self.propose(self.choice.declined)[0]  # the rest, without it
        if self._current() is None:
            self.dismiss(self.choice)
            return
        self.query_one("#proposal-head", Static).update(self._head())
        self.query_one("#proposal", Static).update(self._diff())
        self.query_one("#proposal-diff", VerticalScroll).scroll_home(animate=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
