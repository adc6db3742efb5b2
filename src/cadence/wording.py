"""Small words every surface uses alike: a day as "Wed 2026-12-02", "1 day" and "2 days", a JSON number.
(Text made safe to print is `cadence.printable`'s.)"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from cadence.core.model import Task


def long_day(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def plural(count: float, word: str) -> str:
    return f"{count:g} {word}" if count == 1 else f"{count:g} {word}s"


def number(value: float | Fraction) -> int | float:
    """A JSON number: integral values without a fraction part."""
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 4)


def clock(task: Task) -> str | None:
    """A task's time as "08:30", or None."""
    return task.at.strftime("%H:%M") if task.at else None


WEEKDAY_WORDS = (
    ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
)
DAYS_AGO = r"-(\d{1,4})\Z"
"""Compiled (and cached by `re`) only when a day is read from words, never when a command starts."""


def day_from_words(text: str, today: date) -> date:
    """A day as a person says it where records are dated (the command line's --date, the TUI's forms):
    `today`, `yesterday`, `-N` (N days ago), a weekday name (`mon` or `monday`: the most recent one, today
    included) or a date like 2026-12-01. ValueError (or OverflowError, past year 1) when it is none."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    import re  # only for a day read from words: the read path compiles no pattern

    if match := re.match(DAYS_AGO, word):
        return today - timedelta(days=int(match[1]))
    for names in WEEKDAY_WORDS:
        if word in names:
            return today - timedelta(days=(today.weekday() - names.index(word)) % 7)
    return date.fromisoformat(word)
