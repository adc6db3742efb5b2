"""One CSV line, quoted so that every reader gives each field back exactly.

The `csv` module quotes a field only for the characters of its line
terminator: with "\n" a lone carriage return in a note goes out bare, and a
reader takes it for the end of the row. Here a field is quoted when it holds a
comma, a quote, a carriage return or a line break; a quote inside doubles.
"""

from __future__ import annotations

from collections.abc import Iterable

SPECIAL = frozenset(',"\r\n')


def field(value: object) -> str:
    """A value as CSV writes it: None empty, a float as repr() writes it (so it reads back the same)."""
    text = "" if value is None else repr(value) if isinstance(value, float) else str(value)
    if SPECIAL.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def line(values: Iterable[object]) -> str:
    return ",".join(field(value) for value in values) + "\n"
