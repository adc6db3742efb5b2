"""The checked plan of a file's bytes, kept in the home so that a command reads it back instead of checking again.

Checking a plan (TOML, every rule of the format, the modules that know them) costs a command more than all
it then does with the plan. The plan is a pure function of the file's bytes, so it is kept beside the
store as those bytes and the plan they make, and used only when the file's bytes are the very same and
the cadence that wrote it is this one: its version, and the size and time of each module that decides what
a plan is. It is written with `marshal` (no code runs when it is read), as plain values tagged by type;
anything unexpected in it is a miss and the plan is checked as before. Only a plan without problems is
kept, so every error and warning is still found and said by `reading`.

This module imports nothing of the checker: a hit costs one stat, two reads and a decode.
"""

from __future__ import annotations

import marshal
import os
from contextlib import suppress
from datetime import date, time
from fractions import Fraction

from cadence import __version__
from cadence.core import model

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from typing import Any

    from cadence.plan.loaded import LoadedPlan

FILE = "plan-cache.marshal"
LARGEST = 4 * 2**20
"""As `reading.MAX_PLAN`: a larger file is refused there."""
BOM = b"\xef\xbb\xbf"
_DECIDERS = ("checker", "kinds", "calendar_kinds", "schema", "reading", "compiled")
_CLASSES = {kind.__name__: kind for kind in vars(model).values() if isinstance(kind, type) and hasattr(kind, "_fields")}


def stamp() -> tuple[Any, ...]:
    """This cadence: its version and the modules that make a plan of a file (a changed one is another cadence)."""
    here = os.path.dirname(__file__)
    files = [os.path.join(here, f"{name}.py") for name in _DECIDERS] + [model.__file__ or ""]
    found = []
    for name in files:
        try:
            info = os.stat(name)
        except OSError:
            continue
        found.append((info.st_size, info.st_mtime_ns))
    return (__version__, marshal.version, tuple(found))


def encode(value: Any) -> Any:
    """A plan as marshal's plain values: every value that is not a str, int, float, bool or None is tagged."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if hasattr(value, "_fields"):
        return ("N", type(value).__name__, tuple(encode(item) for item in value))
    if isinstance(value, Fraction):
        return ("F", value.numerator, value.denominator)
    if isinstance(value, date):
        return ("D", value.toordinal())
    if isinstance(value, time):
        return ("T", value.hour, value.minute, value.second, value.microsecond)
    if isinstance(value, frozenset):
        return ("S", tuple(encode(item) for item in sorted(value)))
    if isinstance(value, tuple):
        return ("U", tuple(encode(item) for item in value))
    raise TypeError(f"a plan holds no {type(value).__name__}")


def decode(value: Any) -> Any:
    if not isinstance(value, tuple):
        return value
    tag = value[0]
    if tag == "N":
        return _CLASSES[value[1]](*(decode(item) for item in value[2]))
    if tag == "F":
        return Fraction(value[1], value[2])
    if tag == "D":
        return date.fromordinal(value[1])
    if tag == "T":
        return time(*value[1:])
    if tag == "S":
        return frozenset(decode(item) for item in value[1])
    if tag == "U":
        return tuple(decode(item) for item in value[1])
    raise ValueError(f"unknown tag {tag!r}")


def cached(text: str, home: str | os.PathLike[str]) -> model.Plan | None:
    """The plan kept for exactly this text by this cadence, or None."""
    try:
        with open(os.path.join(home, FILE), "rb") as file:
            kept = marshal.loads(file.read())
        if kept[0] != stamp() or kept[1] != text:
            return None
        plan = decode(kept[2])
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
        return None
    return plan if isinstance(plan, model.Plan) else None


def keep(text: str, plan: model.Plan, home: str | os.PathLike[str]) -> None:
    """Keep the plan of this text for the next command; a home that cannot take it is no error."""
    if not os.path.isdir(home):
        return
    temporary = os.path.join(home, f".{FILE}.{os.getpid()}")
    try:
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:  # as the store
            file.write(marshal.dumps((stamp(), text, encode(plan))))
        os.replace(temporary, os.path.join(home, FILE))
        for name in os.listdir(home):  # what a process killed while writing left
            if name.startswith(f".{FILE}."):
                _remove(os.path.join(home, name))
    except OSError:
        _remove(temporary)


def _remove(path: str) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)


def lookup(path: str | os.PathLike[str], home: str | os.PathLike[str]) -> LoadedPlan | None:
    """The plan of the file, when the one kept in the home was made of its very text by this cadence.

    Only a regular, small, UTF-8 file is looked up (a pipe is never opened here); anything else goes the
    whole way through `reading`, where each refusal is said as it always is."""
    from cadence.bounded import read_bounded
    from cadence.plan.loaded import LoadedPlan

    try:
        data = read_bounded(path, LARGEST)
        if not data or b"\x00" in data:
            return None
        text = data.removeprefix(BOM).decode("utf-8")
    except (OSError, UnicodeDecodeError):  # the bounded reader's refusals are OSErrors too
        return None
    plan = cached(text, home)
    return None if plan is None else LoadedPlan(plan, [], text)
