"""Golden tests: the exact text and position of every problem a bad plan has."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import Cli, PlanWriter

BAD_PLANS = Path(__file__).parents[1] / "bad_plans"
FIXTURES = sorted(BAD_PLANS.glob("*.toml"))


def test_there_are_at_least_25_distinct_bad_plans() -> None:
    assert len(FIXTURES) >= 25
    assert len({path.read_bytes() for path in FIXTURES}) == len(FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_bad_plan_is_reported_exactly(fixture: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD_PLANS)
    expected = fixture.with_suffix(".expected").read_text(encoding="utf-8")
    result = cli("plan", "check", fixture.name)
    assert (result.code, result.out, result.err) == (1, "", expected)


@pytest.mark.parametrize("fixture", FIXTURES[:5], ids=[path.stem for path in FIXTURES[:5]])
def test_other_commands_refuse_a_bad_plan_without_writing(fixture: Path, cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "store"
    result = cli("today", "--plan", str(fixture), "--home", str(home))
    assert result.code == 1
    assert result.out == ""
    assert result.err.splitlines()[0].startswith(f"{fixture}:")
    assert "Traceback" not in result.err
    assert not home.exists()


WARN_HEAD = """[plan]
name = "Warn"
start = 2026-11-23
weeks = 4
"""


def test_load_rising_more_than_30_percent_over_two_weeks(cli: Cli, write_plan: PlanWriter) -> None:
    path = write_plan(
        WARN_HEAD
        + """
[[task]]
id = "comment"
title = "Comments"
duration = "20m"

[[block]]
id = "article"
title = "Article"
days = ["sat"]
weeks = "3-4"
at = "09:00"
duration = "1h"
"""
    )
    result = cli("plan", "check", str(path))
    assert result.code == 0
    assert result.err == (
        f"{path}:15:9: warning: week 3 plans 200 min, 43% more than the 140 min of week 1; "
        "raise the load by at most 30% over two weeks (most of the rise comes from 'article')\n"
        f"{path}:15:9: warning: week 4 plans 200 min, 43% more than the 140 min of week 2; "
        "raise the load by at most 30% over two weeks (most of the rise comes from 'article')\n"
    )
    assert result.out == f"{path}: ok (4 weeks, 1 task, 1 block, 0 goals; 2 warnings)\n"


def test_return_from_a_deload_week_is_not_a_load_rise(cli: Cli, write_plan: PlanWriter) -> None:
    path = write_plan(
        WARN_HEAD
        + """
[[task]]
id = "comment"
title = "Comments"
duration = "20m"
days = ["mon", "tue", "wed", "thu", "fri"]
weeks = [1, 2, 4]

[[task]]
id = "light"
title = "Light week"
duration = "20m"
days = ["mon"]
weeks = [3]
"""
    )
    result = cli("plan", "check", str(path))
    assert (result.code, result.err) == (0, "")


def test_target_more_than_doubling(cli: Cli, write_plan: PlanWriter) -> None:
    path = write_plan(WARN_HEAD + '\n[[task]]\nid = "comment"\ntitle = "Comments"\ntarget = [2, 4, 0, 9]\n')
    result = cli("plan", "check", str(path))
    assert result.code == 0
    assert result.err == (
        f"{path}:9:10: warning: the target of 'comment' more than doubles from 4 in week 2 "
        "to 9 in week 4; ramp it up more gently\n"
    )


def test_overlapping_blocks(cli: Cli, write_plan: PlanWriter) -> None:
    path = write_plan(
        WARN_HEAD
        + """
[[block]]
id = "article"
title = "Article"
days = ["sat"]
at = "09:00"
duration = "3h"

[[block]]
id = "video"
title = "Video"
days = ["sat", "sun"]
at = "11:30"
duration = "1h"
"""
    )
    result = cli("plan", "check", str(path))
    assert result.code == 0
    assert result.err == (
        f"{path}:17:6: warning: block 'video' overlaps block 'article' on "
        "Sat 2026-11-28 (09:00-12:00 and 11:30-12:30)\n"
    )


def test_blocks_side_by_side_do_not_overlap(cli: Cli, write_plan: PlanWriter) -> None:
    path = write_plan(
        WARN_HEAD
        + """
[[block]]
id = "article"
title = "Article"
at = "09:00"
duration = "2h"

[[block]]
id = "video"
title = "Video"
at = "11:00"
duration = "1h"
"""
    )
    assert cli("plan", "check", str(path)).err == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such plan file; create one with 'cadence plan new FILE'"),
        (b"[plan]\x00name", "is a binary file, not a TOML plan"),
        ('[plan]\nname = "caf\xe9"\n'.encode("latin-1"), "is not UTF-8 text; save the plan as UTF-8"),
    ],
    ids=["missing", "binary", "latin-1"],
)
def test_unusable_plan_files(content: bytes | None, expected: str, cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    if content is not None:
        path.write_bytes(content)
    for args in (("plan", "check", str(path)), ("today", "--plan", str(path)), ("plan", "show", "--plan", str(path))):
        result = cli(*args)
        assert result.code == 1
        position = ":2:12" if "UTF-8" in expected else ""
        assert result.err == f"{path}{position}: error: {expected}\n"


def test_directory_as_plan(cli: Cli, tmp_path: Path) -> None:
    result = cli("today", "--plan", str(tmp_path))
    assert (result.code, result.err) == (1, f"{tmp_path}: error: is a directory, not a plan file\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_plan(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("[plan]\n")
    path.chmod(0)
    result = cli("today", "--plan", str(path))
    assert (result.code, result.err) == (1, f"{path}: error: cannot read the plan file: permission denied\n")


def test_empty_plan_through_today(cli: Cli, write_plan: PlanWriter) -> None:
    path = write_plan("\n  \n")
    result = cli("today", "--plan", str(path))
    assert result.code == 1
    assert result.err == f"{path}:1:1: error: the plan is empty; write one with 'cadence plan new {path}'\n"
