"""`cadence daemon --install`: a unit that starts with the user's session and reads what the shell reads."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from helpers import Cli


def test_a_config_folder_of_its_own_is_carried_into_the_unit_with_the_plan_home_and_zone(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "my config"
    sockets = os.environ["TMUX_TMPDIR"]
    installed = cli(
        "daemon",
        "--install",
        XDG_CONFIG_HOME=str(config),
        XDG_DATA_HOME=str(tmp_path / "userhome" / ".local" / "share"),  # the default: the daemon finds it itself
        CADENCE_PLAN="~/plans/50%.toml",
        CADENCE_HOME="home",
    )
    unit = config / "systemd" / "user" / "cadence.service"
    assert (installed.code, installed.err) == (0, "")
    assert installed.out == (
        f"Wrote {unit}.\n"
        "Start it now and at every login with:\n"
        f"  systemctl --user daemon-reload && systemctl --user enable --now '{unit}'\n"
    )
    assert unit.read_text() == (
        "[Unit]\n"
        "Description=cadence reminders: on the desktop, in tmux, or in the log\n"
        "\n"
        "[Service]\n"
        f'Environment="CADENCE_PLAN={tmp_path}/userhome/plans/50%%.toml"\n'
        f"Environment=CADENCE_HOME={tmp_path}/home\n"
        f'Environment="XDG_CONFIG_HOME={tmp_path}/my config"\n'
        f"Environment=TMUX_TMPDIR={sockets}\n"
        "Environment=TZ=Europe/London\n"
        f"ExecStart={sys.executable} -m cadence daemon\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def test_the_default_config_folder_is_left_to_the_daemon(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "userhome"
    monkeypatch.delenv("CADENCE_HOME")  # the default home: nothing to carry
    installed = cli("daemon", "--install", XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME="", TZ="")
    unit = home / ".config" / "systemd" / "user" / "cadence.service"
    assert installed.out.splitlines()[-1] == (
        "  systemctl --user daemon-reload && systemctl --user enable --now cadence.service"
    )
    assert [line for line in unit.read_text().splitlines() if line.startswith("Environment=")] == [
        f"Environment=TMUX_TMPDIR={os.environ['TMUX_TMPDIR']}"
    ]


def test_a_config_folder_with_a_line_break_is_refused_and_nothing_written(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "two\nlines"
    refused = cli("daemon", "--install", XDG_CONFIG_HOME=str(folder))
    assert (refused.code, refused.out) == (1, "")
    assert refused.err == (
        "cadence: error: cannot write a systemd unit for a path with a line break in it:"
        f" 'XDG_CONFIG_HOME={tmp_path}/two\\nlines'\n"
    )
    assert not (folder / "systemd").exists()
