"""The hub live across machines: two homes on one hub, a check-in in home A and home B's open TUI (tmux on a
private socket) showing it, 20 writes, beside the same write made in B's own home. Then the hub is stopped and
started again, and the TUI's listener must come back by itself: the next write still shows within 2 s."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import postgres  # the tests' server
import tui  # the benchmarks' tmux driver
from cadence.hub.config import URL_VARIABLE

WRITES = 20
Report = Callable[[str, str, str, bool], bool]


def _write_and_wait(plan: Path, env_a: dict[str, str], app: tui.Tmux, index: int, timeout: float = 30.0) -> float:
    written = subprocess.run(
        [tui.CADENCE, "check", f"t{index}", "--plan", str(plan)],
        env={**os.environ, **env_a},
        stdout=subprocess.DEVNULL,
        check=True,
    )
    assert written.returncode == 0
    import time

    began = time.perf_counter()
    shown = app.until(lambda screen, n=index + 1: f"today {n}/{WRITES + 1} done" in screen, timeout=timeout)
    return shown - began


def across(folder: Path, server: postgres.Server) -> tuple[list[float], float]:
    """Seconds from home A's check-in (the command returned) to home B's TUI showing it; and one more write after
    the hub was stopped and started again."""
    hub = postgres.Hub(server, "bench_live")
    hub.create()
    url = hub.add("member", "ana")
    plan = folder / "live.toml"
    tasks = "".join(
        f'\n[[task]]\nid = "t{index}"\ntitle = "Task number {index}"\nunit = "things"\n' for index in range(WRITES + 1)
    )
    plan.write_text('[plan]\nname = "Live"\nstart = 2026-11-30\nweeks = 2\ntimezone = "Europe/London"\n' + tasks)
    common = {"CADENCE_NOW": "2026-12-02T09:30", URL_VARIABLE: url}
    env_a = tui._env({**common, "CADENCE_HOME": str(folder / "live-a"), "XDG_CONFIG_HOME": str(folder / "cfg-a")})
    env_b = tui._env({**common, "CADENCE_HOME": str(folder / "live-b"), "XDG_CONFIG_HOME": str(folder / "cfg-b")})
    subprocess.run([tui.CADENCE, "sync", "--plan", str(plan)], env={**os.environ, **env_a}, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    app = tui.Tmux("live")
    app.start([tui.CADENCE, "--plan", str(plan)], env_b)
    try:
        app.until(lambda screen: f"today 0/{WRITES + 1} done" in screen and "q Quit" in screen)
        latencies = [_write_and_wait(plan, env_a, app, index) for index in range(WRITES)]
        server.stop()
        server.start()
        import time

        time.sleep(6.0)  # the listener's retry (5 s), as a person would come back to it later
        after = _write_and_wait(plan, env_a, app, WRITES)
    finally:
        app.stop()
        hub.remove()
    return latencies, after


def measure(report: Report, folder: Path) -> list[bool]:
    server = postgres.started()
    if server is None:
        print("SKIP  the hub live: no PostgreSQL server programs (initdb, pg_ctl) here")
        return []
    try:
        latencies, after = across(folder, server)
    finally:
        server.stop()
        server.remove()
    alone = folder / "hub-live-local"  # a home of its own: the TUI bench's home has its writes done already
    alone.mkdir(exist_ok=True)
    same = tui.write_to_repaint(alone, presses=WRITES)
    median, local = statistics.median(latencies), statistics.median(same)
    return [
        report(
            "check-in in home A -> home B's open TUI, one hub (20 writes)",
            f"median {median * 1000:.0f} ms, worst {max(latencies) * 1000:.0f} ms"
            f" (the same write in B's own home: median {local * 1000:.0f} ms)",
            "median <= 2 s",
            median <= 2.0,
        ),
        report(
            "the hub stopped and started again: the next write reaches B's TUI",
            f"{after * 1000:.0f} ms",
            "<= 2 s",
            after <= 2.0,
        ),
    ]


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import report

    with tempfile.TemporaryDirectory() as tmp:
        sys.exit(0 if all(measure(report, Path(tmp))) else 1)
