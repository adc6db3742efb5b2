"""A plan is read from a regular file of a plan's size: a device, a pipe or a huge file is refused in one line at
once; a byte-order mark is read past, and every position still counts as the editor shows it."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from helpers import Cli

PLAN = '[plan]\nname = "Files"\nstart = 2026-11-30\nweeks = 2\n\n[[task]]\nid = "comment"\ntitle = "Comments"\n'


def bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """`cadence ARGS` in a process that may use 1 GiB and 20 seconds at most."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    script = Path(sys.executable).parent / "cadence"
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, timeout=20, preexec_fn=limit, check=False
    )


def test_a_device_as_the_plan_is_refused_at_once_not_read_without_end() -> None:
    done = bounded("today", "--plan", "/dev/zero")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "/dev/zero: error: is a device, not a plan file\n")


def test_a_named_pipe_as_the_plan_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "plan.toml"
    os.mkfifo(pipe)
    done = bounded("today", "--plan", str(pipe))
    assert (done.returncode, done.stderr) == (1, f"{pipe}: error: is a named pipe, not a plan file\n")


def test_a_plan_file_larger_than_any_plan_is_refused_unread(cli: Cli, tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as file:
        file.truncate(5 * 2**20)  # sparse: nothing is written to the disk
    result = cli("plan", "check", str(huge))
    assert (result.code, result.err) == (
        1,
        f"{huge}: error: holds 5.0 MiB; a plan is far smaller (one at every bound of the format: about 420 KiB),"
        " so at most 4 MiB is read\n",
    )


def test_a_plan_saved_with_a_byte_order_mark_is_used_and_its_errors_keep_their_places(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_bytes(b"\xef\xbb\xbf" + PLAN.encode())
    assert cli("today", "--plan", str(plan)).code == 0
    plan.write_bytes(b"\xef\xbb\xbf" + PLAN.replace('name = "Files"', 'name = "Files" x').encode())
    result = cli("plan", "check", str(plan))
    assert (
        result.err.splitlines()[0]
        == f"{plan}:2:16: error: TOML syntax: expected newline or end of document after a statement"
    )


def test_a_byte_that_is_not_utf8_is_placed_by_characters_as_an_editor_counts(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_bytes(
        PLAN.replace('title = "Comments"', 'title = "\u00e9\u00e9"').encode().replace(b'\xa9"', b'\xa9\xff"')
    )
    result = cli("plan", "check", str(plan))
    assert (result.code, result.err) == (1, f"{plan}:8:12: error: is not UTF-8 text; save the plan as UTF-8\n")
