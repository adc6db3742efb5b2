"""The TOML boundary: read a plan file, check every rule of SPEC §1, say where each problem is.

`SCHEMA` below is the one place that says what a plan may contain. Checking
runs in two passes: each key's value is converted on its own (types, ranges,
formats), then the rules that tie keys together (weeks inside the plan, unique
ids, a target list as long as the plan). Every problem is collected with the
key path it concerns; positions are looked up only when there is something to
report. A plan with any error is never returned.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from pathlib import Path as FilePath
from typing import Any, Literal, NamedTuple

from cadence.core.calendar import Schedule, resolve_start
from cadence.core.lint import lint
from cadence.core.model import (
    ALL_DAYS,
    WEEKDAYS,
    Goal,
    Notify,
    Phase,
    Plan,
    Ramp,
    Target,
    Task,
    WeekOverride,
)
from cadence.tomlspan import Path, locate

MAX_WEEKS = 104
Severity = Literal["error", "warning"]


# --------------------------------------------------------------------------- problems


class Problem(NamedTuple):
    """Something wrong with the value (or the key) at a path of the document."""

    path: Path
    message: str
    severity: Severity = "error"
    at: Literal["key", "value"] = "value"


class Diagnostic(NamedTuple):
    """A problem with its place in the file, printed as compilers print them."""

    file: str
    line: int | None
    col: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.severity}: {self.message}"


class PlanError(Exception):
    """The plan cannot be used; `diagnostics` holds every problem found, warnings too."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(str(diagnostics[0]) if diagnostics else "invalid plan")
        self.diagnostics = diagnostics

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


class LoadedPlan(NamedTuple):
    plan: Plan
    warnings: list[Diagnostic]
    source: str


class Bad(Exception):
    """A value that does not fit; `sub` is the path inside the value to point at."""

    def __init__(self, message: str, sub: Path = ()) -> None:
        super().__init__(message)
        self.message = message
        self.sub = sub


def suggest(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the closest choice, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'the string "{value}"'
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time {value.isoformat()}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


# --------------------------------------------------------------------------- value kinds


class Context(NamedTuple):
    """What a value's check may need to know about the rest of the plan."""

    weeks: int | None


class Kind:
    """How one key's value is checked and converted; `expected` completes "must be ..."."""

    expected = "a value"

    def convert(self, value: Any, ctx: Context) -> Any:
        raise NotImplementedError

    def wrong(self, value: Any) -> Bad:
        return Bad(f"must be {self.expected}, not {_describe(value)}")

    def json_schema(self) -> dict[str, Any]:
        """The same rule as a JSON Schema, for editors (taplo); the checks here may be stricter."""
        raise NotImplementedError


class Text(Kind):
    expected = "a non-empty string"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "\\S"}

    def convert(self, value: Any, ctx: Context) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.wrong(value)
        return value


ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


class Ident(Kind):
    expected = 'an id of lower-case letters, digits, "_" and "-", like "comment"'

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}

    def convert(self, value: Any, ctx: Context) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise self.wrong(value)
        return value


class Integer(Kind):
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


class Volume(Kind):
    expected = "a number greater than 0 and at most 10, like 0.6"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "number", "exclusiveMinimum": 0, "maximum": 10}

    def convert(self, value: Any, ctx: Context) -> Fraction:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.wrong(value)
        if not 0 < value <= 10:
            raise self.wrong(value)
        return Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)


class Boolean(Kind):
    expected = "true or false"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def convert(self, value: Any, ctx: Context) -> bool:
        if not isinstance(value, bool):
            raise self.wrong(value)
        return value


DATE_SCHEMA: dict[str, Any] = {"type": "string", "format": "date"}
"""A TOML local date, as taplo sees it."""


class Day(Kind):
    expected = "a date like 2026-11-23"

    def json_schema(self) -> dict[str, Any]:
        return dict(DATE_SCHEMA)

    def convert(self, value: Any, ctx: Context) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}\Z", value):
            raise Bad(f"must be a TOML date, written without quotes: {value}")
        raise self.wrong(value)


