"""The CLI and the core never pay for Textual or APScheduler (ARCHITECTURE.md: the boundary is enforced)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import run_process

HEAVY = ("textual", "apscheduler", "desktop_notifier")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def _after(command: list[str], env: dict[str, str] | None = None) -> tuple[int, set[str]]:
    """`cadence COMMAND` run by `main` in a fresh process, its output swallowed: the exit code and every module
    loaded by then (json, for the answer, is imported only after the count)."""
    probe = (
        "import sys, io, contextlib\n"
        "from cadence.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({command!r})\n"
        "loaded = sorted(sys.modules)\n"
        "import json\n"
        "print(json.dumps([code, loaded]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    code, loaded = json.loads(done.stdout.splitlines()[-1])
    return code, set(loaded)


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
    code, loaded = _after(["today", "--json"])
    assert (code, sorted(name for name in loaded if name.split(".")[0] in HEAVY)) == (0, [])


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
    code, loaded = _after(command)
    assert (code, sorted(loaded & set(LEARNING))) == (0, [])


TODAY_MAY_IMPORT = {
    "cadence",
    "cadence.bounded",
    "cadence.bundled",
    "cadence.cli",
    "cadence.cli.due",
    "cadence.cli.session",
    "cadence.clock",
    "cadence.config",
    "cadence.core",
    "cadence.core.calendar",
    "cadence.core.comeback",
    "cadence.core.model",
    "cadence.core.rhythm",
    "cadence.core.status",
    "cadence.core.streaks",
    "cadence.core.units",
    "cadence.errors",
    "cadence.folders",
    "cadence.json_out",
    "cadence.named",
    "cadence.plan",
    "cadence.plan.compiled",
    "cadence.plan.loaded",
    "cadence.printable",
    "cadence.record",
    "cadence.record.runs",
    "cadence.store",
    "cadence.store.checks",
    "cadence.store.copies",
    "cadence.store.events",
    "cadence.store.ids",
    "cadence.store.log",
    "cadence.store.migrations",
    "cadence.store.restoring",
    "cadence.store.runs",
    "cadence.store.writing",
    "cadence.views",
    "cadence.views.today",
    "cadence.wording",
}
"""The import budget of `cadence today --json` once its plan is kept: each module costs the prompt that runs
it. argparse, the plan's checker and what only another command needs are not on the list."""
STDLIB_NOT_FOR_TODAY = (
    *("argparse", "gettext", "shutil", "pickle", "dataclasses", "inspect", "hashlib", "tomllib"),
    *("typing", "json", "pathlib", "urllib.parse"),
)
"""tomllib too: a home without a config.toml never parses TOML once its plan is kept; typing and json neither
(cadence.named and cadence.json_out stand in for what `today` used of them), nor pathlib: the read path
passes its paths as strings (`Session.home_dir`, `PlanSource.file`, `Store.file`)."""


def test_today_imports_only_its_budget_once_its_plan_is_kept(tmp_path: Path) -> None:
    env = {**os.environ, "CADENCE_HOME": str(tmp_path / "home"), "CADENCE_NOW": "2026-12-02T09:00"}
    assert run_process("today", "--json", env=env).code == 0  # the first check keeps the plan
    code, loaded = _after(["today", "--json"], env)
    assert code == 0
    assert sorted(name for name in loaded if name.startswith("cadence") and name not in TODAY_MAY_IMPORT) == []
    assert sorted(name for name in loaded if name in STDLIB_NOT_FOR_TODAY) == []


WRITE_NEVER_IMPORTS = (
    "cadence.hub.background",
    "cadence.plan.checker",
    "cadence.plan.diagnostics",
    "cadence.record.revisions",
    "cadence.store.learning",
    "secrets",
    "tomllib",
)
"""What a check-in in a home without a hub or a config.toml never needs: the hub's modules (no hub is set), the
plan's checker (the plan is kept; a wrong task id imports it to suggest one), undo's revisions, and secrets
(an event's uid is read from os.urandom as secrets reads it)."""


def test_a_check_in_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    env = {**os.environ, "CADENCE_HOME": str(tmp_path / "home"), "CADENCE_NOW": "2026-12-02T09:00"}
    env.pop("CADENCE_SYNC_URL", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    assert run_process("today", "--json", env=env).code == 0  # the first check keeps the plan
    code, loaded = _after(["check", "comment"], env)
    assert (code, sorted(loaded & set(WRITE_NEVER_IMPORTS))) == (0, [])
