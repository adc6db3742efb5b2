"""The phone page's tests' plan, and what they read back: the log's rows and `today --json`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

from cadence.store import DB_NAME
from helpers import run_process
from plans import goal, plan, plan_table, task

PLAN = plan(
    plan_table("Phone plan", rest_days=["sun"]),
    task("comment", "Thoughtful comments", at="08:30", unit="comments", target=3, results=["replies", "connections"]),
    task("post", "Write a post", days=["mon", "wed", "fri"], unit="posts", target=1),
    goal("followers", "Followers", metric="followers", target=1000, by="week 4", **{"from": 500}),
)
WEDNESDAY = "2026-12-02"
LONDON = ZoneInfo("Europe/London")


def events(home: Path) -> list[tuple[object, ...]]:
    """The log as (kind, task, day, amount, metric, note, source), start events left out."""
    db = sqlite3.connect(home / DB_NAME)
    try:
        rows = db.execute(
            "SELECT kind, task, day, amount, metric, note, source FROM events WHERE kind != 'start' ORDER BY id"
        ).fetchall()
    finally:
        db.close()
    return [tuple(row) for row in rows]


def today_json(plan_file: Path) -> dict[str, object]:
    done = run_process("today", "--json", "--plan", str(plan_file))
    assert done.code == 0, done.err
    found: dict[str, object] = json.loads(done.out)
    return found


def item(plan_file: Path, task_id: str) -> dict[str, object]:
    items = today_json(plan_file)["items"]
    assert isinstance(items, list)
    return next(found for found in items if found["id"] == task_id)
