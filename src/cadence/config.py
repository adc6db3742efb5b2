"""Which plan and which home, and config.toml that may name them: read, every key checked, and one key set.

Order of precedence: the command-line flag, then the environment,
then `config.toml` in the user config folder, then the bundled example plan.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from cadence.bundled import DEFAULT_PLAN, PLANS_DIR
from cadence.errors import CadenceError, UserError
from cadence.folders import config_folder, data_folder, home_folder

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, NamedTuple
else:
    from cadence.named import NamedTuple

CONFIG_KEYS = ("plan", "theme", "reminders", "sync", "serve")
"""`plan`: the plan file; `theme`: the TUI's colours; `[reminders]`: where reminders go; `[sync]`: the hub this
home syncs with; `[serve]`: the phone's check-in page."""
REMINDERS_KEYS = ("via",)
VIA = ("auto", "desktop", "tmux", "log")
"""`[reminders] via`: `auto` (the default) chooses at each reminder: the desktop when a notification service
answers, else every attached tmux client of this user, else the log alone; the others name one of them."""
SERVE_KEYS = {"enabled": bool, "host": str, "port": int, "url": str}
"""`[serve]`: whether the daemon serves the page, where it listens, and the address a phone opens."""
HUB_URL = ("postgresql://", "postgres://")
"""How a hub's URL begins, wherever it is given."""


class SyncTable(NamedTuple):
    """`[sync]` of config.toml, checked: the only reading of its keys (`hub.config` takes it from here)."""

    url: str | None = None
    """The hub's postgresql:// URL."""
    member: str | None = None
    """Whose events sync (default: the URL's user, else the login name)."""


SYNC_KEYS = SyncTable._fields


class ConfigError(CadenceError):
    """A config file that cannot be used; the message is one whole diagnostic line."""


FileSignature = tuple[int, int, int] | None


