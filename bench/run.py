"""Performance targets of the issues, each measured side by side with its baseline in one run.

Run with `make bench`. Prints one line per target with the medians and PASS/FAIL;
exits 1 when any target is missed. Timings are wall-clock medians of whole
processes, interleaved with the baseline so that machine noise hits both.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

BIN = Path(sys.executable).parent
CADENCE = str(BIN / "cadence")
PYTHON = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "31"))


def wall(argv: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def side_by_side(a: Callable[[], float], b: Callable[[], float], runs: int = RUNS) -> tuple[float, float]:
    """Medians of a and b, run alternately after one warm-up each."""
    a(), b()
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(a())
        times_b.append(b())
    return statistics.median(times_a), statistics.median(times_b)


def generated_plan(weeks: int = 104, tasks: int = 50, blocks: int = 10) -> str:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    lines = ["[plan]", 'name = "Generated"', "start = 2026-11-23", f"weeks = {weeks}", 'rest_days = ["sun"]']
    lines.append("holidays = [2026-12-25, 2027-01-01, 2027-12-25, 2028-01-01]")
    for number, (first, last) in enumerate([(1, 26), (27, 52), (53, 78), (79, 104)]):
        lines += [
            "[[phase]]",
            f'name = "Phase {number + 1}"',
            f'weeks = "{first}-{last}"',
            f"volume = {1 + number * 0.1:.1f}",
        ]
    for week in range(4, weeks + 1, 4):
        lines += ["[[week]]", f"number = {week}", "volume = 0.7", 'note = "Deload"']
    for index in range(tasks):
        lines += [
            "[[task]]",
            f'id = "task-{index}"',
            f'title = "Task number {index}"',
            f'channel = "channel-{index % 5}"',
            f'days = ["{days[index % 6]}", "{days[(index + 2) % 6]}"]',
            f'at = "{6 + index % 12:02d}:{index % 4 * 15:02d}"',
            'duration = "5m"',
            'unit = "things"',
            f"target = {{ start = {1 + index % 3}, peak = {5 + index % 7} }}",
            'results = ["replies", "connections"]',
        ]
    for index in range(blocks):
        lines += [
            "[[block]]",
            f'id = "block-{index}"',
            f'title = "Block {index}"',
            f'days = ["{days[index % 6]}"]',
            f'at = "{8 + index // 6 * 3:02d}:00"',
            'duration = "1h"',
        ]
    lines += ["[[goal]]", 'id = "connections"', 'title = "Connections"', 'metric = "connections"']
    lines += ["target = 500", 'by = "week 104"', "checkpoints = { 26 = 100, 52 = 250 }"]
    return "\n".join(lines) + "\n"


def report(name: str, measured: str, target: str, ok: bool) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {measured} (target: {target})")
    return ok


def bench_today(env: dict[str, str]) -> bool:
    subprocess.run([CADENCE, "today", "--json"], env=env, stdout=subprocess.DEVNULL, check=True)
    today, baseline = side_by_side(
        lambda: wall([CADENCE, "today", "--json"], env),
        lambda: wall([PYTHON, "-c", "import sqlite3, tomllib"], env),
    )
    ratio = today / baseline
    return report(
        "cadence today --json, bundled plan",
        f"median {today * 1000:.1f} ms vs python -c 'import sqlite3, tomllib' {baseline * 1000:.1f} ms = {ratio:.2f}x",
        "<= 3x",
        ratio <= 3,
    )


def bench_plan_check(env: dict[str, str], folder: Path) -> bool:
    plan = folder / "generated.toml"
    plan.write_text(generated_plan())
    done = subprocess.run([CADENCE, "plan", "check", str(plan)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    check, baseline = side_by_side(
        lambda: wall([CADENCE, "plan", "check", str(plan)], env),
        lambda: wall([PYTHON, "-c", "pass"], env),
        runs=15,
    )
    return report(
        "cadence plan check, 104 weeks x 50 tasks + 10 blocks",
        f"median {check * 1000:.1f} ms (python -c pass: {baseline * 1000:.1f} ms)",
        "<= 300 ms",
        check <= 0.300,
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CADENCE_")}
        env.update(
            CADENCE_HOME=str(folder / "home"),
            XDG_CONFIG_HOME=str(folder / "config"),
            CADENCE_NOW="2026-12-02T09:00",
        )
        print(f"runs per measurement: {RUNS}; interpreter: {PYTHON}")
        results = [bench_today(env), bench_plan_check(env, folder)]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
