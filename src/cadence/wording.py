"""Small words every surface uses alike: a day as "Wed 2026-12-02", "1 day" and "2 days"."""

from __future__ import annotations

from datetime import date


def long_day(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def plural(count: float, word: str) -> str:
    return f"{count:g} {word}" if count == 1 else f"{count:g} {word}s"
