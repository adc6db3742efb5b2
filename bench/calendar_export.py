"""The calendar export at the plan's bounds: 104 weeks of 300 timed tasks, every day (some 218,000 events)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

CADENCE = str(Path(sys.executable).parent / "cadence")


def largest_plan() -> str:
    """What a plan may hold at most, each task timed on every day but Sunday, with a note to fold."""
    lines = ["[plan]", 'name = "At the bounds"', "start = 2026-11-23", "weeks = 104", 'timezone = "Europe/London"']
    lines += ['rest_days = ["sun"]', 'note = "Every task, every day, for two years: the most a plan may ask"']
    for index in range(300):
        lines += [
            "[[task]]",
            f'id = "task-{index}"',
            f'title = "Task {index}, with; punctuation"',
            f'channel = "channel-{index % 5}"',
            f'at = "{6 + index % 14:02d}:{index * 7 % 60:02d}"',
            'duration = "10m"',
            f"target = {{ start = {1 + index % 3}, peak = {4 + index % 5} }}",
        ]
    return "\n".join(lines) + "\n"


def measure(report: Callable[[str, str, str, bool], bool], folder: Path, env: dict[str, str]) -> bool:
    plan = folder / "largest.toml"
    plan.write_text(largest_plan())
    argv = [CADENCE, "export", "--format", "ics", "--plan", str(plan)]
    times, size = [], 0
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
        size = len(done.stdout)
    median = statistics.median(times)
    return report(
        "export --format ics, 104 weeks x 300 timed tasks",
        f"median {median:.2f} s for {size / 1e6:.0f} MB",
        "<= 6 s",
        median <= 6,
    )
