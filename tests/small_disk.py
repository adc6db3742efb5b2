"""A home on a disk that fills up or turns read-only halfway through a session of real `cadence` processes.

Where the machine lets an unprivileged process make a user and mount
namespace (`unshare -rm`), the home lives on a 1 MiB tmpfs of its own: filling
it is a real full disk (ENOSPC), and remounting it read-only a real read-only
home. Elsewhere a full disk is a limit on file sizes in the commands'
processes (RLIMIT_FSIZE at 0, SIGXFSZ ignored, so each write gets EFBIG), and
a read-only home is a folder without write permission (which root ignores: a
test that needs it says why it cannot run).

A session is a list of steps run in order by one runner process (inside the
namespace when there is one): a command, `FILL` or `FREEZE`. Commands run with
their output captured, or on the runner's terminal (`tty=True`, for the TUI in
tmux). The runner writes every result to a JSON file outside the disk, so the
test reads them after the namespace is gone.
"""

from __future__ import annotations

import functools
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal, NamedTuple

from helpers import Result

FILL = "fill"
FREEZE = "freeze"
Kind = Literal["tmpfs", "limits"]


class Step(NamedTuple):
    args: tuple[str, ...]
    tty: bool = False
    """On the runner's terminal (the TUI in a tmux pane); only the exit code is kept."""


def command(*args: str, tty: bool = False) -> Step:
    return Step(tuple(args), tty)


RUNNER = r"""
import json, os, resource, signal, subprocess, sys

spec = json.load(open(sys.argv[1]))
disk, limited, results = spec["disk"], False, []


def limit():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def fill():
    fd = os.open(os.path.join(disk, "filler"), os.O_WRONLY | os.O_CREAT, 0o600)
    for size in (1 << 16, 1 << 12, 1 << 9):
        try:
            while True:
                os.write(fd, b"\0" * size)
        except OSError:
            pass
    os.close(fd)


for step in spec["steps"]:
    if step == "fill":
        if spec["kind"] == "tmpfs":
            fill()
        else:
            limited = True
        continue
    if step == "freeze":
        if spec["kind"] == "tmpfs":
            subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
        else:
            for folder, _, files in os.walk(disk):
                for name in [folder, *(os.path.join(folder, f) for f in files)]:
                    os.chmod(name, os.stat(name).st_mode & ~0o222)
        continue
    args, tty = step
    done = subprocess.run(
        [spec["cadence"], *args],
        capture_output=not tty,
        text=True,
        preexec_fn=limit if limited else None,
        timeout=120,
    )
    results.append([done.returncode, done.stdout or "", done.stderr or ""])
files = sorted(
    os.path.relpath(os.path.join(folder, name), disk)
    for folder, _, names in os.walk(disk)
    for name in names
    if name != "filler"
)
with open(spec["out"] + ".tmp", "w") as file:
    json.dump({"results": results, "files": files}, file)
os.replace(spec["out"] + ".tmp", spec["out"])
"""


@functools.cache
def kind() -> Kind:
    """tmpfs when this machine lets a process mount one in namespaces of its own, else limits."""
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(
            ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {shlex.quote(folder)}"],
            capture_output=True,
            check=False,
        )
    return "tmpfs" if probe.returncode == 0 else "limits"


def can_freeze() -> bool:
    """A read-only home can be made: a tmpfs remounted read-only, or a folder without write permission for a
    user that is not root."""
    return kind() == "tmpfs" or os.geteuid() != 0


class SmallDisk:
    """A folder for a home on a small disk; `session` runs steps on it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.disk = root / "disk"
        self.disk.mkdir(parents=True)
        self.home = self.disk / "home"
        self.kind = kind()
        self.out = root / "results.json"
        self.files: list[str] = []
        """Every file on the disk when the session ended, relative to it (the filler aside)."""

    def runner(self, steps: Sequence[Step | str]) -> list[str]:
        """The argv of the runner of these steps (to run now, or in a tmux pane)."""
        spec = self.root / "spec.json"
        spec.write_text(
            json.dumps(
                {
                    "disk": str(self.disk),
                    "kind": self.kind,
                    "steps": [step if isinstance(step, str) else list(step) for step in steps],
                    "cadence": str(Path(sys.executable).parent / "cadence"),
                    "out": str(self.out),
                }
            )
        )
        python = [sys.executable, "-c", RUNNER, str(spec)]
        if self.kind == "limits":
            return python
        mount = f"mount -t tmpfs -o size=1m tmpfs {shlex.quote(str(self.disk))}"
        return ["unshare", "-rm", "sh", "-c", f"{mount} && exec {shlex.join(python)}"]

    def session(self, steps: Sequence[Step | str], env: Mapping[str, str]) -> list[Result]:
        """Run the steps now; each command's exit code, output and errors."""
        done = subprocess.run(
            self.runner(steps), env={**os.environ, **env}, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stderr
        return self.results()

    def results(self, timeout: float = 0) -> list[Result]:
        """The results of a session run elsewhere (a tmux pane), once its runner has written them."""
        deadline = time.monotonic() + timeout
        while not self.out.exists():
            if time.monotonic() > deadline:
                raise AssertionError(f"the session on the small disk wrote no results in {timeout} s")
            time.sleep(0.05)
        found = json.loads(self.out.read_text())
        self.files = found["files"]
        return [Result(code, out, err) for code, out, err in found["results"]]
