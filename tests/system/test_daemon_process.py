"""The daemon as a real process: end to end on a private session bus, its refusals, the systemd user unit,
and a Done pressed on the desktop reaching the open TUI."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from daemon_plans import PLAN, daemon_process, plan_text
from helpers import PlanWriter, run_process
from notification_server import NotificationServer
from programs import program


async def test_the_real_daemon_end_to_end(desktop: NotificationServer, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text())
    home = tmp_path / "home"
    address = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    process = daemon_process(plan, home, "2026-12-02T08:59:58", address)
    try:
        [arrived] = await desktop.wait_for(1, timeout=20)
        assert arrived.summary == "Comments"
        second = daemon_process(plan, home, "2026-12-02T08:59:58", address)
        _, err = second.communicate(timeout=20)
        assert second.returncode == 1
        assert err.startswith(f"cadence: error: another cadence daemon is running for {home} (pid ")
        assert err.count("\n") == 1
        desktop.press(arrived, "Done")
        env = {"CADENCE_NOW": "2026-12-02T09:01"}
        deadline = time.monotonic() + 10
        while True:
            today = json.loads(run_process("today", "--json", "--plan", str(plan), "--home", str(home), env=env).out)
            if today["items"][0]["status"] == "done" or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        assert (today["items"][0]["done"], today["items"][0]["status"]) == (3, "done")
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "cadence daemon stopping" in err
    log = (home / "daemon.log").read_text()
    assert "notify: Comments | 3 comments" in log and "Traceback" not in log


def test_daemon_refuses_a_broken_plan_in_one_line(write_plan: PlanWriter, tmp_path: Path) -> None:
    plan = write_plan(plan_text(at="nine"))
    result = run_process("daemon", "--plan", str(plan), "--home", str(tmp_path / "home"))
    assert result.code == 1
    assert (
        result.err
        == f"{plan}:14:6: error: 'at' in [[task]] 'comment' must be a time of day like \"08:30\", not the string \"nine\"\n"
    )


def test_install_and_uninstall_the_user_unit(tmp_path: Path) -> None:
    installed = run_process("daemon", "--install")
    unit = tmp_path / "config" / "systemd" / "user" / "cadence.service"
    assert installed.code == 0
    assert installed.out.splitlines()[-1] == (
        f"  systemctl --user daemon-reload && systemctl --user enable --now {unit}"  # a config folder of its own
    )
    text = unit.read_text()
    assert f"ExecStart={sys.executable} -m cadence daemon\n" in text
    assert f"Environment=CADENCE_HOME={tmp_path / 'home'}\n" in text
    assert "WantedBy=default.target" in text
    removed = run_process("daemon", "--uninstall")
    assert removed.code == 0 and not unit.exists()
    again = run_process("daemon", "--uninstall")
    assert (again.code, again.err) == (1, f"cadence: error: no cadence unit to remove at {unit}\n")


def test_the_unit_follows_config_and_says_when_to_restart(tmp_path: Path, write_plan: PlanWriter) -> None:
    unit = tmp_path / "config" / "systemd" / "user" / "cadence.service"
    assert run_process("daemon", "--install").code == 0
    exec_start = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
    assert "--plan" not in exec_start  # the plan comes from config.toml at each start
    again = run_process("daemon", "--install")
    assert again.out == f"{unit} is already installed as it would be written: nothing to do, no restart needed.\n"
    odd = write_plan(PLAN, "100% $HOME plan.toml")
    changed = run_process("daemon", "--install", "--plan", str(odd), "--home", str(tmp_path / "home"))
    assert changed.out.splitlines()[0] == f"Updated {unit}; a running daemon keeps the old one until it restarts:"
    exec_start = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
    quoted = str(odd).replace("%", "%%").replace("$", "$$")
    assert exec_start.endswith(f'--plan "{quoted}" --home {tmp_path / "home"}')
    text = unit.read_text()
    assert "graphical-session" not in text  # a login over SSH starts no graphical session


def test_systemd_analyze_accepts_the_unit(tmp_path: Path, write_plan: PlanWriter) -> None:
    analyze = program("systemd-analyze")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "TMUX_TMPDIR": str(tmp_path / "100% $tmux")}
    odd = write_plan(PLAN, "100% $HOME plan.toml")
    assert run_process("daemon", "--install", "--plan", str(odd), env=env).code == 0
    unit = tmp_path / "config" / "systemd" / "user" / "cadence.service"
    runtime = tempfile.mkdtemp(prefix="cadence-run-")  # short: the user units here put sockets in it
    try:
        done = subprocess.run(
            [analyze, "--user", "verify", "--man=no", str(unit)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **env, "XDG_RUNTIME_DIR": runtime},
        )
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    assert (done.returncode, done.stderr) == (0, "")


async def test_done_pressed_on_the_desktop_shows_in_the_open_tui_within_a_second(
    desktop: NotificationServer, tmp_path: Path
) -> None:
    """The daemon's Done button writes from another process; the TUI in a real terminal shows it."""
    from terminal import Terminal

    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text())
    home = tmp_path / "home"
    address = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    process = daemon_process(plan, home, "2026-12-02T08:59:57", address)
    terminal = Terminal(f"cadence-done-{os.getpid()}-{time.monotonic_ns()}")
    try:
        log = home / "daemon.log"
        deadline = time.monotonic() + 20
        while not (log.exists() and "cadence daemon running" in log.read_text()):  # it holds the lock first
            assert time.monotonic() < deadline, "the daemon did not start"
            await asyncio.sleep(0.05)
        env = {
            "CADENCE_HOME": str(home),
            "CADENCE_NOW": "2026-12-02T08:59:58",
            "DBUS_SESSION_BUS_ADDRESS": address,
            "TERM": "xterm-256color",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
        }
        settings = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        cadence = shlex.quote(str(Path(sys.executable).parent / "cadence"))
        terminal.open(f"env {settings} {cadence} --plan {shlex.quote(str(plan))}")
        await asyncio.to_thread(terminal.wait, lambda: "today 0/1 done" in terminal.screen(), "the Today screen")
        [arrived] = await desktop.wait_for(1, timeout=20)
        desktop.press(arrived, "Done")
        pressed = time.monotonic()
        await asyncio.to_thread(terminal.wait, lambda: "today 1/1 done" in terminal.screen(), "the Done", 5)
        assert time.monotonic() - pressed <= 1.0
    finally:
        terminal.tmux("kill-server")
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
