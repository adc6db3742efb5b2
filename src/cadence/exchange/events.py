"""Export and import of the event log: CSV and JSON that round-trip exactly.

An export holds every event as stored (ids, batches, timestamps, runs), so
importing it into a new home and exporting again gives the same bytes, and
the runs, their starts, shifts and repeats travel with it. Each event carries
its global id, machine, batch id and Lamport number, so the same events
imported into another home stay the same events for a hub: a sync never
doubles them. JSON also carries the start days that floating plans had before
runs existed; CSV holds the events only. Exports of version 1 (before runs)
still import: their events are the history from before runs (run 0), which the
first plan used takes. Exports of versions 1 and 2 (before global ids) get ids
made from their local ones, as the store's migration makes them. Version 4
added two kinds of event, with no new field: the answers of the automaticity
check (`rating`) and the revisions of the plan file (`plan-revised`, whose
note holds the file's text before and after); versions 1 to 3 still import.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from cadence.core.calendar import YEARS, within_years
from cadence.errors import CadenceError
from cadence.store import COLUMNS, Event
from cadence.store.events import MAX_TEXT
from cadence.store.ids import MAX_UID
from cadence.store.learning import read_revision

FORMAT = "cadence-events"
VERSION = 4
KINDS = ("checkin", "skip", "result", "reading", "undo", "start", "shift", "repeat", "rating", "plan-revised")
_INTS = ("id", "batch", "target_batch", "run", "lamport")
BEFORE_RUNS = COLUMNS[: COLUMNS.index("run")]
"""The columns of a version 1 export."""
BEFORE_IDS = COLUMNS[: COLUMNS.index("uid")]
"""The columns of a version 2 export."""
_COLUMNS_OF = {1: BEFORE_RUNS, 2: BEFORE_IDS, 3: COLUMNS, 4: COLUMNS}
_MACHINE = re.compile(r"[0-9A-Za-z_-]{1,64}\Z")
_DATES = ("day", "until")


class ExchangeError(CadenceError):
    """An import file that cannot be restored; one line naming the place."""


def export(events: Iterable[Event], plan_starts: Iterable[tuple[str, str, str]], fmt: str) -> str:
    if fmt == "json":
        document = {
            "format": FORMAT,
            "version": VERSION,
            "plan_starts": [{"plan": p, "start": s, "recorded": r} for p, s, r in plan_starts],
            "events": [event._asdict() for event in events],
        }
        from cadence.printable import json_text

        return json_text(document) + "\n"
    from cadence.exchange.csvline import line

    return line(COLUMNS) + "".join(line(event) for event in events)


def parse(text: str, name: str) -> tuple[list[Event], list[tuple[str, str, str]]]:
    """The events (and plan starts) of an export, checked field by field."""
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some editors save UTF-8
    if text.lstrip().startswith("{"):
        return _parse_json(text, name)
    return _parse_csv(text, name), []


def _parse_json(text: str, name: str) -> tuple[list[Event], list[tuple[str, str, str]]]:
    def constant(word: str) -> float:
        raise ExchangeError(f"{name}: {word} is not a number an export may hold")

    try:
        document = json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise ExchangeError(f"{name}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    except RecursionError:
        raise ExchangeError(f"{name}: nested too deeply to be a cadence export") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError(f'{name}: not a cadence export (no "format": "{FORMAT}")')
    version = document.get("version")
    if isinstance(version, bool) or version not in tuple(_COLUMNS_OF):
        raise ExchangeError(f"{name}: export version {version!r} is not one this cadence reads (1 to {VERSION})")
    columns = _COLUMNS_OF[version]
    raw_events = document.get("events")
    raw_starts = document.get("plan_starts", [])
    if not isinstance(raw_events, list) or not isinstance(raw_starts, list):
        raise ExchangeError(f'{name}: "events" and "plan_starts" must be lists')
    events = []
    for index, raw in enumerate(raw_events):
        where = f"{name}: event {index + 1}"
        if not isinstance(raw, dict) or set(raw) != set(columns):
            raise ExchangeError(f"{where}: must have exactly the fields {', '.join(columns)}")
        events.append(_event([raw[column] for column in columns], where, from_text=False, columns=columns))
    starts = []
    for index, raw in enumerate(raw_starts):
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("plan", "start", "recorded")):
            raise ExchangeError(f"{name}: plan start {index + 1} must have the strings plan, start and recorded")
        where = f"{name}: plan start {index + 1}"
        _check_date(raw["start"], where)
        _check_moment(raw["recorded"], f"{where}: 'recorded'")
        for column in ("plan", "recorded"):
            _check_length(raw[column], column, where)
        starts.append((raw["plan"], raw["start"], raw["recorded"]))
    _check_order(events, name)
    return events, starts


def _parse_csv(text: str, name: str) -> list[Event]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))  # a \r inside a quoted field is the field's
    except csv.Error as error:
        raise ExchangeError(f"{name}: not a cadence CSV export: {error}") from None
    if not rows or tuple(rows[0]) not in _COLUMNS_OF.values():
        raise ExchangeError(f"{name}:1: not a cadence CSV export (the header must be {','.join(COLUMNS)})")
    columns = tuple(rows[0])
    events = []
    for line, row in enumerate(rows[1:], start=2):
        where = f"{name}:{line}"
        if len(row) != len(columns):
            raise ExchangeError(f"{where}: expected {len(columns)} fields, found {len(row)}")
        events.append(_event(row, where, from_text=True, columns=columns))
    _check_order(events, name)
    return events


def _event(values: list[Any], where: str, from_text: bool, columns: tuple[str, ...] = COLUMNS) -> Event:
    fields: dict[str, Any] = {}
    for column, value in zip(columns, values, strict=True):
        if from_text and value == "":
            value = None
        if value is None:
            if column in ("id", "batch", "recorded", "kind", "source"):
                raise ExchangeError(f"{where}: '{column}' is missing")
            fields[column] = None
        elif column in (*_INTS, "uid", "amount") and not from_text and not _json_number(value):
            raise ExchangeError(f"{where}: '{column}' must be a number, not {_shown(value)}")
        elif column in _INTS:
            fields[column] = _int(value, column, where)
        elif column == "uid":
            fields[column] = _int(value, column, where, MAX_UID)
        elif column == "amount":
            # A start event's amount is the moment its run began (seconds since the epoch).
            fields[column] = _float(value, where, 1e11 if fields.get("kind") == "start" else MAX_AMOUNT)
        elif not isinstance(value, str):
            raise ExchangeError(f"{where}: '{column}' must be text")
        elif column == "origin" and not _MACHINE.match(value):
            raise ExchangeError(f"{where}: '{column}' must be up to 64 letters, digits, '_' or '-', not {value[:70]!r}")
        else:
            _check_length(value, column, where)
            fields[column] = value
    if columns == BEFORE_RUNS:  # before runs: the history that the first plan used takes (run 0)
        fields["run"] = None if fields["kind"] == "undo" else 0
    event = Event(**fields)
    if event.kind not in KINDS:
        raise ExchangeError(f"{where}: unknown kind '{event.kind}'; kinds are {', '.join(KINDS)}")
    for column in _DATES:
        if getattr(event, column) is not None:
            _check_date(getattr(event, column), f"{where}: '{column}'")
    _check_moment(event.recorded, f"{where}: 'recorded'")
    needs = {
        "checkin": ("task", "day", "amount"),
        "skip": ("day",),
        "result": ("day", "metric", "amount"),
        "reading": ("day", "metric", "amount"),
        "undo": ("target_batch",),
        "start": ("day", "until", "run", "plan"),
        "shift": ("day", "amount", "run"),
        "repeat": ("day", "amount", "run"),
        "rating": ("task", "day", "run"),
        "plan-revised": ("day", "note", "run"),
    }
    if columns == COLUMNS:  # with global ids: every event has them, and an undo names its batch by one
        needs = {kind: (*needed, "uid", "origin", "lamport") for kind, needed in needs.items()}
    for column in needs[event.kind]:
        if getattr(event, column) is None:
            raise ExchangeError(f"{where}: a {event.kind} event needs '{column}'")
    if event.kind == "reading" and (event.amount or 0) < 0:
        raise ExchangeError(f"{where}: a reading cannot be negative, not {event.amount:g}")
    if event.kind == "rating" and event.amount is not None and event.amount not in range(1, 8):
        raise ExchangeError(f"{where}: an answer is a whole number from 1 to 7, not {event.amount:g}")
    if event.kind == "plan-revised" and read_revision(event.day, event.note) is None:
        raise ExchangeError(f"{where}: a plan-revised event's note must hold the file and its text before and after")
    return event


MAX_FILE = 512 * 2**20
"""The largest file import reads: some fifteen times ten years of history, so a wrong file is refused unread."""
MAX_ID = 2**62
"""Ids and batches fit SQLite's 64-bit integers, with room to count on."""
MAX_AMOUNT = 1e9
"""No amount a person or a correction writes comes near this; a larger one is damage."""


