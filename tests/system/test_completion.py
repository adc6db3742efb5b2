"""Shell completion in real bash, zsh and fish: commands, options, task ids, metrics, templates."""

from __future__ import annotations

import pytest

from helpers import Cli, PlanWriter
from plans import goal, plan, plan_table, task
from shells import bash_complete, shell

PLAN = plan(
    plan_table("Completion", start=None, weeks=2, timezone=None),
    task("comment", "Comments", results=["replies", "connections"]),
    task("connect", "Connect"),
    goal("leads", "Leads", metric="leads", target=3, by="week 2"),
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (["cadence", "ch"], ["check"]),
        (["cadence", "check", "co"], ["comment", "connect"]),
        (["cadence", "check", "comme"], ["comment"]),
        (["cadence", "skip", ""], ["comment", "connect"]),
        (["cadence", "log", "re"], ["replies="]),
        (["cadence", "log", ""], ["replies=", "connections=", "leads="]),
        (["cadence", "log", "x=1", "--task", "con"], ["connect"]),
        (["cadence", "plan", "s"], ["show", "schema"]),
        (["cadence", "plan", "new", "x.toml", "--template", "st"], ["starter-4-weeks", "steady-rhythm"]),
        (["cadence", "export", "--format", ""], ["ics", "days", "csv", "json"]),
        (["cadence", "today", "--j"], ["--json"]),
        (["cadence", "completion", "f"], ["fish"]),
    ],
)
def test_bash(line: list[str], expected: list[str], write_plan: PlanWriter) -> None:
    assert bash_complete(line, write_plan(PLAN)) == expected


def test_bash_reads_the_plan_named_on_the_line(write_plan: PlanWriter) -> None:
    other = write_plan(PLAN.replace('id = "connect"', 'id = "outreach"'), "other.toml")
    line = ["cadence", "--plan", str(other), "check", ""]
    assert bash_complete(line, write_plan(PLAN)) == ["comment", "outreach"]


def test_zsh(write_plan: PlanWriter) -> None:
    # zsh runs the bash function through bashcompinit, which sets ksharrays; zsh filters by prefix itself.
    found = bash_complete(["cadence", "check", "co"], write_plan(PLAN), "zsh", "setopt ksharrays;")
    assert {"comment", "connect"} <= set(found)
    assert "replies=" in bash_complete(["cadence", "log", "re"], write_plan(PLAN), "zsh", "setopt ksharrays;")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("cadence check co", ["comment", "connect"]),
        ("cadence log con", ["connections="]),
        ("cadence plan ", ["check", "list-templates", "new", "schema", "show"]),
        ("cadence export --format ", ["csv", "days", "ics", "json"]),
    ],
)
def test_fish(line: str, expected: list[str], write_plan: PlanWriter) -> None:
    found = shell(
        "fish",
        f'cadence completion fish | source; complete -C "{line}" | string replace -r "\\t.*" ""; true',
        write_plan(PLAN),
    )
    assert found == expected


def test_complete_is_silent_on_a_broken_plan(cli: Cli, write_plan: PlanWriter) -> None:
    plan = write_plan("[plan]\nweeks = x\n")
    result = cli("complete", "tasks", "--plan", str(plan))
    assert (result.code, result.out, result.err) == (0, "", "")
