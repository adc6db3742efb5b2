"""SCHEMA: the one place that says what a plan may contain, and each key's default.

The checker converts by it, the "did you mean" suggestions come from it, the
JSON Schema for editors (`json_schema()`, shipped as `plans/plan.schema.json`)
and the plan-format reference in the docs are generated from it. A default is
written as it would be in the plan file (`"10m"`, `1.0`, `[]`) and converted by
the key's kind like any value, so the model, the checker, the JSON Schema and
the docs all read the one default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from cadence.plan.calendar_kinds import Checkpoints, GoalBy, TargetKind, Weekdays, Weeks
from cadence.plan.kinds import (
    MAX_WEEKS,
    Boolean,
    Choice,
    Duration,
    Ident,
    Integer,
    LocalDate,
    LocalDates,
    NonEmptyText,
    TextList,
    TimeOfDay,
    Timezone,
    ValueKind,
    Volume,
)

BLOCK_UNIT = "session"
"""The unit of a block, which takes no `unit` key (a block is done once, in its window)."""


class Key(NamedTuple):
    kind: ValueKind
    required: bool = False
    doc: str = ""
    default: Any = None
    """As written in TOML; None: no default (the model holds None, or the key is required)."""
    default_doc: str = ""
    """Words for a default that is not a value, like the system's time zone."""


class Table(NamedTuple):
    """A table of the plan file; `many` for arrays of tables ([[task]])."""

    keys: Mapping[str, Key]
    many: bool
    doc: str = ""
    required: bool = False
    title_key: str | None = None
    exclusive: tuple[tuple[str, str], ...] = ()
    """Pairs of keys that may not be given together."""


def _note() -> Key:
    return Key(NonEmptyText(), doc="free text, shown with the item")


_TASK_COMMON: dict[str, Key] = {
    "id": Key(Ident(), required=True, doc="unique among tasks and blocks"),
    "title": Key(NonEmptyText(), required=True, doc="what to do, as every screen shows it"),
    "channel": Key(NonEmptyText(), doc="free text, used to group results"),
    "days": Key(Weekdays(presets=True), doc='"daily", "weekdays", "weekends" or a list of weekdays', default="daily"),
    "weeks": Key(Weeks(), doc="the weeks it is due", default_doc="every week of the plan"),
    "at": Key(TimeOfDay(), doc="reminder time"),
    "duration": Key(Duration(), doc="how long one occurrence takes: planned minutes, results per hour"),
    "results": Key(TextList(Ident()), doc="metrics this is expected to produce", default=[]),
    "required": Key(Boolean(), doc="optional ones never break a streak", default=True),
    "remind": Key(
        Choice("fade", "always"),
        doc='"fade": once it is automatic, reminded in the morning summary only; "always": at its time every day',
        default="fade",
    ),
    "note": _note(),
}

