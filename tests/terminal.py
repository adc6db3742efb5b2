"""A real terminal for end-to-end tests: tmux on a private socket, never the developer's server."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable


class Terminal:
    """A tmux server of our own; never the developer's."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        # COLUMNS and LINES are set in a pytest run; the programs in the window
        # would take them over the window's real size.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, check=False, env=env
        )

    def open(self, command: str, width: int = 100, height: int = 30) -> None:
        """Run a command in a window of that size from its first moment.

        A pane starts at tmux's default size and is resized after; a program that
        reads its size before installing its SIGWINCH handler would keep 80x24.
        """
        self.tmux("new-session", "-d", "-s", "base", "-x", str(width), "-y", str(height))
        self.tmux("set-option", "-g", "default-size", f"{width}x{height}")
        started = self.tmux("new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height), command)
        assert started.returncode == 0, started.stderr

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app").stdout

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", "app").returncode == 0

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen:\n{self.screen()}")
            time.sleep(0.05)
