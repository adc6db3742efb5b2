"""The CLI and the core never pay for Textual or APScheduler (ARCHITECTURE.md: the boundary is enforced)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import run_process

HEAVY = ("textual", "apscheduler", "desktop_notifier")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("module", ["cadence.core.calendar", "cadence.core.status", "cadence.core.lint"])
def test_core_imports_nothing_with_io(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert not {name for name in loaded if name.split(".")[0] in (*HEAVY, "sqlite3", "_sqlite3")}


def test_the_plan_package_imports_no_ui_scheduler_or_database() -> None:
    loaded = _loaded_after("import cadence.plan")
    assert not {name for name in loaded if name.split(".")[0] in (*HEAVY, "sqlite3")}


@pytest.mark.parametrize(
    "module", ["cadence.reminders.daemon", "cadence.reminders.scheduler", "cadence.reminders.notify"]
)
def test_the_daemon_never_imports_textual(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert not {name for name in loaded if name.split(".")[0] == "textual"}


def test_a_fresh_cadence_today_process_loads_no_textual_or_apscheduler() -> None:
    probe = (
        "import sys, json, io, contextlib\n"
        "from cadence.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['today', '--json'])\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{HEAVY!r})]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []]


def test_the_console_script_runs() -> None:
    result = run_process("today", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["plan"] == "Social half marathon"


LEARNING = (
    "cadence.core.adapt",
    "cadence.core.changes",
    "cadence.core.automaticity",
    "cadence.core.load",
    "cadence.plan.revise",
    "cadence.plan.saving",
    "cadence.store.learning",
    "cadence.record.answers",
    "cadence.record.revisions",
    "difflib",
)
"""What a plan that learns brings: loaded by adapt, rate, review, plan show, undo and the daemon only."""


@pytest.mark.parametrize("command", [["today", "--json"], ["status"], ["streak", "--json"]])
def test_the_read_commands_load_nothing_of_a_plan_that_learns(command: list[str]) -> None:
    probe = (
        "import sys, json, io, contextlib\n"
        "from cadence.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({command!r})\n"
        f"print(json.dumps([code, sorted(m for m in sys.modules if m in {LEARNING!r})]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []]