class Days(Kind):
    expected = "an array of dates like [2026-12-25]"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": dict(DATE_SCHEMA)}

    def convert(self, value: Any, ctx: Context) -> frozenset[date]:
        if not isinstance(value, list):
            raise self.wrong(value)
        found = set()
        for index, item in enumerate(value):
            try:
                found.add(Day().convert(item, ctx))
            except Bad as bad:
                raise Bad(f"item {index + 1} {bad.message}", (index,)) from None
        return frozenset(found)


CLOCK_PATTERN = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)\Z")


class Clock(Kind):
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


class Duration(Kind):
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


class Weekdays(Kind):
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
            raise Bad(f"unknown value '{value}'{hint}" if hint else f"must be {self.expected}, not {_describe(value)}")
        if not isinstance(value, list) or (self.presets and not value):
            raise self.wrong(value)
        found: set[int] = set()
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise Bad(f'item {index + 1} must be a weekday name like "mon", not {_describe(item)}', (index,))
            name = item.lower()
            if name not in WEEKDAYS:
                hint = suggest(name[:3], WEEKDAYS) or suggest(name, WEEKDAYS)
                raise Bad(f"unknown weekday '{item}'" + (hint or f"; weekdays are {', '.join(WEEKDAYS)}"), (index,))
            if WEEKDAYS.index(name) in found:
                raise Bad(f"weekday '{item}' is listed twice", (index,))
            found.add(WEEKDAYS.index(name))
        return frozenset(found)


WEEK_RANGE = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?\Z")


class Weeks(Kind):
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
            sub: Path = () if single else (index,)
            if isinstance(item, bool) or not isinstance(item, int):
                raise Bad(f"item {index + 1} must be a week number, not {_describe(item)}", sub)
            self._inside(item, ctx, sub)
            found.add(item)
        return frozenset(found)

    @staticmethod
    def _inside(week: int, ctx: Context, sub: Path) -> None:
        high = ctx.weeks if ctx.weeks is not None else MAX_WEEKS
        if not 1 <= week <= high:
            if ctx.weeks is not None:
                raise Bad(f"week {week} is outside the plan's weeks 1-{ctx.weeks}", sub)
            raise Bad(f"week {week} is outside 1-{MAX_WEEKS}", sub)


class TextList(Kind):
    def __init__(self, item: Kind) -> None:
        self.item = item
        self.expected = f"an array of {item.expected.removeprefix('a ').removeprefix('an ')}s"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema(), "uniqueItems": True}

    def convert(self, value: Any, ctx: Context) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Bad(f"must be an array, not {_describe(value)}")
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


class Timezone(Kind):
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


class TargetKind(Kind):
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
                    f"item {index + 1} must be an integer of at least 0 (0: not due that week), not {_describe(item)}",
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
                raise Bad(f"'{key}' of the ramp must be an integer of at least 1, not {_describe(item)}", (key,))
        return Ramp(value["start"], value["peak"])


GOAL_WEEK = re.compile(r"week\s+(\d+)\Z")


class GoalBy(Kind):
    expected = 'a date like 2027-02-14 or "week N"'

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "pattern": "^week\\s+[0-9]+$"}, dict(DATE_SCHEMA)]}

    def convert(self, value: Any, ctx: Context) -> date | int:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and (match := GOAL_WEEK.match(value.strip())):
            week = int(match[1])
            Weeks._inside(week, ctx, ())
            return week
        raise self.wrong(value)


class Checkpoints(Kind):
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
                raise Bad(f"checkpoint of week {key} must be an integer of at least 0, not {_describe(amount)}", (key,))
            points.append((int(key), amount))
        points.sort()
        for (week_a, a), (week_b, b) in pairwise(points):
            if b < a:
                raise Bad(
                    f"checkpoint of week {week_b} ({b}) is below that of week {week_a} ({a}); checkpoints are cumulative",
                    (str(week_b),),
                )
        return tuple(points)


# --------------------------------------------------------------------------- the schema


