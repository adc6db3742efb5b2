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
from datetime import date, timedelta
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


HISTORY_NOW = "2026-12-02T12:00"
HISTORY_START = "2025-01-06"


def history_plan(tasks: int = 30) -> str:
    """The current plan of the 10-year home: 104 weeks, 30 tasks, started almost two years ago."""
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    lines = ["[plan]", 'name = "Ten years on"', f"start = {HISTORY_START}", "weeks = 104", 'rest_days = ["sun"]']
    lines += ["[[goal]]", 'id = "connections"', 'title = "Connections"', 'metric = "connections"', "target = 2000"]
    lines += ['by = "week 104"', "checkpoints = { 26 = 400, 52 = 900, 78 = 1400 }"]
    lines += ["[[goal]]", 'id = "followers"', 'title = "Followers"', 'metric = "followers"', "from = 500"]
    lines += ["target = 5000", 'by = "week 104"', "checkpoints = { 52 = 2500 }"]
    for index in range(tasks):
        lines += [
            "[[task]]",
            f'id = "task-{index}"',
            f'title = "Task {index}"',
            f'channel = "channel-{index % 4}"',
            'days = "daily"' if index % 3 else f'days = ["{days[index % 6]}", "{days[(index + 3) % 6]}"]',
            'duration = "10m"',
            f"target = {1 + index % 4}",
            'results = ["replies", "connections"]',
        ]
    return "\n".join(lines) + "\n"


def build_history(home: Path, plan: Path, env: dict[str, str]) -> int:
    """About 100,000 events: the current plan's check-ins, skips, results and weekly readings, and eight earlier years."""
    import random
    import sqlite3
    from datetime import date, timedelta

    plan.write_text(history_plan())
    first_use = {**env, "CADENCE_NOW": f"{HISTORY_START}T08:00"}  # in use since the plan's first day: run 1
    subprocess.run([CADENCE, "today", "--plan", str(plan)], env=first_use, stdout=subprocess.DEVNULL, check=True)
    rng = random.Random(7)
    rows = []
    batch = 0

    def add(
        kind: str, task: str | None, day: date, metric: str | None = None, amount: float | None = None, run: int = 1
    ) -> None:
        nonlocal batch
        batch += 1
        rows.append(
            (
                run,
                batch + 1,
                f"{day.isoformat()}T20:00:00+00:00",
                kind,
                task,
                day.isoformat(),
                None,
                metric,
                amount,
                None,
                None,
                "cli",
            )
        )

    start = date.fromisoformat(HISTORY_START)
    today = date.fromisoformat(HISTORY_NOW[:10])
    day = start
    while day < today:  # the current plan: most tasks done most days
        if day.weekday() != 6:
            for index in range(30):
                if index % 3 == 0 and day.weekday() not in (index % 6, (index + 3) % 6):
                    continue
                roll = rng.random()
                if roll < 0.85:
                    add("checkin", f"task-{index}", day, amount=float(1 + index % 4))
                elif roll < 0.88:
                    add("skip", f"task-{index}", day)
            if rng.random() < 0.7:
                add("result", f"task-{rng.randrange(30)}", day, "connections", float(rng.randint(1, 4)))
            if rng.random() < 0.2:
                add("result", None, day, "connections", 1.0)  # logged without a task
            if day.weekday() == 0:  # the followers dashboard, read every Monday
                add("reading", None, day, "followers", float(500 + (day - start).days * 3 + rng.randint(-20, 20)))
        day += timedelta(days=1)
    old = date(2016, 12, 1)
    while old < start:  # eight earlier years of other plans and other task ids
        for index in range(rng.randint(25, 31)):
            add("checkin", f"old-{old.year}-{index}", old, amount=1.0, run=old.year)
        if rng.random() < 0.5:
            add("result", None, old, "replies", 1.0, run=old.year)
        old += timedelta(days=1)
    db = sqlite3.connect(home / "cadence.db")
    db.executemany(
        "INSERT INTO events (run, batch, recorded, kind, task, day, until, metric, amount, note, target_batch, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.commit()
    db.execute("VACUUM")
    db.close()
    return len(rows)


def bench_history(folder: Path, env: dict[str, str]) -> list[bool]:
    full_home, empty_home = folder / "history", folder / "empty"
    plan = folder / "history.toml"
    full = {**env, "CADENCE_HOME": str(full_home), "CADENCE_NOW": HISTORY_NOW}
    empty = {**env, "CADENCE_HOME": str(empty_home), "CADENCE_NOW": HISTORY_NOW}
    count = build_history(full_home, plan, full)
    subprocess.run([CADENCE, "today", "--plan", str(plan)], env=empty, stdout=subprocess.DEVNULL, check=True)
    size = (full_home / "cadence.db").stat().st_size
    print(f"      home with {count} events, cadence.db {size / 1e6:.1f} MB")
    results = []
    for command, bound in (("streak", 0.100), ("review", 0.100), ("adapt", 0.300)):
        argv = [CADENCE, command, "--json", "--plan", str(plan)]
        measured, floor = side_by_side(
            lambda argv=argv: wall(argv, full),
            lambda: wall([PYTHON, "-c", "pass"], full),
            runs=11,
        )
        results.append(
            report(
                f"cadence {command} --json, 10 years of history",
                f"median {measured * 1000:.1f} ms (python -c pass: {floor * 1000:.1f} ms)",
                f"<= {bound * 1000:.0f} ms",
                measured <= bound,
            )
        )
    argv = [CADENCE, "today", "--json", "--plan", str(plan)]
    with_history, without = side_by_side(lambda: wall(argv, full), lambda: wall(argv, empty))
    ratio = with_history / without
    results.append(
        report(
            "cadence today --json, 10 years of history vs an empty home",
            f"median {with_history * 1000:.1f} ms vs {without * 1000:.1f} ms = {ratio:.2f}x",
            "<= 1.2x",
            ratio <= 1.2,
        )
    )
    results.append(report("cadence.db size, 10 years of history", f"{size / 1e6:.1f} MB", "<= 20 MB", size <= 20e6))
    results.append(bench_first_write(full_home, plan, full))
    return results


def bench_first_write(home: Path, plan: Path, env: dict[str, str]) -> bool:
    """The day's first write, which saves a backup of the store first, against a later write of that day."""
    import shutil

    # yesterday's: today's rows are the key-press bench's, which must find them open
    check = [CADENCE, "check", "task-1", "1", "--date", "yesterday", "--plan", str(plan)]
    firsts, laters = [], []
    for _ in range(7):
        shutil.rmtree(home / "backups", ignore_errors=True)
        firsts.append(wall(check, env))
        laters.append(wall(check, env))
    first, later = statistics.median(firsts), statistics.median(laters)
    return report(
        "the day's first write, with its backup, 10 years of history",
        f"median {first * 1000:.0f} ms vs a later write {later * 1000:.0f} ms",
        "<= 150 ms",
        first <= 0.150,
    )


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
        "<= 1.6x",
        ratio <= 1.6,
    )


