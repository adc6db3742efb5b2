"""Fixtures that keep the developer's machine out of every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from cadence.cli import main
from helpers import FIXED_NOW, Cli, PlanWriter, Result

# No per-example deadline: a busy machine must not fail a property. In CI the
# examples are derandomized, so a landing never depends on a random draw.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """No test reads the real config, plan, data folder or clock."""
    for name in list(os.environ):
        if name.startswith(("CADENCE_", "XDG_")):
            monkeypatch.delenv(name)
    env = {
        "HOME": str(tmp_path / "userhome"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "CADENCE_HOME": str(tmp_path / "home"),
        "CADENCE_NOW": FIXED_NOW,
        "TZ": "Europe/London",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    yield env


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `cadence ARGS` in this process, with the isolated environment."""

    def run(*args: str, **env: str) -> Result:
        try:
            code = main(list(args), {**os.environ, **env})
        except SystemExit as exit:
            code = int(exit.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def write_plan(tmp_path: Path) -> PlanWriter:
    def write(text: str, name: str = "plan.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
