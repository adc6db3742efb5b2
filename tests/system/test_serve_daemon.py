"""The daemon runs the check-in page when `[serve] enabled = true`, beside its reminders, and stops it with them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from helpers import PlanWriter, run_process, wait_until
from plans import plan, plan_table, task
from web import Client, free_port, wait_for_port

PLAN = plan(plan_table("Daemon page"), task("comment", "Thoughtful comments", unit="comments", target=3))


def daemon(plan_file: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    no_bus = f"unix:path={tempfile.gettempdir()}/cadence-no-bus-{os.getpid()}"  # no desktop: said once, goes on
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "cadence"), "daemon", "--plan", str(plan_file)],
        env={**os.environ, **env, "DBUS_SESSION_BUS_ADDRESS": no_bus},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_daemon_serves_the_page_and_a_check_in_from_it_lands(
    write_plan: PlanWriter, isolated_env: dict[str, str], tmp_path: Path
) -> None:
    plan_file = write_plan(PLAN)
    port = free_port()
    config = Path(isolated_env["XDG_CONFIG_HOME"]) / "cadence"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(f"[serve]\nenabled = true\nport = {port}\n")
    process = daemon(plan_file, isolated_env)
    try:
        wait_for_port(port, process)
        paired = run_process("serve", "--pair", "--plan", str(plan_file))  # the daemon's port: the link goes to it
        assert paired.code == 0, paired.err
        assert paired.out.splitlines()[-1] == (
            f"cadence already serves this home at http://127.0.0.1:{port} (the daemon?): the link works there."
        )
        phone = Client(port)
        assert phone.pair(paired.out.splitlines()[1].strip()).status == 303
        assert "Checked in comment: 3/3 comments on Wed 2026-12-02, done." in phone.act(
            "/check", task="comment", day="2026-12-02"
        )
        today = run_process("today", "--plan", str(plan_file))
        assert "3/3 comments" in today.out and "done" in today.out
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert f"serving the check-in page at http://127.0.0.1:{port}" in err
    assert "phone: Checked in comment: 3/3 comments" in err and "Traceback" not in err
    assert "cadence daemon stopping" in err
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # the page stopped with the daemon


def test_a_daemon_whose_port_is_taken_says_so_once_and_keeps_reminding(
    write_plan: PlanWriter, isolated_env: dict[str, str]
) -> None:
    plan_file = write_plan(PLAN)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        config = Path(isolated_env["XDG_CONFIG_HOME"]) / "cadence"
        config.mkdir(parents=True)
        (config / "config.toml").write_text(f"[serve]\nenabled = true\nport = {port}\n")
        process = daemon(plan_file, isolated_env)
        log = Path(isolated_env["CADENCE_HOME"]) / "daemon.log"
        try:
            wait_until(lambda: log.exists() and "serve: " in log.read_text(), "the daemon to say why it cannot serve")
            assert process.poll() is None  # the reminders go on
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert f"ERROR serve: cannot listen on 127.0.0.1:{port}: Address already in use" in err
