"""Commands on one plan file with the clock set per call: the plan-life tests' way of living a plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers import Cli, Result


class Planned:
    """Commands on one plan file, with the clock set per call."""

    def __init__(self, cli: Cli, path: Path) -> None:
        self.cli = cli
        self.path = path

    def __call__(self, *args: str, at: str = "2026-12-02T09:00") -> Result:
        return self.cli(*args, "--plan", str(self.path), CADENCE_NOW=at)

    def json(self, *args: str, at: str = "2026-12-02T09:00") -> Any:
        result = self(*args, "--json", at=at)
        assert result.code == 0, result.err
        return json.loads(result.out)

    def export(self) -> str:
        return self("export", "--format", "json").out


def items(data: Any) -> list[tuple[str, Any, str]]:
    """Each of `today --json`'s items as (id, target, status)."""
    return [(item["id"], item["target"], item["status"]) for item in data["items"]]
