"""A `pip install` user gets the bundled plans, the templates and the JSON Schema inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(folder), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (found,) = folder.glob("cadence-*.whl")
    return found


def test_the_wheel_carries_the_plans_and_the_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"cadence/plans/{path.name}" for path in (ROOT / "plans").iterdir() if path.is_file()}
    assert shipped == {
        "cadence/plans/social-half-marathon.toml",
        "cadence/plans/starter-4-weeks.toml",
        "cadence/plans/steady-rhythm.toml",
        "cadence/plans/plan.schema.json",
    }
    assert shipped <= names
    assert {"cadence/py.typed", "cadence/tui/app.tcss"} <= names


def test_an_installed_wheel_finds_its_bundled_plans(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = "from cadence.bundled import PLANS_DIR, bundled_plans; print(PLANS_DIR); print(sorted(bundled_plans()))"
    done = subprocess.run(
        [sys.executable, "-S", "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(site)},
        cwd=tmp_path,
    )
    assert done.stdout.splitlines() == [
        str(site / "cadence" / "plans"),
        "['social-half-marathon', 'starter-4-weeks', 'steady-rhythm']",
    ]
