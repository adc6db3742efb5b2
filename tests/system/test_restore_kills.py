"""A restore killed at any moment leaves the home as it was or restored, and nothing stray: killed before each
of its steps on files, and with SIGKILL at random moments. The next command settles what the kill left."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from helpers import Cli, PlanWriter
from plans import plan, plan_table, task
from stores import MARKER, crash_after_write, history

pytestmark = pytest.mark.slow

PLAN = plan(plan_table("Faults", start=date(2026, 11, 30), weeks=2), task("comment", "Comments", target=3))
IN_THE_LOG = "in the -wal only: its writer was killed"
HISTORY = [MARKER] + ["x" * 90] * 120
AS_IT_WAS = [*HISTORY, "after the backup", IN_THE_LOG]
LOADED = "import cadence.cli, cadence.cli.transfer, cadence.store.backups, cadence.store.restoring\n"
STEPPED = (
    LOADED
    + """
import os, sys
home, backup, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
calls = 0

def counted(original):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == limit:
            os._exit(137)  # killed just before this step
        return original(*args, **kwargs)
    return call

for name in ("open", "link", "replace", "rename", "unlink", "mkdir", "rmdir", "fsync"):
    setattr(os, name, counted(getattr(os, name)))
code = cadence.cli.main(["restore", backup, "--home", home])
print("steps", calls, flush=True)
sys.exit(code)
"""
)
WAITING = (
    LOADED
    + """
import sys
print("ready", flush=True)
sys.stdin.readline()
sys.exit(cadence.cli.main(["restore", sys.argv[2], "--home", sys.argv[1]]))
"""
)


def notes(cli: Cli, home: Path) -> list[str]:
    result = cli("export", "--format", "json", "--home", str(home))
    assert result.code == 0, result.err
    return [event["note"] for event in json.loads(result.out)["events"] if event["kind"] == "checkin"]


@pytest.fixture
def template(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> tuple[Path, Path]:
    """A home whose store has a check-in its backup lacks and another only in its -wal; the backup, kept
    outside the home."""
    home = tmp_path / "template"
    history(home)
    backup = tmp_path / "elsewhere" / "copy.db"
    backup.parent.mkdir()
    assert cli("backup", str(backup), "--home", str(home)).code == 0
    plan_file = str(write_plan(PLAN))
    assert (
        cli("check", "comment", "1", "--note", "after the backup", "--home", str(home), "--plan", plan_file).code == 0
    )
    crash_after_write(home, IN_THE_LOG)
    return home, backup


def check_settled(cli: Cli, home: Path, backup: Path, original: bytes) -> str:
    """After a kill: the store is the old file or the new one; once the next command settled the rest, the
    history is as it was or as the backup has it, what was set aside is whole, and nothing is stray."""
    now = (home / "cadence.db").read_bytes()
    found = notes(cli, home)  # the next start
    asides = sorted(home.glob("backups/*-before-restore*"))
    leftovers = [str(path.relative_to(home)) for path in home.rglob(".*")]
    assert leftovers == [], leftovers
    assert sorted(path.name for path in backup.parent.iterdir()) == ["copy.db"]
    if found == AS_IT_WAS:
        assert now == original and asides == []
        return "as it was"
    assert found == HISTORY, found[-3:]
    assert len(asides) == 1
    kept = home.parent / f"kept-{home.name}"
    shutil.copytree(asides[0], kept)
    assert notes(cli, kept) == AS_IT_WAS  # the store as it was, its -wal with it
    return "restored"


def fresh(template: Path, home: Path) -> bytes:
    shutil.copytree(template, home)
    return (home / "cadence.db").read_bytes()


def test_a_restore_killed_before_each_of_its_steps_on_files_leaves_the_home_as_it_was_or_restored(
    cli: Cli, tmp_path: Path, template: tuple[Path, Path]
) -> None:
    source, backup = template

    def run(home: Path, limit: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", STEPPED, str(home), str(backup), str(limit)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    fresh(source, tmp_path / "whole")
    whole = run(tmp_path / "whole", 0)
    assert whole.returncode == 0, whole.stderr
    steps = int(whole.stdout.split()[-1])
    assert steps > 10
    outcomes = []
    for limit in range(1, steps + 1):
        home = tmp_path / f"killed-{limit}"
        original = fresh(source, home)
        killed = run(home, limit)
        assert killed.returncode == 137, killed.stderr
        outcomes.append(check_settled(cli, home, backup, original))
    assert outcomes[0] == "as it was" and outcomes[-1] == "restored"
    print(f"{steps} steps: {outcomes.count('as it was')} as it was, {outcomes.count('restored')} restored")


KILLS = 24


def test_a_restore_killed_with_sigkill_at_random_moments_leaves_the_home_as_it_was_or_restored(
    cli: Cli, tmp_path: Path, template: tuple[Path, Path]
) -> None:
    source, backup = template

    def start(home: Path) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", WAITING, str(home), str(backup)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        return process

    fresh(source, tmp_path / "timed")
    timed = start(tmp_path / "timed")
    assert timed.stdin is not None
    began = time.monotonic()
    timed.stdin.write("go\n")
    timed.stdin.flush()
    assert timed.wait(timeout=60) == 0
    took = time.monotonic() - began
    rng = random.Random(24)
    outcomes = []
    for kill in range(KILLS):
        home = tmp_path / f"killed-{kill}"
        original = fresh(source, home)
        process = start(home)
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
        time.sleep(rng.uniform(0, took))  # the moment of the kill; the test waits on no condition here
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        process.communicate(timeout=10)
        outcomes.append(check_settled(cli, home, backup, original))
    print(f"a restore takes {took * 1000:.0f} ms; {KILLS} kills: {outcomes.count('restored')} restored")
    assert os.path.exists(backup)
