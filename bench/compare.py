"""This tree against an earlier revision, side by side in one run: start-up of `today --json` and the TUI.

    make compare REV=<commit>      (or: .venv/bin/python bench/compare.py <commit>)

The revision's `src/` and `plans/` are exported with `git archive` into a temporary folder and
byte-compiled; both trees run as `python -m cadence` from this venv with
PYTHONPATH pointing at their `src/`, interleaved run by run, so machine noise
hits both alike. Each is reported as a ratio to its own baseline (a bare
`python -c "import sqlite3, tomllib"`, a minimal Textual app), and the two
ratios are compared: a restructuring must keep each within 5% of before.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tui import MINIMAL, Tmux, _env

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "41"))
FRAME_RUNS = int(os.environ.get("BENCH_FRAME_RUNS", "9"))
TOLERANCE = 1.05


def export(revision: str, into: Path) -> Path:
    # src and the bundled plans beside it, as a checkout has them (a revision from before plans/ has only src)
    names = [
        name
        for name in ("src", "plans")
        if subprocess.run(
            ["git", "-C", str(ROOT), "cat-file", "-e", f"{revision}:{name}"], capture_output=True
        ).returncode
        == 0
    ]
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, *names], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(into / "src" / "cadence")], check=True)
    return into / "src"


def wall(argv: list[str], env: Mapping[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def interleaved(runs: int, *measures: Callable[[], float]) -> list[float]:
    """Medians of each measure, run in turn after one warm-up round."""
    for measure in measures:
        measure()
    times: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for found, measure in zip(times, measures, strict=True):
            found.append(measure())
    return [statistics.median(found) for found in times]


def today(before: Path, after: Path, folder: Path) -> tuple[float, float, float]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CADENCE_", "PYTHON"))}
    base.update({"CADENCE_NOW": "2026-12-02T09:30", "XDG_CONFIG_HOME": str(folder / "cfg")})

    def cadence(src: Path, home: str) -> Callable[[], float]:
        env = {**base, "PYTHONPATH": str(src), "CADENCE_HOME": str(folder / home)}
        env["XDG_CACHE_HOME"] = str(folder / f"cache-{home}")  # each tree its own kept config
        return lambda: wall([PYTHON, "-m", "cadence", "today", "--json"], env)

    floor = [PYTHON, "-c", "import sqlite3, tomllib"]
    old, new, bare = interleaved(
        RUNS, cadence(before, "home-before"), cadence(after, "home-after"), lambda: wall(floor, base)
    )
    return old, new, bare


def first_frame(before: Path, after: Path, folder: Path) -> tuple[float, float, float]:
    def ready(screen: str) -> bool:
        return "Social half marathon" in screen and "Thoughtful comments" in screen and "q Quit" in screen

    def frame(command: list[str], env: Mapping[str, str], done: Callable[[str], bool]) -> Callable[[], float]:
        def measure() -> float:
            tmux = Tmux("compare")
            began = tmux.start(command, env)
            try:
                return tmux.until(done) - began
            finally:
                tmux.stop()

        return measure

    def cadence(src: Path, home: str) -> Callable[[], float]:
        env = _env(
            {
                "PYTHONPATH": str(src),
                "CADENCE_HOME": str(folder / home),
                "XDG_CONFIG_HOME": str(folder / "cfg"),
                "XDG_CACHE_HOME": str(folder / f"cache-{home}"),  # each tree its own kept stylesheet
                "CADENCE_NOW": "2026-12-02T09:30",
            }
        )
        return frame([PYTHON, "-m", "cadence"], env, ready)

    minimal = frame([PYTHON, MINIMAL], _env({}), lambda screen: "minimal-textual-app-ready" in screen)
    old, new, bare = interleaved(FRAME_RUNS, cadence(before, "frame-before"), cadence(after, "frame-after"), minimal)
    return old, new, bare


def main(revision: str) -> int:
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "src" / "cadence")], check=True)
    ok = True
    with tempfile.TemporaryDirectory(prefix="cadence-compare-") as name:
        folder = Path(name)
        before = export(revision, folder / "before")
        after = ROOT / "src"
        short = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", revision], capture_output=True, text=True, check=True
        ).stdout.strip()
        for what, measure, floor_name in (
            ("today --json, bundled plan", today, 'python -c "import sqlite3, tomllib"'),
            ("first complete Today frame, in tmux", first_frame, "a minimal Textual app"),
        ):
            old, new, floor = measure(before, after, folder)
            old_ratio, new_ratio = old / floor, new / floor
            change = new_ratio / old_ratio
            passed = change <= TOLERANCE
            ok = ok and passed
            print(
                f"{'PASS' if passed else 'FAIL'}  {what}: {short} {old * 1000:.1f} ms = {old_ratio:.2f}x,"
                f" this tree {new * 1000:.1f} ms = {new_ratio:.2f}x of {floor_name} ({floor * 1000:.1f} ms);"
                f" ratio changed {change - 1:+.1%} (target <= +{TOLERANCE - 1:.0%})"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: bench/compare.py REVISION", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
