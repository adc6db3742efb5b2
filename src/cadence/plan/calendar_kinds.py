"""Value kinds of the calendar: which days, which weeks, how much, and by when."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from cadence.core.model import ALL_DAYS, WEEKDAYS, Ramp, Target
from cadence.plan.diagnostics import Bad, describe, suggest
from cadence.plan.kinds import DATE_SCHEMA, MAX_WEEKS, Context, LocalDate, ValueKind
from cadence.plan.spans import KeyPath


class Weekdays(ValueKind):
    """A list of weekday names, or (for tasks) one of the words daily, weekdays, weekends."""

    PRESETS: Mapping[str, frozenset[int]] = {
        "daily": ALL_DAYS,
        "weekdays": frozenset(range(5)),
        "weekends": frozenset({5, 6}),
    }

    def __init__(self, presets: bool) -> None:
        self.presets = presets
        names = '["mon", "wed", ...]'
        self.expected = (
            f'"daily", "weekdays", "weekends" or a list of weekdays like {names}'
            if presets
            else f"a list of weekdays like {names}"
        )

    def json_schema(self) -> dict[str, Any]:
        names = {"type": "array", "items": {"enum": list(WEEKDAYS)}, "uniqueItems": True}
        if not self.presets:
            return names
        return {"anyOf": [{"enum": list(self.PRESETS)}, {**names, "minItems": 1}]}

    def convert(self, value: Any, ctx: Context) -> frozenset[int]:
        if self.presets and isinstance(value, str):
            if value in self.PRESETS:
                return self.PRESETS[value]
            if value in WEEKDAYS:
                raise Bad(f'must be a list: write ["{value}"]')
            hint = suggest(value, self.PRESETS)
            raise Bad(f"unknown value '{value}'{hint}" if hint else f"must be {self.expected}, not {describe(value)}")
        if not isinstance(value, list) or (self.presets and not value):
            raise self.wrong(value)
        found: set[int] = set()
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Bad(f'item {index + 1} must be a weekday name like "mon", not {describe(item)}', (index,))
            name = item.lower()
            if name not in WEEKDAYS:
                hint = suggest(name[:3], WEEKDAYS) or suggest(name, WEEKDAYS)
                raise Bad(f"unknown weekday '{item}'" + (hint or f"; weekdays are {', '.join(WEEKDAYS)}"), (index,))
            if WEEKDAYS.index(name) in found:
                raise Bad(f"weekday '{item}' is listed twice", (index,))
            found.add(WEEKDAYS.index(name))
        return frozenset(found)


WEEK_RANGE = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?\Z")


class Weeks(ValueKind):
    """Plan weeks as "N", "N-M" or a list of ints; checked against the plan's length."""

    expected = 'weeks as "N", "N-M" or a list of week numbers like [1, 3, 5]'

    def json_schema(self) -> dict[str, Any]:
        week = {"type": "integer", "minimum": 1, "maximum": MAX_WEEKS}
        return {
            "anyOf": [
                {"type": "string", "pattern": "^\\s*[0-9]+\\s*(-\\s*[0-9]+\\s*)?$"},
                week,
                {"type": "array", "items": week, "minItems": 1},
            ]
        }

    def convert(self, value: Any, ctx: Context) -> frozenset[int]:
        if isinstance(value, str):
            match = WEEK_RANGE.match(value)
            if not match:
                raise self.wrong(value)
            first = int(match[1])
            last = int(match[2]) if match[2] else first
            if last < first:
                raise Bad(f'"{value}" runs backwards; write "{last}-{first}"')
            self._inside(first, ctx, ())
            self._inside(last, ctx, ())
            return frozenset(range(first, last + 1))
        single = isinstance(value, int)
        if single:
            value = [value]
        if not isinstance(value, list) or not value:
            raise self.wrong(value)
        found: set[int] = set()
        for index, item in enumerate(value):
            sub: KeyPath = () if single else (index,)
            if isinstance(item, bool) or not isinstance(item, int):
                raise Bad(f"item {index + 1} must be a week number, not {describe(item)}", sub)
            self._inside(item, ctx, sub)
            found.add(item)
        return frozenset(found)

    @staticmethod
    def _inside(week: int, ctx: Context, sub: KeyPath) -> None:
        high = ctx.weeks if ctx.weeks is not None else MAX_WEEKS
        if not 1 <= week <= high:
            if ctx.weeks is not None:
                raise Bad(f"week {week} is outside the plan's weeks 1-{ctx.weeks}", sub)
            raise Bad(f"week {week} is outside 1-{MAX_WEEKS}", sub)


