"""Each state's symbol and colour, the same on every screen: Today, the Plan grid, the day view, the heatmap.

A state is told by its word (the status, as the command line prints it), its
symbol and its colour, so it reads without colour too (`NO_COLOR`, or a person
who does not tell red from green). Where an amount was asked, the colour is its
compliance, as training platforms colour a workout: green at 80% of the target
or more, yellow from 50%, red below; a state with nothing to measure has a
colour of its own.
"""

from __future__ import annotations

from rich.text import Text

from cadence.core.symbols import SYMBOLS as SYMBOLS  # chosen in the core, for the phone page too

STYLES = {
    "done": "green",
    "partial": "yellow",
    "missed": "red",
    "skipped": "grey50",
    "open": "",
    "rest": "cyan",
    "untracked": "grey50",
    "shifted": "grey50",
}
"""The colour of a state where no amount says otherwise."""

COMPLIANCE = {"green": "green", "yellow": "yellow", "red": "red", "grey": "grey50"}

LEGEND = ("done", "partial", "missed", "skipped", "open", "rest", "untracked")


class Colour:
    """Whether states are coloured. Under NO_COLOR Textual turns colours into greys by their brightness, which
    leaves red nearly black on a dark screen: there the states keep the terminal's own colour, and their symbols
    tell them apart. Set by the app when it starts."""

    on = True


def use_colour(on: bool) -> None:
    Colour.on = on


def compliance_of(value: float | None) -> str:
    """The compliance colour of min(amount/target, 1), or of a day's adherence."""
    if value is None:
        return "grey"
    if value >= 0.8:
        return "green"
    if value >= 0.5:
        return "yellow"
    return "red"


def style_of(state: str, value: float | None = None) -> str:
    """A state's colour: by its amount for the states that have one, else its own (none under NO_COLOR)."""
    if not Colour.on:
        return ""
    if value is not None and state in ("done", "partial", "missed"):
        if state == "missed":  # short of its targets: never green, however much of them was done
            value = min(value, 0.5)
        return COMPLIANCE[compliance_of(value)]
    return STYLES.get(state, "")


def symbol(state: str | None) -> str:
    return SYMBOLS.get(state or "", " ")


def mark(state: str | None, value: float | None = None) -> Text:
    """The symbol alone, coloured."""
    return Text(symbol(state), style=style_of(state or "", value))


def word(state: str, value: float | None = None) -> Text:
    """The symbol and the word: "✓ done"."""
    return Text(f"{symbol(state)} {state}", style=style_of(state, value))


def legend(states: tuple[str, ...] = LEGEND) -> Text:
    """ "✓ done  ◐ partial  ..." in each state's colour: what the symbols of a screen mean."""
    text = Text()
    for index, state in enumerate(states):
        if index:
            text.append("  ")
        text.append_text(word(state))
    return text
