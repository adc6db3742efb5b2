"""Homes of one member on several machines, for the sync tests: offline writes, syncs, their logs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cadence.store import Store
from cadence.store.sync import waiting
from helpers import Cli, Result
from plans import LINKEDIN, plan, plan_table, task

PLAN = plan(
    plan_table("Two machines", weeks=4, rest_days=["sun"]),
    task("comment", "Comments", days="weekdays", unit="comments", target=3, **LINKEDIN),
    task("post", "Post", days=["wed"], unit="posts"),
)
GLOBAL = ("uid", "origin", "lamport", "recorded", "kind", "task", "day", "until", "metric", "amount")
"""What makes an event the same event on every machine (its local id and batch are the home's own)."""


class Machine:
    """One machine's home; the hub's URL is given only to `sync`, so every other command is offline."""

    def __init__(self, cli: Cli, home: Path, plan_file: Path, url: str) -> None:
        self.cli = cli
        self.home = home
        self.plan = plan_file
        self.url = url

    def url_key(self) -> str:
        """How cadence names the hub (no password): member@host:port/database."""
        from cadence.hub.config import hub_key

        return hub_key(self.url, "ana")

    def offline(self, *args: str, now: str = "2026-12-02T09:00") -> Result:
        result = self.cli(*args, "--home", str(self.home), "--plan", str(self.plan), CADENCE_NOW=now)
        assert result.code == 0, result.err
        return result

    def sync(self) -> Result:
        return self.cli("sync", "--home", str(self.home), "--plan", str(self.plan), CADENCE_SYNC_URL=self.url)

    def today(self, now: str = "2026-12-02T09:00") -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.offline("today", "--json", now=now).out)
        return found

    def log(self) -> set[tuple[Any, ...]]:
        store = Store.open(self.home, create=False)
        assert store is not None
        try:
            return {tuple(getattr(event, column) for column in GLOBAL) for event in store.events()}
        finally:
            store.close()

    def count(self) -> int:
        store = Store.open(self.home, create=False)
        assert store is not None
        try:
            return store.count()
        finally:
            store.close()

    def waiting(self, key: str) -> int:
        store = Store.open(self.home, create=False)
        assert store is not None
        try:
            return waiting(store, key)
        finally:
            store.close()


def write_plan(folder: Path) -> Path:
    path = folder / "plan.toml"
    path.write_text(PLAN)
    return path