class TargetKind(ValueKind):
    expected = "an integer of at least 1, a list with one integer per plan week, or { start = N, peak = M }"

    def json_schema(self) -> dict[str, Any]:
        positive = {"type": "integer", "minimum": 1}
        return {
            "anyOf": [
                positive,
                {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 1, "maxItems": MAX_WEEKS},
                {
                    "type": "object",
                    "properties": {"start": positive, "peak": positive},
                    "required": ["start", "peak"],
                    "additionalProperties": False,
                },
            ]
        }

    def convert(self, value: Any, ctx: Context) -> Target:
        if isinstance(value, bool):
            raise self.wrong(value)
        if isinstance(value, int):
            if value < 1:
                raise Bad(f"must be at least 1, not {value}; leave a week out with 'weeks' instead")
            return value
        if isinstance(value, list):
            return self._per_week(value, ctx)
        if isinstance(value, dict):
            return self._ramp(value, ctx)
        raise self.wrong(value)

    @staticmethod
    def _per_week(value: list[Any], ctx: Context) -> tuple[int, ...]:
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, int) or item < 0:
                raise Bad(
                    f"item {index + 1} must be an integer of at least 0 (0: not due that week), not {describe(item)}",
                    (index,),
                )
        if ctx.weeks is not None and len(value) != ctx.weeks:
            raise Bad(f"lists {len(value)} weekly targets but the plan has {ctx.weeks} weeks")
        if not any(value):
            raise Bad("is 0 in every week; give at least one week a target")
        return tuple(value)

    @staticmethod
    def _ramp(value: dict[str, Any], ctx: Context) -> Ramp:
        for key in value:
            if key not in ("start", "peak"):
                hint = suggest(key, ("start", "peak")) or "; a ramp is { start = N, peak = M }"
                raise Bad(f"unknown key '{key}' in the ramp{hint}", (key,))
        for key in ("start", "peak"):
            if key not in value:
                raise Bad(f"the ramp needs '{key}': write {{ start = N, peak = M }}")
            item = value[key]
            if isinstance(item, bool) or not isinstance(item, int) or item < 1:
                raise Bad(f"'{key}' of the ramp must be an integer of at least 1, not {describe(item)}", (key,))
        return Ramp(value["start"], value["peak"])


GOAL_WEEK = re.compile(r"week\s+(\d+)\Z")


class GoalBy(ValueKind):
    expected = 'a date like 2027-02-14 or "week N"'

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "pattern": "^week\\s+[0-9]+$"}, dict(DATE_SCHEMA)]}

    def convert(self, value: Any, ctx: Context) -> date | int:
        if isinstance(value, date) and not isinstance(value, datetime):
            return LocalDate().convert(value, ctx)
        if isinstance(value, str) and (match := GOAL_WEEK.match(value.strip())):
            week = int(match[1])
            Weeks._inside(week, ctx, ())
            return week
        raise self.wrong(value)


class Checkpoints(ValueKind):
    expected = "a table of week = cumulative value, like { 4 = 10, 8 = 30 }"

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": "^[0-9]+$"},
            "additionalProperties": {"type": "integer", "minimum": 0},
        }

    def convert(self, value: Any, ctx: Context) -> tuple[tuple[int, int], ...]:
        if not isinstance(value, dict):
            raise self.wrong(value)
        points: list[tuple[int, int]] = []
        for key, amount in value.items():
            if not key.isdigit():
                raise Bad(f"checkpoint '{key}' must be a week number", (key,))
            Weeks._inside(int(key), ctx, (key,))
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                raise Bad(f"checkpoint of week {key} must be an integer of at least 0, not {describe(amount)}", (key,))
            points.append((int(key), amount))
        points.sort()
        for (week_a, a), (week_b, b) in pairwise(points):
            if b < a:
                raise Bad(
                    f"checkpoint of week {week_b} ({b}) is below that of week {week_a} ({a}); checkpoints are cumulative",
                    (str(week_b),),
                )
        return tuple(points)
