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
