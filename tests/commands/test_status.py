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
    fmt = "{plan}|{week}|{phase}|{due}|{done}|{left}|{streak}|{next}|{next_at}"
    assert status("status", "--format", fmt).out == "Status|2|Base|2|1|1|0|Personal notes|12:30\n"


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


NAMES = "{plan} {week} {phase} {due} {done} {left} {makeup} {streak} {next} {next_at}"


@pytest.mark.parametrize(
    ("fmt", "problem"),
    [
        ("{", "a stray '{' at column 1 (write '{{' for a brace)"),
        ("W{week} }", "a stray '}' at column 9 (write '}}' for a brace)"),
        ("{0}", "a positional field '{0}': fields are named"),
        ("{}", "a positional field '{}': fields are named"),
        ("{plan.__class__}", "unknown name '{plan.__class__}'"),
        ("{plan.__class__.__init__.__globals__}", "unknown name '{plan.__class__.__init__.__globals__}'"),
        ("{plan[0]}", "unknown name '{plan[0]}'"),
        ("{plan!r}", "unknown name '{plan!r}'"),
        ("{bogus}", "unknown name '{bogus}'"),
        ("{streak:>999999999999}", "'{streak:>999999999999}': the only spec is a width under 200, like {streak:3}"),
        ("{streak:200}", "'{streak:200}': the only spec is a width under 200, like {streak:3}"),
        ("{streak:}", "'{streak:}': the only spec is a width under 200, like {streak:3}"),
    ],
)
def test_a_format_that_is_not_one_is_refused_in_one_line_naming_the_known_names(
    status: Cli, fmt: str, problem: str
) -> None:
    result = status("status", "--format", fmt)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"cadence status: error: argument --format: {problem}; the names are {NAMES} (see 'cadence status --help')\n"
    )


def test_an_unknown_name_on_a_rest_day_is_refused_not_an_empty_line(status: Cli) -> None:
    result = status("status", "--format", "{bogus}", CADENCE_NOW="2026-12-06T09:00")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("cadence status: error: argument --format: unknown name '{bogus}'; the names are")


def test_a_width_puts_numbers_on_the_right_and_text_on_the_left_and_braces_double(status: Cli) -> None:
    assert (
        status("status", "--format", "[{streak:3}|{plan:8}|{{x}}|{next:1}]").out
        == "[  0|Status  |{x}|Personal notes]\n"
    )


def test_the_kept_line_refuses_a_bad_format_and_keeps_a_width_as_the_slow_path_does(tmp_path: Path) -> None:
    """status.json answers only a format that is one: the fast path never prints what the slow one refuses."""
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(PLAN)
    env = {"CADENCE_NOW": "2026-12-02T09:00"}
    slow = run_process("status", "--plan", str(plan_file), "--format", "{streak:3}|{phase:6}|", env=env)
    assert (tmp_path / "home" / "status.json").exists()
    fast = run_process("status", "--plan", str(plan_file), "--format", "{streak:3}|{phase:6}|", env=env)
    assert slow.out == fast.out == "  0|Base  |\n"
    for fmt in ("{bogus}", "{plan.__class__}", "{"):
        refused = run_process("status", "--plan", str(plan_file), "--format", fmt, env=env)
        assert (refused.code, refused.out, refused.err.count("\n")) == (2, "", 1), refused.err
        assert "the names are {plan} {week}" in refused.err and "Traceback" not in refused.err


SATURDAY_BLOCK = plan(
    plan_table("Status", rest_days=["sun"], makeup_days=1),
    task("comment", "Comments", days="weekdays", unit="comments", target=3),
    task("article", "Article", days=["sat"]),
)


def test_a_rest_day_with_a_make_up_pending_says_so_in_both_paths(tmp_path: Path) -> None:
    """Sunday after a Saturday left undone: nothing is due, but the article can still be made up today."""
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(SATURDAY_BLOCK)
    assert run_process("today", "--plan", str(plan_file), env={"CADENCE_NOW": "2026-11-23T08:00"}).code == 0
    env = {"CADENCE_NOW": "2026-12-06T09:00"}
    slow = run_process("status", "--plan", str(plan_file), env=env)
    fast = run_process("status", "--plan", str(plan_file), env=env)
    assert slow.out == fast.out == "W2 · 1 to make up · streak 0\n"
    assert run_process("status", "--plan", str(plan_file), "--format", "{due}/{makeup}", env=env).out == "0/1\n"
    assert run_process("check", "article", "--date", "2026-12-05", "--plan", str(plan_file), env=env).code == 0
    assert run_process("status", "--plan", str(plan_file), env=env).out == "\n"  # made up: the rest day is quiet
