"""The TUI's targets, in a real terminal (tmux on a private socket). Imported by bench/run.py.

- From launching `cadence` to the first complete Today frame, against a minimal
  Textual app showing one label, alternated in one run.
- From a check-in key press to its repaint, with 10 years of history.
"""

from __future__ import annotations

import os
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

CADENCE = str(Path(sys.executable).parent / "cadence")
MINIMAL = str(Path(__file__).resolve().parent / "minimal_app.py")
MINIMAL_KEYS = str(Path(__file__).resolve().parent / "minimal_keys.py")


class Tmux:
    def __init__(self, name: str) -> None:
        self.socket = f"cadence-bench-{name}-{os.getpid()}"

    def run(self, *args: str) -> str:
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}  # the window's size rules
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, check=False, env=env
        ).stdout

    def start(self, command: list[str], env: Mapping[str, str]) -> float:
        """Start `command` in a 120x40 window (the server is up first, so the size is right at once)."""
        self.run("new-session", "-d", "-s", "base", "-x", "120", "-y", "40")
        self.run("set-option", "-g", "default-size", "120x40")
        line = " ".join(["env", *(f"{k}={shlex.quote(v)}" for k, v in env.items()), *map(shlex.quote, command)])
        began = time.perf_counter()
        self.run("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", line)
        return began

    def until(self, condition: Callable[[str], bool], timeout: float = 30.0) -> float:
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.run("capture-pane", "-p", "-t", "app")
            if condition(screen):
                return time.perf_counter()
            if time.perf_counter() > deadline:
                raise RuntimeError(f"timed out; the screen:\n{screen}")

    def stop(self) -> None:
        self.run("kill-server")


