"""Small words every surface uses alike: a day as "Wed 2026-12-02", "1 day" and "2 days", a JSON number.
(Text made safe to print is `cadence.printable`'s.)"""

from __future__ import annotations

from datetime import date
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
