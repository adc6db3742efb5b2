"""The daemon tests' plan (one task whose time, title and zone each test fills in), and the daemon as a process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from plans import notify, plan, plan_table, task

# A template: plan_text fills in {zone}, {title} (TOML-escaped by the caller) and {at}. The errors the
# tests expect need its layout: the comment task's `at` is on line 14.
PLAN = plan(
    plan_table("Daemon", start=date(2026, 11, 30), timezone="{zone}"),
    notify(snooze="10m", grace="1h"),
    task("comment", "{title}", at="{at}", target=3, unit="comments"),
)


def plan_text(at: str = "09:00", title: str = "Comments", zone: str = "Europe/London") -> str:
    return PLAN.format(at=at, title=title, zone=zone)


def daemon_process(plan: Path, home: Path, now: str, address: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CADENCE_NOW": now, "DBUS_SESSION_BUS_ADDRESS": address}
    script = Path(sys.executable).parent / "cadence"
    return subprocess.Popen(
        [str(script), "daemon", "--plan", str(plan), "--home", str(home)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
