"""`export --format days`: the plan day by day as CSV, row for row what `today --json` says of each day."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

from helpers import Cli, PlanWriter
from plans import plan, plan_table, task

PLAN = plan(
    plan_table("Days", weeks=2, rest_days=["sun"]),
    task("comment", "Comments", days="weekdays", unit="comments", target=3, results=["replies"]),
    task("post", "Post", days=["tue", "thu"], unit="posts"),
)


def test_every_day_of_the_plan_as_today_json_says_it(cli: Cli, write_plan: PlanWriter) -> None:
    path = str(write_plan(PLAN))

    def run(*args: str, at: str = "2026-12-02T20:00") -> str:
        result = cli(*args, "--plan", path, CADENCE_NOW=at)
        assert result.code == 0, result.err
        return result.out

    run("today", at="2026-11-23T08:00")
    run("check", "comment", "--note", "good thread", at="2026-11-23T20:00")
    run("log", "replies=3", "--task", "comment", at="2026-11-23T20:00")
    run("log", "replies=2", "--task", "comment", "--date", "2026-11-23", at="2026-11-24T20:00")  # late ones
    run("skip", "post", "--reason", "travel", at="2026-11-24T20:00")
    run("check", "comment", "2", at="2026-12-02T09:00")
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "days"))))
    assert list(rows[0]) == [
        "date", "week", "phase", "task", "target", "done", "status", "results", "notes", "skip_reason",
        "weekday", "day_status", "this_week",
    ]  # fmt: skip
    assert rows[0] == {
        "date": "2026-11-23", "week": "1", "phase": "", "task": "comment", "target": "3", "done": "3",
        "status": "done", "results": "replies=5", "notes": "good thread", "skip_reason": "",
        "weekday": "Mon", "day_status": "done", "this_week": "",
    }  # fmt: skip
    assert [r["skip_reason"] for r in rows if r["status"] == "skipped"] == ["travel"]
    assert [(r["date"], r["status"]) for r in rows if r["task"] == ""] == [
        ("2026-11-28", "none"),  # a Saturday: nothing is due
        ("2026-11-29", "rest"),
        ("2026-12-05", "none"),
        ("2026-12-06", "rest"),
    ]
    day = date(2026, 11, 23)
    while day <= date(2026, 12, 6):
        today = json.loads(run("today", "--json", "--date", day.isoformat()))
        expected = [(i["id"], str(i["target"]), str(i["done"]), i["status"]) for i in today["items"]]
        found = [
            (r["task"], r["target"], r["done"], r["status"]) for r in rows if r["date"] == day.isoformat() and r["task"]
        ]
        assert found == expected, day
        day += timedelta(days=1)
