"""The systemd user unit that runs `cadence daemon` whenever a graphical session is up.

The unit follows systemd.special(7) for a service that needs the graphical
session: pulled in by `graphical-session.target` (WantedBy), started after it,
stopped with it (PartOf) and never started without it (Requisite). It names the
plan only when the person named one at install time (`--plan`, `$CADENCE_PLAN`);
otherwise the daemon reads it from config.toml when it starts, so a later
`cadence use` takes effect at the next start. Arguments are quoted the way
systemd reads them (not a shell): `%` and `$` are doubled, and a newline, which
systemd cannot take in a path, is refused.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from cadence.config import config_dir
from cadence.errors import UserError

UNIT_NAME = "cadence.service"


def unit_path(env: Mapping[str, str]) -> Path:
    return config_dir(env).parent / "systemd" / "user" / UNIT_NAME


def systemd_quote(word: str) -> str:
    """One word of ExecStart as systemd reads it: as it is when plain, else double-quoted with `\\`, `"`,
    `%` and `$` escaped."""
    if "\n" in word or "\r" in word:
        raise UserError(f"cannot write a systemd unit for a path with a line break in it: {word!r}")
    if re.fullmatch(r"[\w./:=@+,-]+", word, re.ASCII):
        return word  # nothing systemd would read otherwise
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'


def unit_text(arguments: Sequence[str]) -> str:
    command = " ".join(systemd_quote(part) for part in [sys.executable, "-m", "cadence", "daemon", *arguments])
    return (
        "[Unit]\n"
        "Description=cadence reminders and desktop notifications\n"
        "PartOf=graphical-session.target\n"
        "After=graphical-session.target\n"
        "Requisite=graphical-session.target\n"
        "\n"
        "[Service]\n"
        f"ExecStart={command}\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "\n"
        "[Install]\n"
        "WantedBy=graphical-session.target\n"
    )


def install(env: Mapping[str, str], arguments: Sequence[str]) -> str:
    """Write the unit; say whether it is new, unchanged, or changed (and then needs a restart)."""
    path = unit_path(env)
    text = unit_text(arguments)
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
    return (
        f"Wrote {path}.\n"
        "Start it now and at every login with:\n"
        f"  systemctl --user daemon-reload && systemctl --user enable --now {UNIT_NAME}"
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
