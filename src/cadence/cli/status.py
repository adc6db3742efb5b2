"""`cadence status [--format FMT]`: one line for a shell prompt or a tmux status bar.

A prompt runs it before every command, so it must cost little more than
starting Python. The line's values for the day are kept in `status.json` in
the home, keyed by what they depend on: which plan file and its contents, the
store's files, config.toml, and the plan day. When none of that changed, the
fast path prints from the file without importing the plan checker or SQLite;
otherwise the command works the values out as `today` does and writes the file
again. The next item is chosen at print time, so the line moves on during the
day without any write.

The format is a small template language of its own, never `str.format`: a
field is `{name}` or `{name:W}`, where `name` is one of `PLACEHOLDERS` and `W`
a width under 200 (numbers are put on the right of it, text on the left);
`{{` and `}}` are braces. Anything else (a stray brace, a positional field,
an attribute, an unknown name, another spec) is a usage error naming the
problem and the known names, so no format string reaches Python's attribute
lookup or asks for a line a billion columns wide.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC

DEFAULT_FORMAT = "W{week} {phase} · {done}/{due} due · streak {streak}"
MAKEUP_FORMAT = "W{week} {phase} · {makeup} to make up · streak {streak}"
"""The default line of a day with nothing due but earlier work to make up (a rest day after a miss)."""
CACHE_NAME = "status.json"
PLACEHOLDERS = ("plan", "week", "phase", "due", "done", "left", "makeup", "streak", "next", "next_at")
MAX_WIDTH = 199
PAD = "\x00"
"""A field's padding while the line's runs of spaces are made one: no value can hold it (`one_line`)."""
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any


def _signature(path: str) -> list[int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_mtime_ns, found.st_size, found.st_ino]


def key(flags: Mapping[str, str], env: Mapping[str, str], home: str, plan: str) -> list[Any]:
    """What the day's values depend on, besides the day itself."""
    from cadence.folders import config_folder

    return [
        flags.get("plan") or env.get("CADENCE_PLAN") or "",
        _signature(os.path.join(config_folder(env), "config.toml")),
        plan,
        _signature(plan) if plan else None,
        _signature(os.path.join(home, "cadence.db")),
        _signature(os.path.join(home, "cadence.db-wal")),
    ]


def _instant(env: Mapping[str, str], offset: float) -> float:
    """Now as seconds since the epoch: the real clock, or CADENCE_NOW (a naive one in the plan's zone,
    whose offset from UTC that day is `offset`; a bare date meaning its noon)."""
    value = env.get("CADENCE_NOW")
    if not value:
        return time.time()
    from datetime import datetime

    moment = datetime.fromisoformat(value)
    if len(value.strip()) == 10:
        moment = moment.replace(hour=12)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC).timestamp() - offset
    return moment.timestamp()


def template(fmt: str) -> list[str | tuple[str, int | None]]:
    """`fmt` as its parts: text as it is, and (name, width or None) for each field; ValueError naming the
    first problem."""
    parts: list[str | tuple[str, int | None]] = []
    text = ""
    at = 0
    while at < len(fmt):
        character = fmt[at]
        if character in "{}" and fmt[at + 1 : at + 2] == character:
            text += character
            at += 2
            continue
        if character == "}":
            raise ValueError(f"a stray '}}' at column {at + 1} (write '}}}}' for a brace)")
        if character != "{":
            text += character
            at += 1
            continue
        end = fmt.find("}", at)
        if end < 0:
            raise ValueError(f"a stray '{{' at column {at + 1} (write '{{{{' for a brace)")
        field = fmt[at + 1 : end]
        name, colon, spec = field.partition(":")
        if "{" in field:
            raise ValueError(f"a stray '{{' at column {at + 1} (write '{{{{' for a brace)")
        if not name or name.isdecimal():
            raise ValueError(f"a positional field '{{{field}}}': fields are named")
        if name not in PLACEHOLDERS:
            raise ValueError(f"unknown name '{{{name}}}'")
        width = None
        if colon:
            if not (spec.isascii() and spec.isdecimal() and int(spec) <= MAX_WIDTH):
                raise ValueError(f"'{{{field}}}': the only spec is a width under {MAX_WIDTH + 1}, like {{streak:3}}")
            width = int(spec)
        if text:
            parts.append(text)
            text = ""
        parts.append((name, width))
        at = end + 1
    if text:
        parts.append(text)
    return parts


