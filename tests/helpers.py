"""Shared test helpers: running the CLI in-process and as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from cadence.store import Store

FIXED_NOW = "2026-12-02T09:00"
"""A Wednesday: week 2 of a plan that starts on 2026-11-23."""


@dataclass
class Result:
    code: int
    out: str
    err: str


class Cli(Protocol):
    def __call__(self, *args: str, **env: str) -> Result: ...


class PlanWriter(Protocol):
    def __call__(self, text: str, name: str = "plan.toml") -> Path: ...


class StoreOpener(Protocol):
    def __call__(self, home: Path) -> Store: ...


def run_process(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> Result:
    """Run the real `cadence` console script in a fresh process."""
    script = Path(sys.executable).parent / "cadence"
    done = subprocess.run(
        [str(script), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def begin_run(store: Store, plan_file: Path, day: date | None = None) -> None:
    """The plan's run as a person who began using it on `day` (default: the plan's first day) has it."""
    from cadence.plan import PlanError, load_plan
    from cadence.record.runs import open_run

    try:
        plan = load_plan(plan_file).plan
    except PlanError:
        return  # a plan that cannot be used has no run to begin
    if day is None:
        assert not plan.floating, "a floating plan needs the day of first use"
        from cadence.core.calendar import resolve_start

        day = resolve_start(plan, date.min)
    open_run(store, plan, day, str(plan_file))


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    """Poll `condition` until it holds; fail naming `what` after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(0.05)
