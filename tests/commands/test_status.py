"""`cadence status`: the line for a prompt, from the store or from status.json, always the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Cli, PlanWriter, run_process
from plans import phase, plan, plan_table, task

PLAN = plan(
    plan_table("Status", rest_days=["sun"]),
    phase("Base", weeks="1-2"),
    task("comment", "Comments", days="weekdays", at="08:30", unit="comments", target=3),
    task("notes", "Personal notes", days="weekdays", at="12:30", unit="notes", target=2),
    task("read", "Read", days="weekdays", required=False),
)


@pytest.fixture
def status(cli: Cli, write_plan: PlanWriter) -> Cli:
    path = write_plan(PLAN)
    assert cli("today", "--plan", str(path), CADENCE_NOW="2026-11-23T08:00").code == 0

    def run(*args: str, **env: str) -> object:
        return cli(*args, "--plan", str(path), **env)

    return run  # type: ignore[return-value]


def test_the_default_line(status: Cli) -> None:
    assert status("status").out == "W2 Base · 0/2 due · streak 0\n"


def test_every_placeholder(status: Cli) -> None:
    status("check", "comment")
    fmt = "{plan}|{week}|{phase}|{due}|{done}|{left}|{streak}|{next}|{next_at}|{unknown}"
    assert status("status", "--format", fmt).out == "Status|2|Base|2|1|1|0|Personal notes|12:30|\n"


def test_the_line_follows_writes_and_the_clock(status: Cli) -> None:
    assert status("status", "--format", "{done}/{due} {next_at}").out == "0/2 12:30\n"
    status("check", "notes")
    assert status("status", "--format", "{done}/{due} {next_at}").out == "1/2\n"
    assert status("status", "--format", "{done}/{due}", CADENCE_NOW="2026-12-03T09:00").out == "0/2\n"  # Thursday


def test_a_rest_day_with_nothing_due_is_an_empty_line(status: Cli) -> None:
    assert status("status", CADENCE_NOW="2026-12-06T09:00").out == "\n"


def test_the_kept_line_is_what_the_store_says(status: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    """The fast path (status.json) and the slow one print the same, in a real process, after a write."""
    plan_file = tmp_path / "plan.toml"
    env = {"CADENCE_NOW": "2026-12-02T09:00"}
    first = run_process("status", "--plan", str(plan_file), env=env)
    kept = tmp_path / "home" / "status.json"
    assert json.loads(kept.read_text())["values"]["due"] == 2
    again = run_process("status", "--plan", str(plan_file), env=env)
    assert first.out == again.out == "W2 Base · 0/2 due · streak 0\n"
    assert run_process("check", "comment", "--plan", str(plan_file), env=env).code == 0
    assert run_process("status", "--plan", str(plan_file), env=env).out == "W2 Base · 1/2 due · streak 0\n"
    plan_file.write_text(PLAN.replace('name = "Status"', 'name = "Renamed"'))
    renamed = run_process("status", "--plan", str(plan_file), "--format", "{plan} {done}", env=env)
    assert renamed.out == "Renamed 0\n"  # another plan: its own run, nothing done yet
