"""The checked plan kept in the home: read back only for the very text it was made of, by this cadence."""

from __future__ import annotations

import json
import marshal
import os
from pathlib import Path

import pytest

from cadence.bundled import bundled_plans
from cadence.plan import compiled, load_plan
from helpers import Cli

PLAN = '[plan]\nname = "Kept"\nstart = 2026-11-30\nweeks = 2\n\n[[task]]\nid = "walk"\ntitle = "Walk"\n'


@pytest.mark.parametrize("name", sorted(bundled_plans()))
def test_every_bundled_plan_comes_back_equal_from_its_plain_values(name: str) -> None:
    plan = load_plan(bundled_plans()[name]).plan
    assert compiled.decode(marshal.loads(marshal.dumps(compiled.encode(plan)))) == plan


def test_a_command_keeps_the_plan_and_the_next_reads_it_back(cli: Cli, tmp_path: Path) -> None:
    plan_file, home = tmp_path / "plan.toml", Path(os.environ["CADENCE_HOME"])
    plan_file.write_text(PLAN)
    assert cli("today", "--json", "--plan", str(plan_file)).code == 0
    assert (home / compiled.FILE).stat().st_mode & 0o777 == 0o600
    found = compiled.lookup(plan_file, home)
    assert found is not None
    assert found.plan == load_plan(plan_file).plan
    assert found.source == PLAN


def test_an_edited_plan_is_checked_again_and_its_error_said(cli: Cli, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(PLAN)
    assert json.loads(cli("today", "--json", "--plan", str(plan_file)).out)["items"][0]["title"] == "Walk"
    plan_file.write_text(PLAN.replace('title = "Walk"', 'title = "Walk far"'))
    assert json.loads(cli("today", "--json", "--plan", str(plan_file)).out)["items"][0]["title"] == "Walk far"
    plan_file.write_text(PLAN.replace("weeks = 2", "weeks = 0"))
    result = cli("today", "--json", "--plan", str(plan_file))
    assert (result.code, result.out) == (1, "")
    assert (
        result.err == f"{plan_file}:4:9: error: 'weeks' in [plan] must be an integer from 1 to 104, not the integer 0\n"
    )


def test_a_plan_kept_by_another_cadence_is_not_trusted(cli: Cli, tmp_path: Path) -> None:
    plan_file, home = tmp_path / "plan.toml", Path(os.environ["CADENCE_HOME"])
    plan_file.write_text(PLAN)
    assert cli("today", "--plan", str(plan_file)).code == 0
    stamp, text, plan = marshal.loads((home / compiled.FILE).read_bytes())
    (home / compiled.FILE).write_bytes(marshal.dumps((("0.0.0", *stamp[1:]), text, plan)))
    assert compiled.lookup(plan_file, home) is None


@pytest.mark.parametrize("kept", [b"", b"not marshal", marshal.dumps(("x", 1)), marshal.dumps((1, 2, ("N", "os", ())))])
def test_a_damaged_cache_is_a_miss_and_the_command_works(cli: Cli, tmp_path: Path, kept: bytes) -> None:
    plan_file, home = tmp_path / "plan.toml", Path(os.environ["CADENCE_HOME"])
    plan_file.write_text(PLAN)
    home.mkdir(parents=True, exist_ok=True)
    (home / compiled.FILE).write_bytes(kept)
    assert compiled.lookup(plan_file, home) is None
    assert cli("today", "--plan", str(plan_file)).code == 0
    assert compiled.lookup(plan_file, home) is not None
