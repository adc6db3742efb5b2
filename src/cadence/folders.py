"""The user's folders as plain strings: what `paths` builds on, and all that `status`'s fast path may load.

Only `os` and `sys`: a prompt calls `cadence status` before every command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping


def base(env: Mapping[str, str], xdg: str, fallback: str) -> str:
    value = env.get(xdg)
    if value and os.path.isabs(value):
        return value
    home = env.get("HOME") or os.path.expanduser("~")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Application Support")
    return os.path.join(home, fallback)


def config_folder(env: Mapping[str, str]) -> str:
    return os.path.join(base(env, "XDG_CONFIG_HOME", ".config"), "cadence")


def data_folder(env: Mapping[str, str]) -> str:
    return os.path.join(base(env, "XDG_DATA_HOME", ".local/share"), "cadence")


def cache_folder(env: Mapping[str, str]) -> str:
    """Where cadence keeps what it can make again (config.toml as last checked): $XDG_CACHE_HOME/cadence."""
    value = env.get("XDG_CACHE_HOME")
    if value and os.path.isabs(value):
        return os.path.join(value, "cadence")
    home = env.get("HOME") or os.path.expanduser("~")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "cadence")
    return os.path.join(home, ".cache", "cadence")


def keep_in_cache(folder: str, name: str, data: bytes) -> None:
    """Write `data` as `name` in a cache folder, whole or not at all: a temporary file 0600 from its first
    byte (never through a link), renamed into place, in a folder made private to the user. Nothing is said
    when it cannot be written: what is kept in the cache is made again."""
    temporary = os.path.join(folder, f".{name}.{os.getpid()}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600), "wb") as file:
            file.write(data)
        os.replace(temporary, os.path.join(folder, name))
    except OSError:
        try:  # noqa: SIM105 (contextlib is not loaded on status's fast path, which imports this module)
            os.unlink(temporary)
        except OSError:
            pass


def home_folder(flag: str | None, env: Mapping[str, str]) -> str:
    """Where the store lives: --home, $CADENCE_HOME, else the user data folder.

    ValueError for an empty name, given or set: a variable that expanded to nothing must not quietly
    mean the default home (`config.resolve_home` says so in words).
    """
    value = flag if flag is not None else env.get("CADENCE_HOME")
    if value is None:
        return data_folder(env)
    if not value.strip():
        raise ValueError("an empty name for the home")
    return os.path.expanduser(value)