def _int(value: Any, column: str, where: str, limit: int = MAX_ID) -> int:
    """A whole number as written: an int, or digits in a string (never 1.5, never 1e30)."""
    if isinstance(value, bool | float):
        raise ExchangeError(f"{where}: '{column}' must be a whole number, not {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("-").isdigit() or len(text) > 20:
            raise ExchangeError(f"{where}: '{column}' must be a whole number, not {value!r}")
        value = int(text)
    if not isinstance(value, int):
        raise ExchangeError(f"{where}: '{column}' must be a whole number, not {value!r}")
    if not 0 <= value < limit:
        raise ExchangeError(f"{where}: '{column}' must be a whole number from 0 to {limit - 1}, not {value}")
    return value


def _float(value: Any, where: str, limit: float = MAX_AMOUNT) -> float:
    """An amount: a finite number within `limit` either way (corrections are negative)."""
    if isinstance(value, bool):
        raise ExchangeError(f"{where}: 'amount' must be a number")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ExchangeError(f"{where}: 'amount' must be a number, not {value!r}") from None
    if not math.isfinite(number) or abs(number) > limit:
        raise ExchangeError(f"{where}: 'amount' must be a finite number within {limit:g}, not {value!r}")
    return number


def _json_number(value: Any) -> bool:
    """A number as JSON writes one: not a string of digits, not true or false."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    """A value in a message, cut short: a refused field may be megabytes long."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _check_length(value: str, column: str, where: str) -> None:
    if len(value) > MAX_TEXT:
        raise ExchangeError(
            f"{where}: '{column}' holds {len(value):,} characters; a field holds at most {MAX_TEXT:,}"
            " (128 KiB, what an export's CSV reads back)"
        )


def _check_date(value: str, where: str) -> None:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ExchangeError(f"{where} must be a date like 2026-12-01, not {_shown(value)}") from None
    if not within_years(day):
        raise ExchangeError(f"{where} must be a date in the years {YEARS[0]} to {YEARS[1]}, not {value}")


def _check_moment(value: str, where: str) -> None:
    """When an event was written: a date and a time, as the store writes them (2026-12-01T09:00:00+00:00)."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        moment = None
    if moment is None or len(value.strip()) <= len("2026-12-01"):  # a day alone is no moment
        raise ExchangeError(f"{where} must be a date and time like 2026-12-01T09:00:00+00:00, not {_shown(value)}")
    if not within_years(moment.date()):
        raise ExchangeError(f"{where} must fall in the years {YEARS[0]} to {YEARS[1]}, not {value}")


def _check_order(events: list[Event], name: str) -> None:
    """Ids and global ids once each; an undo names a batch of the file (undone, or not, by the file alone)."""
    batches = {event.batch for event in events if event.kind != "undo"}
    for event in events:
        if event.kind == "undo" and event.target_batch not in batches:
            raise ExchangeError(
                f"{name}: event {event.id} undoes batch {event.target_batch}, which is not in the file;"
                " an undo names a batch before it"
            )
    ids = [event.id for event in events]
    if len(set(ids)) != len(ids):
        raise ExchangeError(f"{name}: event ids repeat; an export has each id once")
    uids = [event.uid for event in events if event.uid is not None]
    if len(set(uids)) != len(uids):
        raise ExchangeError(f"{name}: event uids repeat; an export has each event once")
