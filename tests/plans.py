"""Plans for the tests, written from keyword values: one table per call, joined by `plan`.

    plan(
        plan_table("Morning plan", rest_days=["sun"]),
        task("comment", "Comments", days="weekdays", at="08:30", unit="comments", target=3, **LINKEDIN),
    )

Each builder writes its table's header, then its keys in a fixed order: the
named parameters first, then the other keywords in the order given; a key whose
value is None is left out. Values are written as TOML: strings quoted and
escaped, dates bare, bools as true/false, lists, and mappings as inline tables
(`target={"start": 4, "peak": 10}` is `target = { start = 4, peak = 10 }`).
Tables are separated by one blank line, so a plan reads like a hand-written one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TypeAlias

Value: TypeAlias = "str | bool | int | float | date | Sequence[Value] | Mapping[str | int, Value]"
Keys: TypeAlias = "Mapping[str, Value | None]"

START = date(2026, 11, 23)
"""A Monday: the start of most test plans (the fixed clock is in its week 2)."""

LINKEDIN: Keys = {"results": ["replies", "connections"], "channel": "linkedin"}
"""The usual comment task's results and channel."""

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def string(text: str) -> str:
    """A TOML basic string: quoted, with backslashes, quotes and control characters escaped."""
    escaped = "".join(
        _ESCAPES.get(char) or (f"\\u{ord(char):04X}" if ord(char) < 0x20 or ord(char) == 0x7F else char)
        for char in text
    )
    return f'"{escaped}"'


def key(name: str | int) -> str:
    text = str(name)
    return text if _BARE_KEY.fullmatch(text) else string(text)


def value(item: Value) -> str:
    """`item` written as a TOML value."""
    if isinstance(item, str):
        return string(item)
    if isinstance(item, bool):  # before int: a bool is an int
        return "true" if item else "false"
    if isinstance(item, int | float):
        return repr(item)
    if isinstance(item, date):
        return item.isoformat()
    if isinstance(item, Mapping):
        pairs = ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items())
        return f"{{ {pairs} }}" if pairs else "{}"
    return "[" + ", ".join(value(v) for v in item) + "]"


def table(header: str, keys: Keys) -> str:
    """`header` (like "[plan]" or "[[task]]") and a `key = value` line for each key that is not None."""
    lines = [header, *(f"{key(name)} = {value(item)}" for name, item in keys.items() if item is not None)]
    return "\n".join(lines) + "\n"


def plan(*tables: str) -> str:
    """The plan file's text: the tables in order, a blank line between them."""
    return "\n".join(text if text.endswith("\n") else text + "\n" for text in tables)


def plan_table(
    name: str,
    start: date | None = START,
    weeks: int | None = 4,
    timezone: str | None = "Europe/London",
    **more: Value | None,
) -> str:
    """[plan]; pass start=None or timezone=None for a plan without them."""
    return table("[plan]", {"name": name, "start": start, "weeks": weeks, "timezone": timezone, **more})


def notify(**keys: Value | None) -> str:
    return table("[notify]", keys)


def phase(name: str, **keys: Value | None) -> str:
    return table("[[phase]]", {"name": name, **keys})


def week(number: int, **keys: Value | None) -> str:
    return table("[[week]]", {"number": number, **keys})


def task(id: str, title: str, **keys: Value | None) -> str:
    return table("[[task]]", {"id": id, "title": title, **keys})


def block(id: str, title: str, **keys: Value | None) -> str:
    return table("[[block]]", {"id": id, "title": title, **keys})


def goal(id: str, title: str, **keys: Value | None) -> str:
    return table("[[goal]]", {"id": id, "title": title, **keys})


CALENDAR_PLAN = plan(
    plan_table(
        "Calendar plan",
        start=date(2026, 11, 30),
        weeks=1,
        timezone="Europe/Berlin",
        rest_days=["sun"],
        holidays=[date(2026, 12, 2)],
    ),
    task(
        "comment",
        "Comments",
        days="daily",
        at="08:30",
        duration="20m",
        target=3,
        unit="comments",
        on_rest_days=True,
    ),
    task("untimed", "No time"),
    block("article", "Article", days=["sat"], at="09:00", duration="2h", note="The long run", channel="blog"),
)
"""A week of Berlin time with a holiday on Wednesday, a task on rest days, an untimed task and a Saturday block."""