class Key(NamedTuple):
    kind: Kind
    required: bool = False
    doc: str = ""


class Table(NamedTuple):
    """A table of the plan file; `many` for arrays of tables ([[task]])."""

    keys: Mapping[str, Key]
    many: bool
    doc: str = ""
    required: bool = False
    title_key: str | None = None
    exclusive: tuple[tuple[str, str], ...] = ()
    """Pairs of keys that may not be given together (checked in `_check_rules`)."""


def _note() -> Key:
    return Key(Text(), doc="free text, shown with the item")


_TASK_COMMON: dict[str, Key] = {
    "id": Key(Ident(), required=True, doc="unique among tasks and blocks"),
    "title": Key(Text(), required=True),
    "channel": Key(Text(), doc="free text, used to group results"),
    "days": Key(Weekdays(presets=True), doc='"daily" (default), "weekdays", "weekends" or a list of weekdays'),
    "weeks": Key(Weeks(), doc="the weeks it is due; default: all"),
    "at": Key(Clock(), doc="reminder time"),
    "duration": Key(Duration()),
    "results": Key(TextList(Ident()), doc="metrics this is expected to produce"),
    "required": Key(Boolean(), doc="optional ones never break a streak; default true"),
    "note": _note(),
}

SCHEMA: Mapping[str, Table] = {
    "plan": Table(
        required=True,
        many=False,
        doc="the plan as a whole",
        keys={
            "name": Key(Text(), required=True),
            "start": Key(Day(), doc="first day of week 1"),
            "finish": Key(Day(), doc="last day of the last week"),
            "weeks": Key(Integer(1, MAX_WEEKS), required=True),
            "timezone": Key(Timezone(), doc="default: the system's local zone"),
            "day_starts": Key(Clock(), doc='a check-in before this time counts for the previous day; default "00:00"'),
            "rest_days": Key(Weekdays(presets=False), doc="recovery days: no required work"),
            "holidays": Key(Days(), doc="extra rest days"),
            "makeup_days": Key(Integer(0, 7), doc="a missed task may be made up this many days later; default 1"),
            "note": _note(),
        },
        exclusive=(("start", "finish"),),
    ),
    "notify": Table(
        many=False,
        doc="desktop notifications",
        keys={
            "morning": Key(Clock(), doc="summary of the day"),
            "evening": Key(Clock(), doc="nudge if required work is left"),
            "snooze": Key(Duration(), doc='default "10m"'),
            "grace": Key(
                Duration(allow_zero=True), doc='a reminder missed by less than this still fires, late; default "1h"'
            ),
            "note": _note(),
        },
    ),
    "phase": Table(
        many=True,
        title_key="name",
        doc="names an arc of the plan",
        keys={
            "name": Key(Text(), required=True),
            "weeks": Key(Weeks(), required=True),
            "volume": Key(Volume(), doc="multiplies every target in these weeks; default 1.0"),
            "note": _note(),
        },
    ),
    "week": Table(
        many=True,
        title_key="number",
        doc="a per-week override, e.g. a deload week",
        keys={
            "number": Key(Integer(1, MAX_WEEKS), required=True),
            "volume": Key(Volume()),
            "note": _note(),
        },
    ),
    "task": Table(
        many=True,
        title_key="id",
        doc="daily or weekly work",
        keys={
            **_TASK_COMMON,
            "per_week": Key(Integer(1, 7), doc="instead of days: due N times in the week, on any days"),
            "unit": Key(Text(), doc='default "times"'),
            "target": Key(TargetKind()),
            "peak_week": Key(Integer(1, MAX_WEEKS), doc="with a ramp target: the week it reaches peak"),
            "on_rest_days": Key(Boolean(), doc="also due on rest days; default false"),
        },
        exclusive=(("days", "per_week"),),
    ),
    "block": Table(
        many=True,
        title_key="id",
        doc="blocked time: a task with a fixed window, target 1",
        keys={
            **_TASK_COMMON,
            "at": Key(Clock(), required=True, doc="start of the window"),
            "duration": Key(Duration(), required=True),
        },
    ),
    "goal": Table(
        many=True,
        title_key="id",
        doc="a result to reach by a date",
        keys={
            "id": Key(Ident(), required=True),
            "title": Key(Text(), required=True),
            "metric": Key(Ident(), required=True, doc="sums the results logged under this metric"),
            "target": Key(Integer(1), required=True),
            "by": Key(GoalBy(), required=True, doc='"week N" (its last day) or a date'),
            "checkpoints": Key(Checkpoints(), doc="week -> cumulative value"),
            "note": _note(),
        },
    ),
}


