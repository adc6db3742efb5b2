"""Where a check-in key press's milliseconds go, in the real process under tmux.

Run by hand (not a target of `make bench`):

    python bench/press_profile.py [--profile]

It builds the 10-year home (as `make bench` does), opens `cadence` in tmux
through this file's `--inner` mode, which runs the real CLI with hooks that
only time things: when the space key's bytes reach the app, when each of the
app's steps runs and how long it takes, and when the driver hands the frame
to the terminal. Each press's timeline is printed, then the medians of each
step. With `--profile`, cProfile runs from each press's key to 150 ms after
it (so its figures carry the profiler's own cost), and the functions that
took the most time over all presses are printed.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _inner() -> None:
    """Run the CLI with the hooks; write the timeline (and profile) where CADENCE_BENCH_PRESS_LOG says."""
    import atexit
    import cProfile
    import functools
    import inspect
    import pstats

    from textual import events
    from textual.app import App
    from textual.driver import Driver
    from textual.screen import Screen

    from cadence.reminders import lock, scheduler
    from cadence.tui import app as app_module
    from cadence.tui import state as state_module
    from cadence.tui.screens import today as today_module

    log_path = Path(os.environ["CADENCE_BENCH_PRESS_LOG"])
    profiling = os.environ.get("CADENCE_BENCH_PRESS_PROFILE") == "1"
    profile = cProfile.Profile()
    presses: list[list[tuple[float, str]]] = []
    on = [False]

    began = time.perf_counter()
    opening: list[tuple[float, str]] = [(began, "process")]
    """What ran before the first press."""

    def mark(what: str) -> None:
        (presses[-1] if presses else opening).append((time.perf_counter(), what))

    def timed(owner: Any, name: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                mark(f"{name} {1000 * (time.perf_counter() - began):.1f} ms")

        @functools.wraps(original)
        async def waiting(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                mark(f"{name} {1000 * (time.perf_counter() - began):.1f} ms")

        setattr(owner, name, waiting if inspect.iscoroutinefunction(original) else wrapper)

    process = Driver.process_message

    def process_message(self: Driver, message: Any) -> None:
        if isinstance(message, events.Key) and message.key == "space":
            presses.append([(time.perf_counter(), "key read")])
        process(self, message)

    Driver.process_message = process_message  # type: ignore[method-assign]
    on_event = App.on_event

    async def app_event(self: App[Any], event: Any) -> None:
        if isinstance(event, events.Key) and event.key == "space":
            mark("key at the app")
            if profiling and not on[0]:
                on[0] = True
                profile.enable()

                def stop() -> None:
                    profile.disable()
                    on[0] = False

                self.set_timer(0.15, stop)
        await on_event(self, event)

    App.on_event = app_event  # type: ignore[method-assign]
    display = App._display

    def app_display(self: App[Any], screen: Screen[Any], renderable: Any) -> None:
        began = time.perf_counter()
        display(self, screen, renderable)
        if renderable is not None:
            mark(f"frame to the terminal ({1000 * (time.perf_counter() - began):.1f} ms to render it)")

    App._display = app_display  # type: ignore[method-assign]
    timer_update = Screen._on_timer_update

    def screen_timer_update(self: Screen[Any]) -> None:
        dirty = sorted(f"{type(w).__name__}#{w.id}" for w in self._dirty_widgets)
        mark(f"frame begins: layout {self._layout_required}, dirty {' '.join(dirty)}")
        timer_update(self)

    Screen._on_timer_update = screen_timer_update  # type: ignore[method-assign]
    for owner, name in (
        (state_module.State, "check_in"),
        (state_module.State, "items"),
        (state_module.State, "streak"),
        (state_module.State, "relay"),
        (today_module.TodayScreen, "refresh_view"),
        (today_module.TodayScreen, "_show_nudge"),
        (app_module.CadenceApp, "_watch_store"),
        (app_module.CadenceApp, "show_said"),
        (app_module.CadenceApp, "_start_reminders"),
        (app_module.CadenceApp, "_start_syncing"),
        (app_module.CadenceApp, "_ask_automaticity"),
        (scheduler.Reminders, "catch_up"),
        (scheduler.Reminders, "arm"),
        (scheduler.Reminders, "_pin"),
        (scheduler.Reminders, "__init__"),
        (lock.NotifyLock, "acquire"),
        (Screen, "_refresh_layout"),
        (Screen, "_on_timer_update"),
        (Screen, "_compositor_refresh"),
    ):
        timed(owner, name)

    def dump() -> None:
        log = [[(when - press[0][0], what) for when, what in press] for press in [opening, *presses]]
        log_path.write_text(json.dumps(log))
        if profiling:
            profile.dump_stats(log_path.with_suffix(".prof"))
            with open(log_path.with_suffix(".prof.txt"), "w") as out:
                pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
                pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)

    atexit.register(dump)
    from cadence.cli import run

    sys.argv = ["cadence", *sys.argv[2:]]
    run()


def main() -> None:
    sys.path.insert(0, str(HERE))
    import run
    import tui

    profiling = "--profile" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CADENCE_")}
        env["XDG_CONFIG_HOME"] = str(folder / "config")
        home, plan = folder / "history", folder / "history.toml"
        run.build_history(home, plan, {**env, "CADENCE_HOME": str(home), "CADENCE_NOW": run.HISTORY_NOW})
        log = folder / "presses.json"
        extra = {
            "CADENCE_HOME": str(home),
            "CADENCE_NOW": run.HISTORY_NOW,
            "TZ": env.get("TZ", "UTC"),
            "CADENCE_BENCH_PRESS_LOG": str(log),
            "CADENCE_BENCH_PRESS_PROFILE": "1" if profiling else "0",
        }
        command = [sys.executable, str(Path(__file__).resolve()), "--inner"]
        latencies = tui.key_to_repaint(plan, extra, command=command)
        deadline = time.time() + 10
        while not log.exists() and time.time() < deadline:
            time.sleep(0.05)
        opening, *timelines = json.loads(log.read_text())
        print("before the first press:")
        for when, what in opening:
            print(f"  {when * 1000:7.1f} ms  {what}")
        steps: dict[str, list[float]] = {}
        for number, (press, seen) in enumerate(zip(timelines, latencies, strict=False), 1):
            print(f"press {number}: seen in tmux after {seen * 1000:.0f} ms")
            for when, what in press:
                print(f"  {when * 1000:7.1f} ms  {what}")
                name, _, took = what.partition(" ")
                if took.endswith(" ms"):
                    steps.setdefault(name, []).append(float(took[:-3]))
        print(
            f"seen in tmux: median {statistics.median(latencies) * 1000:.0f} ms, worst {max(latencies) * 1000:.0f} ms"
        )
        for name, took in sorted(steps.items(), key=lambda pair: -sum(pair[1])):
            print(f"  {name}: median {statistics.median(took):.1f} ms, worst {max(took):.1f} ms, {len(took)} calls")
        if profiling:
            print(log.with_suffix(".prof.txt").read_text())
            kept = os.environ.get("CADENCE_BENCH_PRESS_KEEP")
            if kept:  # the raw profile, for pstats' callers and callees
                Path(kept).write_bytes(log.with_suffix(".prof").read_bytes())


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inner"]:
        _inner()
    else:
        main()
