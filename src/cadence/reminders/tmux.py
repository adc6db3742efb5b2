"""Reminders in tmux: a message on the status line of every attached client of this user's tmux servers.

Where the person has no desktop (a server reached over SSH, a window manager
that starts no notification service), tmux is a terminal tool's natural home.
The servers are found as tmux itself finds them: the sockets in
`$TMUX_TMPDIR/tmux-UID` (`/tmp/tmux-UID` when it is not set), kept to the
sockets this user owns and a server answers on (a dead server leaves its
socket behind), and the server of `$TMUX` when the process runs inside one.
Each client gets `display-message`, so the text also lands in the server's
message log (`show-messages`).

`display-message` expands tmux formats in its text, and `#(...)` in a format
runs a shell command: every `#` of a plan's text is doubled, so a title is
shown as written and never run. An argument ending in `;` would end the
command, so a final `;` is escaped.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import stat
from collections.abc import Mapping
from pathlib import Path

from cadence.reminders.notify import Notification

SHOWN_MS = 10_000
"""How long a reminder stays on the status line. A key press clears it sooner, and still reaches the pane; while
a message shows, tmux (3.3) holds the client's drawing of the panes, so the time is kept short."""
TIMEOUT = 3.0
"""Seconds one tmux command may take; a server that hangs is left for the next reminder."""


def socket_folder(env: Mapping[str, str]) -> Path:
    """Where tmux keeps this user's sockets: `$TMUX_TMPDIR/tmux-UID`, else `/tmp/tmux-UID`."""
    return Path(env.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"


def _answers(path: str) -> bool:
    """Whether a server listens on the socket: a dead one leaves its socket file behind."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        try:
            probe.connect(path)
        except OSError:
            return False
    return True


def servers(env: Mapping[str, str]) -> list[str]:
    """The sockets of this user's running tmux servers, each once."""
    found: list[str] = []
    inside = (env.get("TMUX") or "").split(",", 1)[0]
    candidates = [inside] if inside else []
    folder = socket_folder(env)
    with contextlib.suppress(OSError):  # no folder: no server was ever started
        candidates += sorted(str(entry) for entry in folder.iterdir())
    uid = os.getuid()
    for path in candidates:
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISSOCK(info.st_mode) and info.st_uid == uid and path not in found and _answers(path):
            found.append(path)
    return found


def tmux_text(text: str) -> str:
    """Text for `display-message` that tmux shows as it is: no format expanded, no command run."""
    text = text.replace("#", "##")
    return text[:-1] + "\\;" if text.endswith(";") else text


async def _tmux(program: str, server: str, *words: str) -> str | None:
    """One tmux command against one server; its output, or None when it failed or hung."""
    try:
        process = await asyncio.create_subprocess_exec(
            program,
            "-S",
            server,
            *words,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
    except OSError:
        return None
    try:
        out, _ = await asyncio.wait_for(process.communicate(), TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()
        return None
    return out.decode("utf-8", "replace") if process.returncode == 0 else None


class TmuxNotifier:
    """A Notifier whose screen is every attached tmux client of this user: no buttons, a line each."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.program = shutil.which("tmux", path=env.get("PATH"))

    async def start(self) -> str | None:
        return None if self.program is not None else "tmux is not installed"

    async def clients(self) -> list[tuple[str, str]]:
        """(server, client) for every client attached to one of this user's servers now."""
        if self.program is None:
            return []
        found: list[tuple[str, str]] = []
        for server in await asyncio.to_thread(servers, self.env):
            listed = await _tmux(self.program, server, "list-clients", "-F", "#{client_name}")
            found += [(server, name) for name in (listed or "").splitlines() if name]
        return found

    async def send(self, message: Notification) -> bool:
        """Show a notification on every attached client; whether any client was there to show it."""
        return await self.show(message) > 0

    async def show(self, message: Notification) -> int:
        """Show a notification on every attached client; on how many."""
        lines = [line for line in message.body.splitlines() if line.strip()]
        text = tmux_text(f"cadence: {message.title}" + (f" — {' · '.join(lines)}" if lines else ""))
        shown = 0
        for server, client in await self.clients():
            said = await _tmux(
                self.program or "tmux", server, "display-message", "-c", client, "-d", str(SHOWN_MS), text
            )
            shown += said is not None
        return shown

    async def close(self) -> None:
        return None