SCHEMA_FILE = FilePath(__file__).parent / "plans" / "plan.schema.json"
"""The schema as shipped, for editors; a test keeps it equal to `json_schema()`."""


def json_schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, Any]:
    """The plan format as a JSON Schema, from SCHEMA itself: what editors check as a person types."""

    def table(name: str, spec: Table) -> dict[str, Any]:
        found: dict[str, Any] = {
            "type": "object",
            "description": spec.doc,
            "properties": {
                key: {**rule.kind.json_schema(), **({"description": rule.doc} if rule.doc else {})}
                for key, rule in spec.keys.items()
            },
            "additionalProperties": False,
        }
        required = [key for key, rule in spec.keys.items() if rule.required]
        if required:
            found["required"] = required
        if spec.exclusive:
            found["allOf"] = [{"not": {"required": list(pair)}} for pair in spec.exclusive]
        if "peak_week" in spec.keys:
            found["dependencies"] = {
                "peak_week": {"required": ["target"], "properties": {"target": {"type": "object"}}}
            }
        return {"type": "array", "items": found} if spec.many else found

    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cadence plan",
        "description": "A progressive plan for cadence: weeks, phases, tasks, blocks and goals.",
        "type": "object",
        "properties": {name: table(name, spec) for name, spec in SCHEMA.items()},
        "required": [name for name, spec in SCHEMA.items() if spec.required],
        "additionalProperties": False,
    }


# --------------------------------------------------------------------------- checking