def bench_status(env: dict[str, str]) -> bool:
    """cadence status, as a prompt calls it (the day's line kept in status.json), against the floor."""
    subprocess.run([CADENCE, "status"], env=env, stdout=subprocess.DEVNULL, check=True)
    line, baseline = side_by_side(
        lambda: wall([CADENCE, "status"], env),
        lambda: wall([PYTHON, "-c", "import sqlite3, tomllib"], env),
    )
    ratio = line / baseline
    return report(
        "cadence status, bundled plan",
        f"median {line * 1000:.1f} ms vs python -c 'import sqlite3, tomllib' {baseline * 1000:.1f} ms = {ratio:.2f}x",
        "<= 1.0x",
        ratio <= 1.0,
    )


def bench_runs(env: dict[str, str], folder: Path) -> bool:
    """today --json in a home whose run holds 10 shifts beside 5 earlier runs, against a fresh home."""
    fresh = {**env, "CADENCE_HOME": str(folder / "fresh-runs")}
    lived = {**env, "CADENCE_HOME": str(folder / "lived-runs")}
    subprocess.run([CADENCE, "today"], env=fresh, stdout=subprocess.DEVNULL, check=True)

    def cadence(*args: str, day: str) -> None:
        at = {**lived, "CADENCE_NOW": f"{day}T09:00"}
        subprocess.run([CADENCE, *args], env=at, stdout=subprocess.DEVNULL, check=True)

    for number in range(5):  # five earlier runs, each with a week of check-ins
        first = date(2026, 1, 5) + timedelta(weeks=10 * number)
        cadence("start", first.isoformat(), "--restart", day=first.isoformat())
        for offset in range(6):
            cadence("check", "comment", day=(first + timedelta(days=offset)).isoformat())
    cadence("start", "2026-11-30", "--restart", day="2026-11-30")
    for _ in range(10):
        cadence("shift", "1", "--rotate", "--from", "2026-12-02", day="2026-12-01")
    busy, empty = side_by_side(
        lambda: wall([CADENCE, "today", "--json"], lived), lambda: wall([CADENCE, "today", "--json"], fresh)
    )
    ratio = busy / empty
    return report(
        "today --json, a run with 10 shifts and 5 earlier runs",
        f"median {busy * 1000:.1f} ms vs a fresh home {empty * 1000:.1f} ms = {ratio:.2f}x",
        "<= 1.1x",
        ratio <= 1.1,
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
        # pip compiles an installed package's bytecode; an editable install under
        # PYTHONDONTWRITEBYTECODE never would, so compile it as an install does.
        package = Path(__file__).resolve().parent.parent / "src" / "cadence"
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(package)], check=True)
        print(f"runs per measurement: {RUNS}; interpreter: {PYTHON}")
        results = [
            bench_today(env),
            bench_status(env),
            bench_runs(env, folder),
            bench_plan_check(env, folder),
            *bench_history(folder, env),
        ]
        import calendar_export

        results.append(calendar_export.measure(report, folder, env))
        if "--quick" not in sys.argv:
            import asyncio

            import reminders
            import tui

            results += asyncio.run(reminders.measure(report))
            history = {"CADENCE_HOME": str(folder / "history"), "CADENCE_NOW": HISTORY_NOW, "TZ": env.get("TZ", "UTC")}
            results += tui.measure(report, folder, folder / "history.toml", history)
            import serve

            results += serve.measure(report, folder, folder / "history.toml", {**env, **history})
            import hub

            results += hub.measure(report, folder, wall, env, side_by_side)
            import hub_live
            import hub_scale

            results += hub_live.measure(report, folder)
            results += hub_scale.measure(report, folder, env)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