SCHEMA: Mapping[str, Table] = {
    "plan": Table(
        required=True,
        many=False,
        doc="the plan as a whole",
        keys={
            "name": Key(NonEmptyText(), required=True, doc="the plan's name; the store keeps its history under it"),
            "start": Key(LocalDate(), doc="first day of week 1"),
            "finish": Key(LocalDate(), doc="last day of the last week"),
            "weeks": Key(Integer(1, MAX_WEEKS), required=True, doc="how many weeks the plan runs"),
            "timezone": Key(
                Timezone(), doc="the zone whose clock the plan days follow", default_doc="the system's local zone"
            ),
            "day_starts": Key(
                TimeOfDay(), doc="a check-in before this time counts for the previous day", default="00:00"
            ),
            "rest_days": Key(Weekdays(presets=False), doc="recovery days: no required work", default=[]),
            "holidays": Key(LocalDates(), doc="extra rest days", default=[]),
            "makeup_days": Key(Integer(0, 7), doc="a missed task may be made up this many days later", default=1),
            "note": _note(),
        },
        exclusive=(("start", "finish"),),
    ),
    "notify": Table(
        many=False,
        doc="desktop notifications",
        keys={
            "morning": Key(TimeOfDay(), doc="summary of the day"),
            "evening": Key(TimeOfDay(), doc="nudge if required work is left"),
            "snooze": Key(Duration(), doc="how long the Snooze button puts a reminder off", default="10m"),
            "grace": Key(
                Duration(allow_zero=True), doc="a reminder missed by less than this still fires, late", default="1h"
            ),
            "note": _note(),
        },
    ),
    "phase": Table(
        many=True,
        title_key="name",
        doc="names an arc of the plan",
        keys={
            "name": Key(NonEmptyText(), required=True, doc="shown with each of its weeks"),
            "weeks": Key(Weeks(), required=True, doc="the weeks of the phase; phases may not overlap"),
            "volume": Key(Volume(), doc="multiplies every target in these weeks", default=1.0),
            "note": _note(),
        },
    ),
    "week": Table(
        many=True,
        title_key="number",
        doc="a per-week override, e.g. a deload week",
        keys={
            "number": Key(Integer(1, MAX_WEEKS), required=True, doc="the week it changes; once per week"),
            "volume": Key(Volume(), doc="multiplies every target of the week, with the phase's", default=1.0),
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
            "unit": Key(NonEmptyText(), doc="what the target counts", default="times"),
            "target": Key(TargetKind(), doc="how much each occurrence asks, before volume", default=1),
            "peak_week": Key(
                Integer(1, MAX_WEEKS), doc="with a ramp target: the week it reaches peak", default_doc="the last week"
            ),
            "on_rest_days": Key(Boolean(), doc="also due on rest days", default=False),
        },
        exclusive=(("days", "per_week"),),
    ),
    "block": Table(
        many=True,
        title_key="id",
        doc=f'blocked time: a task with a fixed window, target 1 (its unit is "{BLOCK_UNIT}")',
        keys={
            **_TASK_COMMON,
            "at": Key(TimeOfDay(), required=True, doc="start of the window"),
            "duration": Key(Duration(), required=True),
        },
    ),
    "goal": Table(
        many=True,
        title_key="id",
        doc="a result to reach by a date",
        keys={
            "id": Key(Ident(), required=True, doc="unique among goals"),
            "title": Key(NonEmptyText(), required=True, doc="as the review shows it"),
            "metric": Key(
                Ident(),
                required=True,
                doc="a count sums the results logged as METRIC=N; a level takes the latest reading, METRIC@N",
            ),
            "target": Key(Integer(1), required=True, doc="the value to reach (for a level, the level)"),
            "from": Key(
                Integer(0, 1_000_000_000),
                doc="the starting value: a level's level on the first day tracked (else its first reading), "
                "or the results a count already had; declaring it makes a metric with nothing logged a level",
            ),
            "by": Key(GoalBy(), required=True, doc='"week N" (its last day) or a date'),
            "checkpoints": Key(Checkpoints(), doc="week -> cumulative value (a level, for a level)", default={}),
            "note": _note(),
        },
    ),
}


def header(name: str) -> str:
    """A table as the plan file writes it: [plan] or [[task]]."""
    return f"[[{name}]]" if SCHEMA[name].many else f"[{name}]"


def json_schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, Any]:
    """The plan format as a JSON Schema, from SCHEMA itself: what editors check as a person types."""

    def key(rule: Key) -> dict[str, Any]:
        found = rule.kind.json_schema()
        words = "; ".join(part for part in (rule.doc, rule.default_doc and f"default: {rule.default_doc}") if part)
        if words:
            found["description"] = words
        if rule.default is not None:
            found["default"] = rule.default
        return found

    def table(spec: Table) -> dict[str, Any]:
        found: dict[str, Any] = {
            "type": "object",
            "description": spec.doc,
            "properties": {name: key(rule) for name, rule in spec.keys.items()},
            "additionalProperties": False,
        }
        required = [name for name, rule in spec.keys.items() if rule.required]
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
        "properties": {name: table(spec) for name, spec in SCHEMA.items()},
        "required": [name for name, spec in SCHEMA.items() if spec.required],
        "additionalProperties": False,
    }