def file_signature(path: str | os.PathLike[str]) -> FileSignature:
    """What changes when a file is edited, atomic saves (a new inode) included."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def config_dir(env: Mapping[str, str]) -> Path:
    from pathlib import Path

    return Path(config_folder(env))


def data_dir(env: Mapping[str, str]) -> Path:
    from pathlib import Path

    return Path(data_folder(env))


def config_file(env: Mapping[str, str]) -> str:
    return os.path.join(config_folder(env), "config.toml")


class PlanSource:
    """The plan file in use: where it is, how messages name it, and whether it came with cadence.

    `file` is the path as a string, for the read commands (pathlib costs a prompt's command its start-up);
    `path` is the same path as a `Path`, for everything else."""

    __slots__ = ("bundled", "file", "shown")

    def __init__(self, file: str | os.PathLike[str], shown: str, bundled: bool = False) -> None:
        self.file = os.fspath(file)
        self.shown = shown
        """How messages name the file: as the person wrote it."""
        self.bundled = bundled

    @property
    def path(self) -> Path:
        from pathlib import Path

        return Path(self.file)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PlanSource):
            return NotImplemented
        return (self.file, self.shown, self.bundled) == (other.file, other.shown, other.bundled)

    def __hash__(self) -> int:
        return hash((self.file, self.shown, self.bundled))

    def __repr__(self) -> str:
        return f"PlanSource({self.file!r}, {self.shown!r}, bundled={self.bundled})"


def read_config(env: Mapping[str, str]) -> dict[str, str]:
    """The config's strings (`plan`), every key checked, `[sync]` included."""
    return {key: str(value) for key, value in _config(env).items() if isinstance(value, str)}


def sync_table(env: Mapping[str, str]) -> SyncTable:
    """`[sync]` of config.toml, checked (empty when there is none)."""
    table = _config(env).get("sync", {})
    return SyncTable(**table) if isinstance(table, dict) else SyncTable()


SYNC_URL = "CADENCE_SYNC_URL"
"""The hub's URL from the environment, before `[sync] url`."""


def names_a_hub(env: Mapping[str, str]) -> bool:
    """Whether a hub is set (`$CADENCE_SYNC_URL` or `[sync] url`), or config.toml is wrong and `hub.background`
    must say so: a write in a home without a hub never imports the hub's modules."""
    if env.get(SYNC_URL):
        return True
    try:
        return bool(sync_table(env).url)
    except CadenceError:
        return True


def serve_table(env: Mapping[str, str]) -> dict[str, object]:
    """`[serve]` of config.toml, checked ({} when there is none)."""
    table = _config(env).get("serve", {})
    return dict(table) if isinstance(table, dict) else {}


def reminders_via(env: Mapping[str, str]) -> str:
    """`[reminders] via` of config.toml, checked ("auto" when it is not set)."""
    table = _config(env).get("reminders", {})
    return str(table.get("via", "auto")) if isinstance(table, dict) else "auto"


def theme_name(env: Mapping[str, str]) -> str | None:
    """The TUI's theme kept in config.toml (the command palette's Theme writes it), or None."""
    return read_config(env).get("theme")


def key_place(env: Mapping[str, str], *key: str) -> str:
    """Where a key of config.toml is written, as FILE:LINE:COL (the file alone when it cannot be found)."""
    import tomllib

    from cadence.plan.spans import locate

    path = config_file(env)
    try:
        with open(path, encoding="utf-8") as file:
            spans = locate(file.read())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        spans = {}
    return _place(path, spans, *key)


def _place(path: str, spans: Mapping[Any, Any], *key: str) -> str:
    """FILE:LINE:COL of a key in config.toml's spans, or the file alone when it is not there."""
    span = spans.get(key)
    return f"{path}:{span.key_line}:{span.key_col}" if span else str(path)


MAX_CONFIG = 1 << 20
"""config.toml holds a few lines: a file of more than 1 MiB is not one."""


def _config_text(path: str) -> str:
    """config.toml's text: only a regular file (a pipe would hang, a device never end), of at most MAX_CONFIG."""
    from cadence.bounded import NotAFile, TooLarge, read_bounded

    try:
        data = read_bounded(path, MAX_CONFIG)
    except NotAFile:
        raise OSError(0, "it is not a regular file") from None
    except TooLarge:
        raise OSError(0, f"it is over {MAX_CONFIG // (1 << 20)} MiB, which no config file needs") from None
    return data.decode("utf-8")


def _config(env: Mapping[str, str]) -> dict[str, object]:
    path = config_file(env)
    try:
        text = _config_text(path)
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ConfigError(f"{path}: error: cannot read the config file: {reason}") from None
    from cadence import kept_config

    kept = kept_config.cached(text, env)
    if kept is not None:
        return kept
    import tomllib  # only for a config.toml not yet checked as it is: a command without one never pays for it

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: error: TOML syntax: {error}") from None
    from cadence.plan.spans import locate

    spans = locate(text)  # once: every key's place comes from the one scan
    for key, value in doc.items():
        where = _place(path, spans, key)
        if key not in CONFIG_KEYS:
            raise ConfigError(
                f"{where}: error: unknown key '{key}' in config.toml; it may hold: {', '.join(CONFIG_KEYS)}"
            )
        if key == "sync":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: error: 'sync' must be a table: write [sync] on a line of its own")
            _check_sync(value, spans, path)
            continue
        if key == "serve":
            _check_serve(value, spans, path)
            continue
        if key == "reminders":
            _check_reminders(value, spans, path)
            continue
        if key == "theme" and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{where}: error: 'theme' must be the name of a theme, as a string, like \"nord\"")
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: error: '{key}' must be a path to a plan file, as a string")
    kept_config.keep(text, doc, env)
    return doc


def _check_reminders(table: object, spans: Mapping[Any, Any], path: str) -> None:
    if not isinstance(table, dict):
        where = _place(path, spans, "reminders")
        raise ConfigError(f"{where}: error: 'reminders' must be a table: write [reminders] on a line of its own")
    for key, value in table.items():
        where = _place(path, spans, "reminders", key)
        if key not in REMINDERS_KEYS:
            raise ConfigError(
                f"{where}: error: unknown key '{key}' in [reminders]; it may hold: {', '.join(REMINDERS_KEYS)}"
            )
        if not isinstance(value, str) or value not in VIA:
            ways = ", ".join(f'"{way}"' for way in VIA)
            raise ConfigError(f"{where}: error: [reminders] via must be one of {ways}, not {_shown(value)}")


