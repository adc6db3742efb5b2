"""The systemd user unit that runs `cadence daemon` at every login of a graphical session."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Mapping
from pathlib import Path

from cadence.errors import UserError
from cadence.paths import config_dir

UNIT_NAME = "cadence.service"


def unit_path(env: Mapping[str, str]) -> Path:
    return config_dir(env).parent / "systemd" / "user" / UNIT_NAME


def unit_text(arguments: list[str]) -> str:
    command = " ".join(shlex.quote(part) for part in [sys.executable, "-m", "cadence", "daemon", *arguments])
    return (
        "[Unit]\n"
        "Description=cadence reminders and desktop notifications\n"
        "After=graphical-session.target\n"
        "PartOf=graphical-session.target\n"
        "\n"
        "[Service]\n"
        f"ExecStart={command}\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "\n"
        "[Install]\n"
        "WantedBy=graphical-session.target\n"
    )


def install(env: Mapping[str, str], arguments: list[str]) -> str:
    path = unit_path(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(unit_text(arguments), encoding="utf-8")
    return (
        f"Wrote {path}.\n"
        "Start it now and at every login with:\n"
        f"  systemctl --user daemon-reload && systemctl --user enable --now {UNIT_NAME}"
    )


def uninstall(env: Mapping[str, str]) -> str:
    path = unit_path(env)
    if not path.exists():
        raise UserError(f"no cadence unit to remove at {path}")
    path.unlink()
    return (
        f"Removed {path}.\n"
        f"If it was running: systemctl --user disable --now {UNIT_NAME} && systemctl --user daemon-reload"
    )