class _Checker:
    """Collects problems while turning a parsed document into a Plan."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def error(self, path: Path, message: str, at: Literal["key", "value"] = "value") -> None:
        self.problems.append(Problem(path, message, "error", at))

    def where(self, name: str, index: int | None, raw: Mapping[str, Any]) -> str:
        if index is None:
            return f"[{name}]"
        table = SCHEMA[name]
        title = raw.get(table.title_key) if table.title_key else None
        if isinstance(title, str | int) and not isinstance(title, bool):
            return f"[[{name}]] '{title}'" if isinstance(title, str) else f"[[{name}]] {title}"
        return f"[[{name}]] #{index + 1}"

    def tables(self) -> dict[str, list[tuple[Path, dict[str, Any]]]]:
        """The top-level tables, each as (path, raw table); unknown ones reported."""
        found: dict[str, list[tuple[Path, dict[str, Any]]]] = {name: [] for name in SCHEMA}
        for name, value in self.doc.items():
            table = SCHEMA.get(name)
            if table is None:
                kind = "table" if isinstance(value, dict | list) else "key"
                hint = suggest(name, SCHEMA) or f"; a plan has the tables {', '.join(_header(n) for n in SCHEMA)}"
                self.error((name,), f"unknown {kind} '{name}'{hint}", "key")
                continue
            if table.many:
                if isinstance(value, dict):
                    self.error((name,), f"'{name}' must be an array of tables: write [[{name}]]", "key")
                elif not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
                    self.error((name,), f"'{name}' must be written as [[{name}]] tables", "key")
                else:
                    found[name] = [((name, index), item) for index, item in enumerate(value)]
            elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
                self.error((name, 0), f"'{name}' must be a single table: write [{name}], not [[{name}]]", "key")
            elif not isinstance(value, dict):
                self.error((name,), f"'{name}' must be a table: write [{name}] on a line of its own", "key")
            else:
                found[name] = [((name,), value)]
        for name, table in SCHEMA.items():
            if table.required and name not in self.doc:
                self.error(
                    (), f"the plan has no [{name}] table; it needs at least [{name}] with 'name' and 'weeks'", "key"
                )
        return found

    def convert(self, name: str, path: Path, raw: dict[str, Any], ctx: Context) -> dict[str, Any]:
        """Each key of one table that could be converted; the others are reported."""
        table = SCHEMA[name]
        index = path[1] if len(path) > 1 and isinstance(path[1], int) else None
        where = self.where(name, index, raw)
        values: dict[str, Any] = {}
        for key, value in raw.items():
            spec = table.keys.get(key)
            if spec is None:
                hint = suggest(key, table.keys)
                if not hint and name == "block" and key in SCHEMA["task"].keys:
                    hint = f"; '{key}' is for [[task]] only (a block is done once, in its window)"
                self.error((*path, key), f"unknown key '{key}' in {where}{hint}", "key")
                continue
            try:
                values[key] = spec.kind.convert(value, ctx)
            except Bad as bad:
                joint = " " if bad.message.startswith(PREDICATES) else ": "
                self.error((*path, key, *bad.sub), f"'{key}' in {where}{joint}{bad.message}")
        for key, spec in table.keys.items():
            if spec.required and key not in raw:
                self.error(path, f"{where} is missing the required key '{key}'", "key")
        return values

    def exclusive(self, name: str, path: Path, raw: dict[str, Any]) -> None:
        """Keys that may not be given together (SCHEMA's `exclusive`)."""
        index = path[1] if len(path) > 1 and isinstance(path[1], int) else None
        for first, second in SCHEMA[name].exclusive:
            if first in raw and second in raw:
                where = self.where(name, index, raw)
                self.error((*path, second), f"{where} has both '{first}' and '{second}'; give one of them", "key")


PREDICATES = ("must ", "lists ", "is ", "item ")
"""How a Bad message that reads on from "'key' in [table]" begins."""


def _header(name: str) -> str:
    return f"[[{name}]]" if SCHEMA[name].many else f"[{name}]"


def _check(doc: dict[str, Any]) -> tuple[Plan | None, list[Problem], dict[str, Path]]:
    """The plan, or None, with every problem; and the path of each task and block by id."""
    checker = _Checker(doc)
    tables = checker.tables()
    ctx = Context(weeks=None)
    plan_values: dict[str, Any] | None = None
    if tables["plan"]:
        plan_path, raw_plan = tables["plan"][0]
        weeks_raw = raw_plan.get("weeks")
        if isinstance(weeks_raw, int) and not isinstance(weeks_raw, bool) and 1 <= weeks_raw <= MAX_WEEKS:
            ctx = Context(weeks=weeks_raw)
        plan_values = checker.convert("plan", plan_path, raw_plan, ctx)
        checker.exclusive("plan", plan_path, raw_plan)

    converted: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    for name in ("notify", "phase", "week", "task", "block", "goal"):
        converted[name] = []
        for path, raw in tables[name]:
            # A table with a bad key still takes part in the cross-key rules with
            # what could be read, so one run reports as much as it can.
            converted[name].append((path, checker.convert(name, path, raw, ctx)))
            checker.exclusive(name, path, raw)

    ids: dict[str, Path] = {}
    _check_rules(checker, converted, ids, ctx)
    if checker.problems or plan_values is None:
        return None, checker.problems, ids

    notify_values = converted["notify"][0][1] if converted["notify"] else {}
    plan = Plan(
        name=plan_values["name"],
        weeks=plan_values["weeks"],
        start=plan_values.get("start"),
        finish=plan_values.get("finish"),
        timezone=plan_values.get("timezone"),
        day_starts=plan_values.get("day_starts", time(0, 0)),
        rest_days=plan_values.get("rest_days", frozenset()),
        holidays=plan_values.get("holidays", frozenset()),
        makeup_days=plan_values.get("makeup_days", 1),
        notify=Notify(
            morning=notify_values.get("morning"),
            evening=notify_values.get("evening"),
            snooze_min=notify_values.get("snooze", 10),
            grace_min=notify_values.get("grace", 60),
        ),
        phases=tuple(
            Phase(v["name"], v["weeks"], v.get("volume", Fraction(1)), v.get("note")) for _, v in converted["phase"]
        ),
        week_overrides=tuple(
            WeekOverride(v["number"], v.get("volume", Fraction(1)), v.get("note")) for _, v in converted["week"]
        ),
        tasks=tuple(_task(kind, v) for kind in ("task", "block") for _, v in converted[kind]),
        goals=tuple(
            Goal(v["id"], v["title"], v["metric"], v["target"], v["by"], v.get("checkpoints", ()), v.get("note"))
            for _, v in converted["goal"]
        ),
        note=plan_values.get("note"),
    )
    return plan, [], ids


def _task(kind: Literal["task", "block"], v: dict[str, Any]) -> Task:
    target = v.get("target", 1)
    if isinstance(target, Ramp):
        target = Ramp(target.start, target.peak, v.get("peak_week"))
    return Task(
        id=v["id"],
        kind=kind,
        title=v["title"],
        days=v.get("days", ALL_DAYS),
        per_week=v.get("per_week"),
        weeks=v.get("weeks"),
        at=v.get("at"),
        duration_min=v.get("duration"),
        unit=v.get("unit", "times" if kind == "task" else "session"),
        target=target,
        results=v.get("results", ()),
        required=v.get("required", True),
        on_rest_days=v.get("on_rest_days", False),
        channel=v.get("channel"),
        note=v.get("note"),
    )


def _check_rules(
    checker: _Checker,
    converted: dict[str, list[tuple[Path, dict[str, Any]]]],
    ids: dict[str, Path],
    ctx: Context,
) -> None:
    """The rules that tie keys together."""
    seen_weeks: dict[int, str] = {}
    for path, phase in converted["phase"]:
        for week in sorted(phase.get("weeks", ())):
            if week in seen_weeks:
                where = checker.where("phase", int(path[1]), phase)
                checker.error(
                    (*path, "weeks"), f"'weeks' in {where}: week {week} is already in phase '{seen_weeks[week]}'"
                )
                break
        for week in phase.get("weeks", ()):
            seen_weeks.setdefault(week, phase.get("name", "?"))

    numbers: set[int] = set()
    for path, week in converted["week"]:
        number = week.get("number")
        if number is None:
            continue
        if ctx.weeks is not None and number > ctx.weeks:
            checker.error(
                (*path, "number"),
                f"'number' in [[week]] {number}: week {number} is outside the plan's weeks 1-{ctx.weeks}",
            )
        elif number in numbers:
            checker.error((*path, "number"), f"week {number} has a second [[week]] table; merge them into one")
        numbers.add(number)

    for kind in ("task", "block"):
        for path, task in converted[kind]:
            task_id = task.get("id")
            if task_id is not None:
                if task_id in ids:
                    first = ids[task_id]
                    checker.error(
                        (*path, "id"),
                        f"duplicate id '{task_id}': [[{first[0]}]] #{int(first[1]) + 1} already uses it; ids are unique among tasks and blocks",
                    )
                else:
                    ids[task_id] = path
            where = f"[[{kind}]] '{task_id}'" if task_id else f"[[{kind}]] #{int(path[1]) + 1}"
            if "peak_week" in task:
                if not isinstance(task.get("target"), Ramp):
                    checker.error(
                        (*path, "peak_week"),
                        f"'peak_week' in {where} only goes with a ramp target, like target = {{ start = 3, peak = 10 }}",
                        "key",
                    )
                elif ctx.weeks is not None and task["peak_week"] > ctx.weeks:
                    checker.error(
                        (*path, "peak_week"),
                        f"'peak_week' in {where}: week {task['peak_week']} is outside the plan's weeks 1-{ctx.weeks}",
                    )

    goal_ids: dict[str, Path] = {}
    for path, goal in converted["goal"]:
        goal_id = goal.get("id")
        if goal_id is None:
            continue
        if goal_id in goal_ids:
            checker.error(
                (*path, "id"),
                f"duplicate goal id '{goal_id}': [[goal]] #{int(goal_ids[goal_id][1]) + 1} already uses it",
            )
        goal_ids.setdefault(goal_id, path)
        top = max((value for _, value in goal.get("checkpoints", ())), default=0)
        if "target" in goal and top > goal["target"]:
            checker.error(
                (*path, "checkpoints"),
                f"a checkpoint of [[goal]] '{goal_id}' ({top}) is above its target ({goal['target']})",
            )


# --------------------------------------------------------------------------- reading


def _position(problem: Problem, spans: Mapping[Path, Any]) -> tuple[int, int]:
    path = problem.path
    while path and path not in spans:
        path = path[:-1]
    if not path:
        return 1, 1
    span = spans[path]
    if problem.at == "key" or path != problem.path:
        return span.key_line, span.key_col
    return span.value_line, span.value_col


def _syntax_error(filename: str, error: tomllib.TOMLDecodeError) -> Diagnostic:
    message = str(error)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        message = message[: match.start()]
        line, col = int(match[1]), int(match[2])
    else:
        match = re.search(r"\s*\(at end of document\)$", message)
        line, col = None, None
        if match:
            message = message[: match.start()]
    message = message[:1].lower() + message[1:]
    if message == "illegal character '\\n'":
        message = 'a string is not closed on its line (use """ for text over several lines)'
    return Diagnostic(filename, line, col, "error", f"TOML syntax: {message}")


def check_text(text: str, filename: str, warnings: bool = True) -> tuple[Plan | None, list[Diagnostic]]:
    """Every problem of a plan's text, in file order; the plan when it has no error.

    Warnings are only looked for when asked: they never change whether a plan
    can be used, and commands other than `plan check` do not print them.
    """
    if not text.strip():
        return None, [
            Diagnostic(filename, 1, 1, "error", f"the plan is empty; write one with 'cadence plan new {filename}'")
        ]
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        diagnostic = _syntax_error(filename, error)
        if diagnostic.line is None:
            lines = text.splitlines() or [""]
            diagnostic = Diagnostic(filename, len(lines), len(lines[-1]) + 1, "error", diagnostic.message)
        return None, [diagnostic]
    plan, problems, ids = _check(doc)
    if plan is not None and warnings:
        # A floating plan is pinned to any Monday: the warnings do not depend on the day.
        schedule = Schedule(plan, resolve_start(plan, date(2026, 1, 5)))
        problems = [Problem((*ids[f.task.id], f.key), f.message, "warning") for f in lint(schedule)]
    if not problems:
        return plan, []
    spans = locate(text)
    diagnostics = [Diagnostic(filename, *_position(p, spans), p.severity, p.message) for p in problems]
    diagnostics.sort(key=lambda d: (d.line or 0, d.col or 0))
    return plan, diagnostics


def read_text(path: FilePath, shown: str | None = None) -> str:
    """A plan file's text, or PlanError with one diagnostic saying why it cannot be read."""
    name = shown or str(path)

    def fail(message: str, line: int | None = None, col: int | None = None) -> PlanError:
        return PlanError([Diagnostic(name, line, col, "error", message)])

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such plan file; create one with 'cadence plan new FILE'") from None
    except IsADirectoryError:
        raise fail("is a directory, not a plan file") from None
    except PermissionError:
        raise fail("cannot read the plan file: permission denied") from None
    except OSError as error:
        raise fail(f"cannot read the plan file: {error.strerror or error}") from None
    if b"\x00" in data:
        raise fail("is a binary file, not a TOML plan")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise fail("is not UTF-8 text; save the plan as UTF-8", line, col) from None


def load_plan(path: FilePath, shown: str | None = None, warnings: bool = False) -> LoadedPlan:
    """A usable plan (with its warnings when asked), or PlanError with every problem."""
    text = read_text(path, shown)
    plan, diagnostics = check_text(text, shown or str(path), warnings)
    if plan is None:
        raise PlanError(diagnostics)
    return LoadedPlan(plan, diagnostics, text)