def _shown(value: object) -> str:
    """A TOML value as it was written, near enough for a message."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return "a table" if isinstance(value, dict) else "an array" if isinstance(value, list) else "a date or time"


def _check_sync(table: dict[str, object], spans: Mapping[Any, Any], path: str) -> None:
    for key, value in table.items():
        where = _place(path, spans, "sync", key)
        if key not in SYNC_KEYS:
            raise ConfigError(f"{where}: error: unknown key '{key}' in [sync]; it may hold: {', '.join(SYNC_KEYS)}")
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: error: [sync] '{key}' must be a string that is not empty")
        if key == "url" and not value.startswith(HUB_URL):
            raise ConfigError(
                f"{where}: error: [sync] url must be a postgresql:// URL, like postgresql://ana@hub/cadence"
            )


def _check_serve(table: object, spans: Mapping[Any, Any], path: str) -> None:
    if not isinstance(table, dict):
        where = _place(path, spans, "serve")
        raise ConfigError(f"{where}: error: 'serve' must be a table: write [serve] on a line of its own")
    for key, value in table.items():
        where = _place(path, spans, "serve", key)
        kind = SERVE_KEYS.get(key)
        if kind is None:
            raise ConfigError(f"{where}: error: unknown key '{key}' in [serve]; it may hold: {', '.join(SERVE_KEYS)}")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            what = {bool: "true or false", str: "a string", int: "a whole number"}[kind]
            raise ConfigError(f"{where}: error: [serve] '{key}' must be {what}")
        if isinstance(value, int) and key == "port" and not 1 <= value <= 65535:
            raise ConfigError(f"{where}: error: [serve] port must be from 1 to 65535, not {value}")
        if isinstance(value, str) and not value.strip():
            raise ConfigError(f"{where}: error: [serve] '{key}' must be a string that is not empty")
        if isinstance(value, str) and key == "url" and not value.startswith(("http://", "https://")):
            raise ConfigError(
                f"{where}: error: [serve] url must be an http:// or https:// address, like https://cadence.example.org"
            )


def with_key(text: str, key: str, value: str) -> str:
    """config.toml's text with a top-level `key` set to `value`, every other line (comments too) as it was.

    The `key = ...` line is written by tomli-w, so any text is quoted right; a key not there yet goes first.
    """
    import re

    import tomli_w

    line = tomli_w.dumps({key: value}).strip()
    lines = text.splitlines()
    header = next((index for index, each in enumerate(lines) if each.lstrip().startswith("[")), len(lines))
    for index in range(header):
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[index]):
            lines[index] = line
            break
    else:
        lines.insert(0, line)
    return "\n".join(lines) + "\n"


def set_key(env: Mapping[str, str], key: str, value: str) -> Path:
    """Set one top-level key of config.toml, everything else kept; the file's path.

    A config.toml with errors is refused (untouched), as every command refuses it. The file is replaced
    whole (a temporary file renamed over it), so a reader never sees half of it.
    """
    import os
    import tomllib

    read_config(env)
    path = config_dir(env) / "config.toml"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as error:
        raise ConfigError(f"{path}: error: cannot read the config file: {error.strerror or error}") from None
    written = with_key(text, key, value)
    if tomllib.loads(written).get(key) != value:
        raise UserError(f"{path}: its '{key}' key could not be set; set {key} = \"{value}\" there by hand")
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(written, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def resolve_plan(flag: str | None, env: Mapping[str, str]) -> PlanSource:
    if flag is not None and not flag.strip():
        raise UserError("--plan needs a file; it was given an empty name")
    if flag:
        return PlanSource(os.path.expanduser(flag), flag)
    if "CADENCE_PLAN" in env and not env["CADENCE_PLAN"].strip():
        raise UserError("CADENCE_PLAN needs a file; it is set to an empty name (unset it for the configured plan)")
    if env.get("CADENCE_PLAN"):
        value = env["CADENCE_PLAN"]
        return PlanSource(os.path.expanduser(value), value)
    configured = read_config(env).get("plan")
    if configured:
        return PlanSource(os.path.join(config_folder(env), os.path.expanduser(configured)), configured)
    path = os.path.join(PLANS_DIR, f"{DEFAULT_PLAN}.toml")  # not a glob of the folder: a pattern compiled costs
    return PlanSource(path, f"{DEFAULT_PLAN}.toml (bundled)", bundled=True)


def resolve_home(flag: str | None, env: Mapping[str, str]) -> str:
    """The home folder, as a string (`Session.home` gives it as a Path)."""
    if flag is not None and not flag.strip():
        raise UserError("--home needs a folder; it was given an empty name")
    if flag is None and not env.get("CADENCE_HOME", "x").strip():
        raise UserError("CADENCE_HOME needs a folder; it is set to an empty name (unset it for the default home)")
    return home_folder(flag, env)
