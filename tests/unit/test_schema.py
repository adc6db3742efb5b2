"""The plan's JSON Schema: derived from SCHEMA, shipped, and agreeing with the validator under taplo."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cadence.bundled import SCHEMA_FILE as SCHEMA
from cadence.bundled import bundled_plans
from cadence.plan.schema import json_schema, json_schema_text
from helpers import Cli

BAD_PLANS = Path(__file__).parents[1] / "bad_plans"
SCHEMA_FILE = Path(SCHEMA)
TAPLO = str(Path(sys.executable).parent / "taplo")

CONTEXTUAL = {
    "duplicate-id": "ids are unique across the [[task]] and [[block]] arrays",
    "goal-checkpoint-falls": "checkpoints are compared with each other",
    "phase-overlap": "phases are compared with each other",
    "start-quoted": "taplo reads TOML dates as strings, so a quoted date looks the same",
    "target-list-length": "the list's length depends on [plan] weeks",
    "task-week-list-outside": "the range depends on [plan] weeks",
    "task-weeks-outside": "the range depends on [plan] weeks",
    "week-number-outside": "the range depends on [plan] weeks",
    "unknown-timezone": "the zones are the machine's tz database, not a fixed list",
}
"""Problems no per-file JSON Schema can see; cadence alone reports them, each for the reason given."""


def taplo(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TAPLO, "check", *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_plan_schema_prints_the_shipped_schema(cli: Cli) -> None:
    result = cli("plan", "schema")
    assert result.code == 0
    assert json.loads(result.out) == json_schema()
    assert result.out == json_schema_text() == SCHEMA_FILE.read_text(encoding="utf-8")


def test_the_schema_lists_every_key_of_the_validator() -> None:
    from cadence.plan.schema import SCHEMA

    properties = json_schema()["properties"]
    for name, table in SCHEMA.items():
        found = properties[name]["items"] if table.many else properties[name]
        assert set(found["properties"]) == set(table.keys)
        assert found["additionalProperties"] is False


@pytest.mark.parametrize("name", sorted(bundled_plans()))
def test_examples_start_with_the_schema_directive_and_pass_taplo(name: str) -> None:
    path = bundled_plans()[name]
    assert path.read_text().startswith("#:schema ./plan.schema.json\n")
    result = taplo(path.name, cwd=path.parent)  # the directive, not --schema
    assert result.returncode == 0, result.stderr


def test_taplo_follows_the_directive(tmp_path: Path) -> None:
    shutil.copy(SCHEMA_FILE, tmp_path / "plan.schema.json")
    text = bundled_plans()["starter-4-weeks"].read_text().replace('unit = "comments"', 'units = "comments"')
    (tmp_path / "plan.toml").write_text(text)
    assert taplo("plan.toml", cwd=tmp_path).returncode != 0


FIXTURES = sorted(path for path in BAD_PLANS.glob("*.toml") if path.stem not in CONTEXTUAL)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_taplo_rejects_what_cadence_rejects_for_type_enum_range_or_unknown_key(fixture: Path) -> None:
    result = taplo("--schema", SCHEMA_FILE.resolve().as_uri(), fixture.name, cwd=BAD_PLANS)
    assert result.returncode != 0, f"taplo accepted {fixture.name}"


def test_every_contextual_fixture_exists() -> None:
    assert {path.stem for path in BAD_PLANS.glob("*.toml")} >= set(CONTEXTUAL)


def test_plan_new_points_at_the_installed_schema(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    assert cli("plan", "new", str(target)).code == 0
    first = target.read_text().splitlines()[0]
    assert first == f"#:schema {SCHEMA_FILE.resolve().as_uri()}"
    assert taplo(str(target)).returncode == 0
