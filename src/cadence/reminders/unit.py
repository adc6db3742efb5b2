"""The systemd user unit that runs `cadence daemon` with the user's session, desktop or not.

It is wanted by `default.target`, which every user manager reaches (a login
over SSH, a console, any window manager), not `graphical-session.target`, which
only some desktops start: the daemon itself finds where reminders can go
(`reminders.delivery`). It carries the environment the person's shell used,
so the daemon reads the same config.toml, plan and home: `--plan` and `--home`
when they were given, and `CADENCE_PLAN`, `CADENCE_HOME`, a non-default
`XDG_CONFIG_HOME` or `XDG_DATA_HOME`, `TMUX_TMPDIR` (where the tmux servers are)
and `TZ` when they were set. Paths are made absolute. Without a plan named, the
daemon reads config.toml when it starts, so a later `cadence use` takes effect
at the next start. `CADENCE_NOW` (a test's clock) and `CADENCE_SYNC_URL` (it
may hold a password; [sync] in config.toml is the daemon's way) are never
written into it.

Words are quoted the way systemd reads them (not a shell): `%` is doubled
everywhere (systemd expands its specifiers even inside quotes), `$` in
ExecStart too (`Environment=` expands no variables), and a line break, which
systemd cannot take in a value, is refused.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from cadence.config import config_dir
from cadence.errors import UserError
from cadence.folders import base

UNIT_NAME = "cadence.service"
CARRIED = ("CADENCE_PLAN", "CADENCE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "TMUX_TMPDIR", "TZ")
"""The variables of the person's shell that the daemon needs the same (see the module's docstring)."""
SAFE = re.compile(r"[\w./:=@+,-]+", re.ASCII)
"""A word systemd reads as it is written."""


def unit_path(env: Mapping[str, str]) -> Path:
    return config_dir(env).parent / "systemd" / "user" / UNIT_NAME


def systemd_quote(word: str, variables: bool = True) -> str:
    """One word as systemd reads it: as it is when plain, else double-quoted with `\\`, `"` and `%` escaped,
    and `$` too where systemd expands variables (ExecStart, not Environment=)."""
    if "\n" in word or "\r" in word:
        raise UserError(f"cannot write a systemd unit for a path with a line break in it: {word!r}")
    if SAFE.fullmatch(word):
        return word  # nothing systemd would read otherwise
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return '"' + (escaped.replace("$", "$$") if variables else escaped) + '"'


def carried(env: Mapping[str, str]) -> dict[str, str]:
    """The shell's variables the daemon needs the same, paths made absolute; defaults left out."""
    found: dict[str, str] = {}
    for name in CARRIED:
        value = env.get(name)
        if not value:
            continue
        if name.startswith("CADENCE_"):
            value = str(Path(value).expanduser().resolve())
        elif name.startswith("XDG_"):
            fallback = ".config" if name == "XDG_CONFIG_HOME" else ".local/share"
            home = {"HOME": env["HOME"]} if env.get("HOME") else {}
            if not Path(value).is_absolute() or value.rstrip("/") == base(home, name, fallback):
                continue  # ignored by cadence (relative), or what the daemon finds by itself
        found[name] = value
    return found


def unit_text(arguments: Sequence[str], environment: Mapping[str, str]) -> str:
    command = " ".join(systemd_quote(part) for part in [sys.executable, "-m", "cadence", "daemon", *arguments])
    settings = "".join(
        f"Environment={systemd_quote(f'{name}={value}', variables=False)}\n" for name, value in environment.items()
    )
    return (
        "[Unit]\n"
        "Description=cadence reminders: on the desktop, in tmux, or in the log\n"
        "\n"
        "[Service]\n"
        f"{settings}"
        f"ExecStart={command}\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def install(env: Mapping[str, str], arguments: Sequence[str]) -> str:
    """Write the unit; say whether it is new, unchanged, or changed (and then needs a restart)."""
    path = unit_path(env)
    text = unit_text(arguments, carried(env))
    try:
        before = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        before = None
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror or error}") from None
    if before == text:
        return f"{path} is already installed as it would be written: nothing to do, no restart needed."
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    if before is not None:
        return (
            f"Updated {path}; a running daemon keeps the old one until it restarts:\n"
            f"  systemctl --user daemon-reload && systemctl --user restart {UNIT_NAME}"
        )
    # systemd looks for user units in its own $XDG_CONFIG_HOME, which may not be the shell's: a path it takes anywhere.
    named = UNIT_NAME if "XDG_CONFIG_HOME" not in carried(env) else shlex.quote(str(path))
    return (
        f"Wrote {path}.\n"
        "Start it now and at every login with:\n"
        f"  systemctl --user daemon-reload && systemctl --user enable --now {named}"
    )


def uninstall(env: Mapping[str, str]) -> str:
    """Disable and stop the unit (when systemd is there to ask), then remove it."""
    path = unit_path(env)
    if not path.exists():
        raise UserError(f"no cadence unit to remove at {path}")
    said = _systemctl("disable", "--now", UNIT_NAME)
    path.unlink()
    reloaded = _systemctl("daemon-reload")
    if said is None or reloaded is None:
        return (
            f"Removed {path}.\n"
            f"If it was running: systemctl --user disable --now {UNIT_NAME} && systemctl --user daemon-reload"
        )
    return f"Disabled and stopped {UNIT_NAME}, then removed {path}."


def _systemctl(*words: str) -> str | None:
    """`systemctl --user ...`; None when there is no systemd user manager to talk to."""
    systemctl = shutil.which("systemctl")
    if systemctl is None:
        return None
    try:
        done = subprocess.run([systemctl, "--user", *words], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
