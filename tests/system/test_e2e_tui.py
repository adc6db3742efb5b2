"""The real `cadence` in a real terminal: tmux on a private socket, driven by its keys."""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

from helpers import run_process
from plans import plan, plan_table, task
from terminal import Terminal

PLAN = plan(
    plan_table("Terminal plan"),
    task("comment", "Thoughtful comments", at="08:30", unit="comments", target=3),
)


def test_check_in_with_the_keyboard_then_read_it_back(terminal: Terminal, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN)
    home = tmp_path / "home"
    env = {
        "CADENCE_HOME": str(home),
        "CADENCE_NOW": "2026-12-02T09:30",
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",  # no desktop: toasts only
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    cadence = Path(sys.executable).parent / "cadence"
    command = " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            shlex.quote(str(cadence)),
            "--plan",
            shlex.quote(str(plan)),
        ]
    )
    terminal.open(command)
    terminal.wait(
        lambda: "Thoughtful comments" in terminal.screen() and "q Quit" in terminal.screen(), "the Today screen"
    )
    assert "Terminal plan  week 2 of 4  Wed 02 Dec 2026" in terminal.screen()
    terminal.tmux("send-keys", "-t", "app", "space")
    terminal.wait(lambda: "done" in terminal.screen() and "today 1/1 done" in terminal.screen(), "the check-in to show")
    terminal.tmux("send-keys", "-t", "app", "q")
    terminal.wait(lambda: not terminal.alive(), "cadence to quit")
    today = run_process("today", "--json", "--plan", str(plan), env=env)
    assert today.code == 0, today.err
    [item] = json.loads(today.out)["items"]
    assert (item["id"], item["done"], item["status"]) == ("comment", 3, "done")


FLOATING = plan(
    plan_table("Floating plan", start=None),
    task("comment", "Thoughtful comments", at="08:30", unit="comments", target=3),
)


def test_first_use_picks_next_monday_then_a_shift_by_keyboard(terminal: Terminal, tmp_path: Path) -> None:
    plan_file = tmp_path / "floating.toml"
    plan_file.write_text(FLOATING)
    env = {
        "CADENCE_HOME": str(tmp_path / "home"),
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    cadence = shlex.quote(str(Path(sys.executable).parent / "cadence"))

    def open_at(now: str) -> None:
        settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**env, "CADENCE_NOW": now}.items())
        terminal.open(f"env {settings} {cadence} --plan {shlex.quote(str(plan_file))}")

    open_at("2026-12-02T09:30")  # a Wednesday
    terminal.wait(lambda: "When does Floating plan begin?" in terminal.screen(), "the choice of a first day")
    assert "next Monday, Mon 07 Dec" in terminal.screen()
    terminal.tmux("send-keys", "-t", "app", "m")
    terminal.wait(lambda: "Floating plan starts on Mon 07 Dec 2026." in terminal.screen(), "the plan to start Monday")
    terminal.tmux("send-keys", "-t", "app", "q")
    terminal.wait(lambda: not terminal.alive(), "cadence to quit")
    terminal.tmux("kill-server")

    open_at("2026-12-09T09:30")  # the Wednesday of week 1
    terminal.wait(lambda: "Thoughtful comments" in terminal.screen() and "q Quit" in terminal.screen(), "Today")
    assert "When does" not in terminal.screen()  # asked once
    terminal.tmux("send-keys", "-t", "app", "-l", ">")
    terminal.wait(lambda: "Life happened: Wed 09 Dec (1 day)" in terminal.screen(), "the life-happened dialog")
    terminal.tmux("send-keys", "-t", "app", "2")  # move the plan a whole week later
    terminal.wait(lambda: "Shifted: a free day" in terminal.screen(), "today to be a shifted day")
    terminal.tmux("send-keys", "-t", "app", "q")
    terminal.wait(lambda: not terminal.alive(), "cadence to quit")

    today = run_process("today", "--json", "--plan", str(plan_file), env={**env, "CADENCE_NOW": "2026-12-09T10:00"})
    assert today.code == 0, today.err
    data = json.loads(today.out)
    assert (data["start"], data["tracking_from"], data["shifted"], data["end"]) == (
        "2026-12-07",
        "2026-12-07",
        True,
        "2027-01-10",
    )


def test_a_check_in_from_another_process_shows_within_a_second(terminal: Terminal, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(PLAN)
    env = {
        "CADENCE_HOME": str(tmp_path / "home"),
        "CADENCE_NOW": "2026-12-02T09:30",
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    cadence = shlex.quote(str(Path(sys.executable).parent / "cadence"))
    terminal.open(f"env {settings} {cadence} --plan {shlex.quote(str(plan_file))}")
    terminal.wait(lambda: "today 0/1 done" in terminal.screen(), "the Today screen")
    checked = run_process("check", "comment", "--plan", str(plan_file), env=env)
    assert checked.code == 0, checked.err
    written = time.monotonic()
    terminal.wait(lambda: "today 1/1 done" in terminal.screen(), "the other process's check-in", timeout=5)
    assert time.monotonic() - written <= 1.0
    terminal.tmux("send-keys", "-t", "app", "space")  # the item is done in the store: nothing more
    terminal.wait(lambda: "already done" in terminal.screen(), "the app to say so")
    terminal.tmux("send-keys", "-t", "app", "q")
    terminal.wait(lambda: not terminal.alive(), "cadence to quit")
    today = run_process("today", "--json", "--plan", str(plan_file), env=env)
    [item] = json.loads(today.out)["items"]
    assert (item["done"], item["status"]) == (3, "done")