def render(values: Mapping[str, Any], timed: Sequence[Sequence[Any]], now: float, fmt: str | None) -> str:
    """The line: an empty one on a day with nothing due (a rest day, a day off) unless a make-up is left and
    the format says it, else `fmt` (by default `DEFAULT_FORMAT`, or `MAKEUP_FORMAT` when only make-ups are
    left) filled in, each value on one
    line with nothing `printable` drops, runs of spaces made one but inside a field's width.

    `timed`: [instant, "HH:MM", title, done] of the day's items with a time, in order. ValueError for a
    format that is not one (`template`), whatever the day.
    """
    if fmt is None:
        fmt = MAKEUP_FORMAT if not values.get("due") and values.get("makeup") else DEFAULT_FORMAT
    parts = template(fmt)
    says_makeup = any(not isinstance(part, str) and part[0] == "makeup" for part in parts)
    if not values.get("due") and not timed and not (values.get("makeup") and says_makeup):
        return ""
    from cadence.printable import one_line, width

    upcoming = [(clock, title) for instant, clock, title, done in timed if not done and instant >= now]
    filled = {**values, "next": upcoming[0][1] if upcoming else "", "next_at": upcoming[0][0] if upcoming else ""}
    line = ""
    for part in parts:
        if isinstance(part, str):
            line += one_line(part)
            continue
        name, columns = part
        value = filled.get(name, "")
        shown = one_line(str(value))
        if columns is not None:
            fill = PAD * max(0, columns - width(shown))
            shown = fill + shown if isinstance(value, int | float) else shown + fill
        line += shown
    return " ".join(line.split()).replace(PAD, " ")


def fast(flags: Mapping[str, str], env: Mapping[str, str]) -> int | None:
    """The line from status.json when it is still true; None to take the slow path.

    `flags`: --format, --plan and --home as `cli.main` read them without argparse.
    """
    from cadence.folders import home_folder

    if "CADENCE_PLAN" in env and not env["CADENCE_PLAN"].strip():
        return None  # refused by the slow path, in its words
    try:
        home = home_folder(flags.get("home"), env)
        with open(os.path.join(home, CACHE_NAME), encoding="utf-8") as file:
            cached = json.load(file)
        if cached["key"] != key(flags, env, home, cached["key"][2]):
            return None
        now = _instant(env, cached["offset"])
        if not cached["from"] <= now < cached["until"]:
            return None  # another plan day
        line = render(cached["values"], cached["timed"], now, flags.get("format"))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    sys.stdout.write(line + "\n")
    return 0


def status(session: Any) -> int:
    """The slow path: the day's values worked out from the plan and the store, kept for the fast one."""
    from datetime import UTC, datetime, timedelta

    from cadence.clock import plan_zone
    from cadence.core.alarms import instant
    from cadence.core.status import day_items, makeup_items, recent_window
    from cadence.core.streaks import overall_streak

    args = session.args
    flags = {name: value for name in ("format", "plan", "home") if (value := getattr(args, name, None))}
    lived = session.lived()
    schedule = lived.schedule
    plan = schedule.plan
    today = session.today()
    zone = plan_zone(plan.timezone, session.env)
    ledger = session.ledger(*recent_window(schedule, today, today))
    items = [item for item in day_items(schedule, today, ledger, today) if item.status != "untracked"]
    required = [item for item in items if item.task.required and item.status != "skipped"]  # excused: not due
    week = schedule.week_of(today)
    phase = schedule.phase_of(week) if week else None
    full = session.ledger(schedule.start, max(schedule.start, today))
    done = sum(1 for item in required if item.status == "done")
    values = {
        "plan": plan.name,
        "week": schedule.plan_week(week) if week else "",
        "phase": phase.name if phase else "",
        "due": len(required),
        "done": done,
        "left": len(required) - done,
        "makeup": sum(1 for item in makeup_items(schedule, ledger, today) if item.task.required),
        "streak": overall_streak(schedule, full, today).current,
    }
    timed = [
        [
            instant(today, item.task.at, zone, plan.day_starts).timestamp(),
            f"{item.task.at:%H:%M}",
            item.task.title,
            item.status == "done",
        ]
        for item in items
        if item.task.at is not None and item.status != "skipped"  # an excused day is a day off: no line
    ]
    begins = datetime.combine(today, plan.day_starts, tzinfo=zone).astimezone(UTC)
    ends = datetime.combine(today + timedelta(days=1), plan.day_starts, tzinfo=zone).astimezone(UTC)
    now = session.now()
    offset = now.utcoffset()
    line = render(values, timed, now.timestamp(), flags.get("format"))
    home = str(session.home)
    source = str(session.source.path.resolve())
    session.close()  # the store's files are final now: the key sees them as the next call will
    document = {
        "key": key(flags, session.env, home, source),
        "from": begins.timestamp(),
        "until": ends.timestamp(),
        "offset": offset.total_seconds() if offset is not None else 0.0,
        "values": values,
        "timed": timed,
    }
    _keep(home, document)
    print(line)
    return 0


def _keep(home: str, document: dict[str, Any]) -> None:
    """status.json written whole (a temporary file, 0600 like everything in the home, renamed into place);
    a home that cannot be written still gets its line, and is left no partial file. The temporary files of
    processes killed while writing are removed here."""
    from contextlib import suppress
    from pathlib import Path

    from cadence.store.copies import clear_cut_short

    clear_cut_short(Path(home), f".{CACHE_NAME}.")
    temporary = os.path.join(home, f".{CACHE_NAME}.{os.getpid()}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with open(descriptor, "w", encoding="utf-8") as file:
            json.dump(document, file)
        os.replace(temporary, os.path.join(home, CACHE_NAME))
    except OSError:
        with suppress(OSError):  # never made
            os.unlink(temporary)
