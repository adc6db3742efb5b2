"""A tmux server with a client attached, as a person's would be: for reminders that go to tmux.

A client needs a terminal: it runs in a pane of a second tmux server (the
"screen"), whose own sessions are detached. Both servers are on private
sockets in the test's own TMUX_TMPDIR (see `isolated_env`), so a daemon that
looks for the user's servers finds these two and no one else's.
"""

from __future__ import annotations

import os
import time

from terminal import Terminal


class Attached:
    """`work`: the server with one client attached; `screen`: the terminal the client draws on."""

    def __init__(self, name: str = "attached") -> None:
        unique = f"{os.getpid()}-{time.monotonic_ns()}"
        self.work = Terminal(f"{name}-work-{unique}")
        self.screen = Terminal(f"{name}-screen-{unique}")

    def start(self, width: int = 160, height: int = 8) -> None:
        made = self.work.tmux("new-session", "-d", "-s", "work", "-x", str(width), "-y", str(height))
        assert made.returncode == 0, made.stderr
        attach = f"env -u TMUX tmux -L {self.work.socket} -f /dev/null attach -t work"
        shown = self.screen.tmux("new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height), attach)
        assert shown.returncode == 0, shown.stderr
        deadline = time.monotonic() + 10
        while not self.clients():
            assert time.monotonic() < deadline, "the tmux client did not attach"
            time.sleep(0.05)

    def clients(self) -> list[str]:
        return [line for line in self.work.tmux("list-clients", "-F", "#{client_name}").stdout.splitlines() if line]

    def messages(self) -> list[str]:
        """What was shown on a client's status line, oldest first, from the server's message log (`show-messages`,
        which lists the newest first)."""
        lines = self.work.tmux("show-messages").stdout.splitlines()
        return [line.split(" message: ", 1)[1] for line in reversed(lines) if " message: " in line]

    def wait_for(self, count: int, timeout: float = 20.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(found := self.messages()) < count:
            assert time.monotonic() < deadline, f"{len(found)} of {count} messages shown: {found}"
            time.sleep(0.05)
        return found

    def status_line(self) -> str:
        """The last line of the client's terminal, where tmux shows a message."""
        return self.screen.tmux("capture-pane", "-p", "-t", "app").stdout.rstrip("\n").splitlines()[-1]

    def stop(self) -> None:
        self.screen.tmux("kill-server")
        self.work.tmux("kill-server")
