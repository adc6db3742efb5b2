"""Value kinds: how one key's value is checked, converted and described to editors.

Each kind converts a TOML value to what the model holds, or raises `Bad` with
a message that completes "'key' in [table] must be ...". `json_schema()` gives
the same rule to editors (taplo); the checks here may be stricter. The kinds of
the calendar (weekdays, weeks, targets, goal dates) are in `calendar_kinds`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from cadence.core.calendar import YEARS, within_years
from cadence.plan.diagnostics import Bad, describe, suggest
from cadence.printable import printable

MAX_WEEKS = 104


class Context(NamedTuple):
    """What a value's check may need to know about the rest of the plan."""

    weeks: int | None


class ValueKind:
    """How one key's value is checked and converted; `expected` completes "must be ..."."""

    expected = "a value"

    def convert(self, value: Any, ctx: Context) -> Any:
        raise NotImplementedError

    def wrong(self, value: Any) -> Bad:
        return Bad(f"must be {self.expected}, not {describe(value)}")

    def json_schema(self) -> dict[str, Any]:
        """The same rule as a JSON Schema, for editors (taplo); the checks here may be stricter."""
        raise NotImplementedError


class NonEmptyText(ValueKind):
    """Text as the person wrote it, less what `printable` drops (so it can be printed anywhere)."""

    expected = "a non-empty string"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "\\S"}

    def convert(self, value: Any, ctx: Context) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.wrong(value)
        cleaned = printable(value)
        if not cleaned.strip():
            raise self.wrong(value)
        return cleaned


ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


class Ident(ValueKind):
    expected = 'an id of lower-case letters, digits, "_" and "-", like "comment"'

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}

    def convert(self, value: Any, ctx: Context) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise self.wrong(value)
        return value


class Integer(ValueKind):
    def __init__(self, low: int, high: int | None = None) -> None:
        self.low, self.high = low, high
        self.expected = f"an integer from {low} to {high}" if high is not None else f"an integer of at least {low}"

    def convert(self, value: Any, ctx: Context) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong(value)
        if value < self.low or (self.high is not None and value > self.high):
            raise self.wrong(value)
        return value

    def json_schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {"type": "integer", "minimum": self.low}
        if self.high is not None:
            found["maximum"] = self.high
        return found


class Volume(ValueKind):
    expected = "a number greater than 0 and at most 10, like 0.6"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "number", "exclusiveMinimum": 0, "maximum": 10}

    def convert(self, value: Any, ctx: Context) -> Fraction:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.wrong(value)
        if not 0 < value <= 10:
            raise self.wrong(value)
        return Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)


class Boolean(ValueKind):
    expected = "true or false"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def convert(self, value: Any, ctx: Context) -> bool:
        if not isinstance(value, bool):
            raise self.wrong(value)
        return value


class Choice(ValueKind):
    """One of a few words."""

    def __init__(self, *words: str) -> None:
        self.words = words
        self.expected = " or ".join(f'"{word}"' for word in words)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.words)}

    def convert(self, value: Any, ctx: Context) -> str:
        if not isinstance(value, str) or value not in self.words:
            raise Bad(f"must be {self.expected}, not {describe(value)}{suggest(str(value), self.words)}")
        return value


DATE_SCHEMA: dict[str, Any] = {"type": "string", "format": "date"}
"""A TOML local date, as taplo sees it."""


class LocalDate(ValueKind):
    expected = "a date like 2026-11-23"

    def json_schema(self) -> dict[str, Any]:
        return dict(DATE_SCHEMA)

    def convert(self, value: Any, ctx: Context) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            if not within_years(value):
                raise Bad(f"must be a date in the years {YEARS[0]} to {YEARS[1]}, not {value}")
            return value
        if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}\Z", value):
            raise Bad(f"must be a TOML date, written without quotes: {value}")
        raise self.wrong(value)


class LocalDates(ValueKind):
    expected = "an array of dates like [2026-12-25]"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": dict(DATE_SCHEMA)}

    def convert(self, value: Any, ctx: Context) -> frozenset[date]:
        if not isinstance(value, list):
            raise self.wrong(value)
        found = set()
        for index, item in enumerate(value):
            try:
                found.add(LocalDate().convert(item, ctx))
            except Bad as bad:
                raise Bad(f"item {index + 1} {bad.message}", (index,)) from None
        return frozenset(found)


CLOCK_PATTERN = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)\Z")


class TimeOfDay(ValueKind):
    expected = 'a time of day like "08:30"'

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"}

    def convert(self, value: Any, ctx: Context) -> time:
        if isinstance(value, time):
            return value.replace(second=0, microsecond=0)
        if not isinstance(value, str) or not (match := CLOCK_PATTERN.match(value)):
            raise self.wrong(value)
        return time(int(match[1]), int(match[2]))


DURATION_PATTERN = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?\Z")


class Duration(ValueKind):
    def __init__(self, allow_zero: bool = False) -> None:
        self.allow_zero = allow_zero
        self.expected = 'a duration like "45m", "1h" or "1h30m"'

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^([0-9]+h[0-9]+m|[0-9]+h|[0-9]+m)$"}

    def convert(self, value: Any, ctx: Context) -> int:
        if not isinstance(value, str) or not value or not (match := DURATION_PATTERN.match(value)):
            raise self.wrong(value)
        minutes = int(match[1] or 0) * 60 + int(match[2] or 0)
        if minutes == 0 and not self.allow_zero:
            raise Bad(f'must be longer than zero, not "{value}"')
        return minutes


class TextList(ValueKind):
    def __init__(self, item: ValueKind) -> None:
        self.item = item
        self.expected = f"an array of {item.expected.removeprefix('a ').removeprefix('an ')}s"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema(), "uniqueItems": True}

    def convert(self, value: Any, ctx: Context) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Bad(f"must be an array, not {describe(value)}")
        items: list[str] = []
        for index, item in enumerate(value):
            try:
                converted = self.item.convert(item, ctx)
            except Bad as bad:
                raise Bad(f"item {index + 1} {bad.message}", (index,)) from None
            if converted in items:
                raise Bad(f"'{converted}' is listed twice", (index,))
            items.append(converted)
        return tuple(items)


class Timezone(ValueKind):
    expected = 'an IANA time zone name like "Europe/London"'

    def json_schema(self) -> dict[str, Any]:
        # A pattern, not the list of zones: that list is the machine's tz database,
        # and the shipped schema must be the same everywhere.
        return {"type": "string", "pattern": "^(UTC|[A-Z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)+)$"}

    def convert(self, value: Any, ctx: Context) -> str:
        if not isinstance(value, str) or not value:
            raise self.wrong(value)
        from zoneinfo import ZoneInfo, available_timezones

        try:
            ZoneInfo(value)
        except (ValueError, OSError, KeyError):
            raise Bad(f"unknown time zone '{value}'{suggest(value, available_timezones())}") from None
        return value
