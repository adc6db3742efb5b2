"""Writers killed with SIGKILL at random moments, 30 times over, while others write: every write a writer
saw acknowledged is in the log exactly once, nothing is there twice, and the store is whole."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from cadence.cli import main

WRITER = """
import os, sys
from cadence.cli import main
home, name = sys.argv[1], sys.argv[2]
for step in range(100_000):
    metric = f"{name}-{step}"
    code = main(["log", f"{metric}=1", "--new-metric", "--home", home])
    if code != 0:
        sys.exit(f"{metric}: exit {code}")
    print("ACK", metric, flush=True)  # acknowledged: the write path returned
"""
KILLS = 30
WRITERS = 3


def start(home: Path, name: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home), name], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_every_acknowledged_write_survives_30_kills_exactly_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "CADENCE_HOME": str(home)}
    assert main(["today"], env) == 0  # the bundled plan's run begun, so writers only append
    rng = random.Random(14)
    running = {f"w{index}": start(home, f"w{index}") for index in range(WRITERS)}
    ended: list[subprocess.Popen[str]] = []
    deadline = time.monotonic() + 60
    for kill in range(KILLS):
        time.sleep(rng.uniform(0.05, 0.45))  # the moment of the kill; the test waits on no condition here
        name = rng.choice(sorted(running))
        victim = running.pop(name)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        ended.append(victim)
        running[f"{name}k{kill}"] = start(home, f"{name}k{kill}")
        assert time.monotonic() < deadline, "the kills took too long"
    for process in running.values():
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        ended.append(process)
    acknowledged: list[str] = []
    for process in ended:
        out, err = process.communicate(timeout=10)
        assert "Traceback" not in err and "exit" not in err, err
        acknowledged += [line.split()[1] for line in out.splitlines() if line.startswith("ACK ")]
    db = sqlite3.connect(home / "cadence.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = Counter(metric for (metric,) in db.execute("SELECT metric FROM events WHERE kind = 'result'"))
    finally:
        db.close()
    assert len(acknowledged) > 100  # the writers wrote between the kills
    assert set(acknowledged) <= set(stored)  # nothing acknowledged was lost
    assert max(stored.values()) == 1  # nothing is there twice
    print(f"{len(acknowledged)} acknowledged, {sum(stored.values())} stored, {KILLS} kills")