def _env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {"TERM": "xterm-256color", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent-cadence-bench"}
    env.update(extra)
    return env


def first_frame(folder: Path, runs: int = 15) -> tuple[float, float]:
    """Medians (seconds) to the first complete frame: cadence's Today, and the minimal app."""
    env = _env(
        {
            "CADENCE_HOME": str(folder / "frame-home"),
            "XDG_CONFIG_HOME": str(folder / "cfg"),
            "XDG_CACHE_HOME": str(folder / "cache"),
            "CADENCE_NOW": "2026-12-02T09:30",
        }
    )

    def today_done(screen: str) -> bool:
        return "Social half marathon" in screen and "Thoughtful comments" in screen and "q Quit" in screen

    cadence, minimal = [], []
    for index in range(runs + 1):
        for name, command, ready, into in (
            ("cadence", [CADENCE], today_done, cadence),
            ("minimal", [sys.executable, MINIMAL], lambda screen: "minimal-textual-app-ready" in screen, minimal),
        ):
            tmux = Tmux(name)
            began = tmux.start(command, env)
            try:
                shown = tmux.until(ready)
            finally:
                tmux.stop()
            if index:  # the first round warms the disk cache
                into.append(shown - began)
    return statistics.median(cadence), statistics.median(minimal)


def key_to_repaint(
    plan: Path, env: Mapping[str, str], presses: int = 15, command: Sequence[str] = (CADENCE,)
) -> list[float]:
    """Seconds from a check-in key press to the screen showing it, one task after another.

    `command`: what runs cadence (bench/press_profile.py's timing wrapper); it is quit with q at the end."""
    tmux = Tmux("keys")
    tmux.start([*command, "--plan", str(plan)], _env(env))
    latencies = []
    try:  # a server that never showed is stopped too
        tmux.until(lambda screen: "Task 1" in screen and "q Quit" in screen)
        for _ in range(presses):
            # rows marked done, not a toast that says "already done"
            before = tmux.run("capture-pane", "-p", "-t", "app").count("✓ done")
            began = time.perf_counter()
            tmux.run("send-keys", "-t", "app", "space")
            shown = tmux.until(lambda screen, before=before: screen.count("✓ done") > before, timeout=10)
            latencies.append(shown - began)
            tmux.run("send-keys", "-t", "app", "Down")
            time.sleep(0.2)
        tmux.run("send-keys", "-t", "app", "q")
        deadline = time.perf_counter() + 5
        while "app" in tmux.run("list-sessions", "-F", "#S").split() and time.perf_counter() < deadline:
            time.sleep(0.05)
    finally:
        tmux.stop()
    return latencies


def minimal_key_to_repaint(presses: int = 15) -> list[float]:
    """The same measure on a minimal Textual app: what tmux, the polling and Textual cost by themselves."""
    tmux = Tmux("minimal-keys")
    tmux.start([sys.executable, MINIMAL_KEYS], _env({}))
    latencies = []
    try:  # a server that never showed is stopped too
        tmux.until(lambda screen: "presses 0" in screen)
        for count in range(1, presses + 1):
            began = time.perf_counter()
            tmux.run("send-keys", "-t", "app", "space")
            shown = tmux.until(lambda screen, count=count: f"presses {count}" in screen, timeout=10)
            latencies.append(shown - began)
            time.sleep(0.2)
    finally:
        tmux.stop()
    return latencies


def write_to_repaint(folder: Path, presses: int = 20) -> list[float]:
    """Seconds from another process's check-in (the command has returned) to the open TUI showing it."""
    plan = folder / "repaint.toml"
    tasks = "".join(
        f'\n[[task]]\nid = "t{index}"\ntitle = "Task number {index}"\nunit = "things"\n' for index in range(presses)
    )
    plan.write_text('[plan]\nname = "Repaint"\nstart = 2026-11-30\nweeks = 2\ntimezone = "Europe/London"\n' + tasks)
    env = _env({"CADENCE_HOME": str(folder / "repaint-home"), "CADENCE_NOW": "2026-12-02T09:30"})
    env["XDG_CONFIG_HOME"] = str(folder / "cfg")
    tmux = Tmux("repaint")
    tmux.start([CADENCE, "--plan", str(plan)], env)
    latencies = []
    try:  # a server that never showed is stopped too
        tmux.until(lambda screen: f"today 0/{presses} done" in screen and "q Quit" in screen)
        for index in range(presses):
            subprocess.run(
                [CADENCE, "check", f"t{index}", "--plan", str(plan)],
                env={**os.environ, **env},
                stdout=subprocess.DEVNULL,
                check=True,
            )
            written = time.perf_counter()
            shown = tmux.until(lambda screen, n=index + 1: f"today {n}/{presses} done" in screen, timeout=10)
            latencies.append(shown - written)
    finally:
        tmux.stop()
    return latencies


def measure(
    report: Callable[[str, str, str, bool], bool], folder: Path, history_plan: Path, history_env: Mapping[str, str]
) -> list[bool]:
    cadence, minimal = first_frame(folder)
    ratio = cadence / minimal
    results = [
        report(
            "cadence to its first complete Today frame, in tmux",
            f"median {cadence * 1000:.0f} ms vs a minimal Textual app {minimal * 1000:.0f} ms = {ratio:.2f}x",
            "<= 1.10x",
            ratio <= 1.10,
        )
    ]
    writes = write_to_repaint(folder)
    median = statistics.median(writes)
    results.append(
        report(
            "another process's check-in to the open TUI's repaint, in tmux",
            f"median {median * 1000:.0f} ms, worst {max(writes) * 1000:.0f} ms over {len(writes)} writes",
            "<= 1 s (aim: 300 ms)",
            median <= 1.0,
        )
    )
    latencies = key_to_repaint(history_plan, history_env)
    floor = statistics.median(minimal_key_to_repaint())
    median, worst = statistics.median(latencies), max(latencies)
    results.append(
        report(
            "check-in key press to repaint, 10 years of history, in tmux",
            f"median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms over {len(latencies)} presses"
            f" (a minimal Textual app's key press: median {floor * 1000:.0f} ms)",
            "median <= 20 ms, worst <= 50 ms",
            median <= 0.020 and worst <= 0.050,
        )
    )
    return results
