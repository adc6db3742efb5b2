"""config.toml as last checked, kept in the cache folder: a command whose config did not change reads it back
without importing the TOML parser (which costs a prompt's `cadence today` a tenth of its start-up).

As `plan.compiled` keeps the plan: used only when config.toml's text is the very same and the cadence that
kept it is this one (its version and the size and time of `config.py`, which checks every key). Only a
config without problems is kept, so every error is still found and said; what is kept is the checked
document, plain strings, numbers, booleans and tables, written with `marshal` (no code runs when it is
read). A cache folder that cannot be written, or a file that cannot be read back, is no error: the config
is checked as before.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Mapping

from cadence import __version__
from cadence.folders import cache_folder, keep_in_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FILE = "config.marshal"


def _stamp() -> tuple[object, ...]:
    checker = os.path.join(os.path.dirname(__file__), "config.py")
    try:
        info = os.stat(checker)
    except OSError:
        return (__version__, marshal.version)
    return (__version__, marshal.version, info.st_size, info.st_mtime_ns)


def cached(text: str, env: Mapping[str, str]) -> dict[str, object] | None:
    """The checked document of exactly this text, kept by this cadence, or None."""
    try:
        with open(os.path.join(cache_folder(env), FILE), "rb") as file:
            kept = marshal.loads(file.read())
        if kept[0] != _stamp() or kept[1] != text or not isinstance(kept[2], dict):
            return None
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return None
    document: dict[str, object] = kept[2]
    return document


def keep(text: str, document: Mapping[str, object], env: Mapping[str, str]) -> None:
    """Keep the checked document of this text for the next command; nothing is said when it cannot be."""
    payload: Any = (_stamp(), text, dict(document))  # checked: strings, numbers, booleans and tables
    try:
        data = marshal.dumps(payload)
    except ValueError:  # a value marshal cannot write (none once checked)
        return
    keep_in_cache(cache_folder(env), FILE, data)
