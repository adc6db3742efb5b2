"""The bounds of what any door may write: a command, a key of the TUI, a notification's Done, the phone's page.

Each is checked here once, for every door, before the write path turns it into
an event: an amount is finite and at most a million, a level read off a
dashboard at most a billion, and a note or a reason no longer than a field an
export's CSV reads back (`store.events.MAX_TEXT`). A value past one is a
UserError naming it, and nothing is written.
"""

from __future__ import annotations

import math

from cadence.errors import UserError
from cadence.store.events import MAX_TEXT

MAX_AMOUNT = 1_000_000
"""More than a person records in a day: a larger number is a typo (and sums of huge ones overflow)."""


def positive(value: str, what: str) -> float:
    """A number a person typed that must be finite, above zero and at most MAX_AMOUNT."""
    try:
        amount = float(value)
    except ValueError:
        amount = math.nan
    if not math.isfinite(amount) or amount <= 0:
        raise UserError(f"{what} must be a number greater than 0, not '{value}'")
    if amount > MAX_AMOUNT:
        raise UserError(f"{what} must be at most {MAX_AMOUNT:,}, not '{value}'")
    return amount


def within(amount: float, what: str) -> float:
    """An amount from any door (a key, a notification, a caller) that is finite and at most MAX_AMOUNT."""
    if not math.isfinite(amount) or abs(amount) > MAX_AMOUNT:
        raise UserError(f"{what} must be at most {MAX_AMOUNT:,}, not {amount:.15g}")
    return amount


def text_within(text: str | None, what: str) -> str | None:
    """A note or a reason from any door, at most MAX_TEXT characters (None when empty)."""
    if text and len(text) > MAX_TEXT:
        raise UserError(
            f"{what} holds {len(text):,} characters; it may hold {MAX_TEXT:,} (128 KiB, what an export reads back)"
        )
    return text or None


MAX_READING = 1_000_000_000
"""A level read off a dashboard (followers) may be large, but not this large."""


def level_within(amount: float, what: str, typed: str | None = None) -> float:
    """A level read off a dashboard, from any door: finite, at least zero and at most MAX_READING.
    `typed`: the words as the person wrote them, for the message."""
    shown = f"{amount:.15g}" if typed is None else typed
    if not math.isfinite(amount):
        raise UserError(f"{what} must be a number, not '{shown}'")
    if amount < 0:
        raise UserError(f"{what} cannot be negative, not '{shown}'")
    if amount > MAX_READING:
        raise UserError(f"{what} must be at most {MAX_READING:,}, not '{shown}'")
    return amount


def reading_value(value: str, what: str) -> float:
    """A level a person typed (`followers@372`)."""
    try:
        amount = float(value)
    except ValueError:
        amount = math.nan
    return level_within(amount, what, value)
