"""The worked examples of docs/concepts.md, with their figures written out: a week's done minutes, the hold
of two weeks under 70% as an exact diff, a weak task's halved targets and the minutes it gives the best task."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from helpers import Cli, PlanWriter
from learning import EXAMPLE, full, live

CONCEPTS = (Path(__file__).resolve().parents[2] / "docs" / "concepts.md").read_text(encoding="utf-8")


@pytest.fixture
def plan(write_plan: PlanWriter) -> str:
    return str(write_plan(EXAMPLE))


def test_the_example_plan_is_the_one_the_docs_show() -> None:
    assert f"```toml\n{EXAMPLE}```" in CONCEPTS


def test_done_minutes_of_a_week_with_a_partial_day(cli: Cli, plan: str) -> None:
    def week_1(day: date) -> list[tuple[str, ...]]:
        if day == date(2026, 11, 6):  # Friday: one comment of two
            return [("check", "comment", "1"), ("check", "outreach")]
        return full(day)

    live(cli, plan, range(1, 2), week_1)
    sunday = {"CADENCE_NOW": "2026-11-08T20:00"}
    shown = json.loads(cli("plan", "show", "--json", "--plan", plan, **sunday).out)
    # comments 4 x 20 + 20 x 1/2 = 90, notes 5 x 15 = 75, the article 120: 285 of 295
    assert [(week["planned_minutes"], week["done_minutes"]) for week in shown["weeks"][:2]] == [(295, 285), (295, None)]
    assert cli("plan", "show", "--week", "1", "--plan", plan, **sunday).out.splitlines()[-1] == (
        "Planned time: 295 min; done: 285 min"
    )
    grid = cli("plan", "show", "--plan", plan, **sunday).out.splitlines()
    assert next(line for line in grid if line.startswith(">1")).split()[:4] == [">1", "-", "1", "285/295"]
    assert "Friday's comments were 1 of 2: 20 × 1/2 = 10 minutes" in CONCEPTS
    assert "90 + 75 + 120 = **285 of 295** minutes" in CONCEPTS


def _weeks_2_and_3_under_70(day: date) -> list[tuple[str, ...]]:
    week = (day - date(2026, 11, 2)).days // 7 + 1
    if week == 2:  # Monday to Wednesday only: 6 of 11
        return full(day) if day.weekday() < 3 else []
    if week == 3:  # comments Monday to Thursday, notes Monday and Tuesday, the article: 7 of 11
        found: list[tuple[str, ...]] = [("check", "comment")] if day.weekday() < 4 else []
        found += [("check", "outreach")] if day.weekday() < 2 else []
        return found + ([("check", "article")] if day.weekday() == 5 else [])
    return full(day)


HOLD = """\
# rule 1: weeks 2 and 3 were 55% and 64% done, under 70% two weeks running: hold the ramp ('comment'): week 5 asks what week 4 asked, and the rest follows a week later
--- a/plan.toml
+++ b/plan.toml
@@ -11,7 +11,7 @@
 days = "weekdays"
 duration = "20m"
 unit = "comments"
-target = { start = 2, peak = 9 }   # one more each week
+target = [2, 3, 4, 5, 5, 6, 7, 8]   # one more each week
 results = ["replies"]
\x20
 [[task]]
"""


def test_two_weeks_under_70_percent_hold_the_ramp(cli: Cli, plan: str, tmp_path: Path) -> None:
    live(cli, plan, range(1, 4), _weeks_2_and_3_under_70)
    tuesday = {"CADENCE_NOW": "2026-11-24T09:00"}
    shown = cli("adapt", "--plan", plan, **tuesday)
    assert shown.out == (
        "Proposed for plan.toml, from the weeks closed by Tue 2026-11-24:\n\n"
        + HOLD
        + f"\n'cadence adapt --apply' writes it into {plan}.\n"
    )
    assert HOLD in CONCEPTS
    # the patch applies with git as it is, and gives what --apply writes
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "apply", "-"], input=shown.out, text=True, check=True)
    patched = Path(plan).read_text(encoding="utf-8")
    Path(plan).write_text(EXAMPLE, encoding="utf-8")
    assert cli("adapt", "--apply", "--plan", plan, **tuesday).code == 0
    assert (
        Path(plan).read_text(encoding="utf-8")
        == patched
        == EXAMPLE.replace("{ start = 2, peak = 9 }", "[2, 3, 4, 5, 5, 6, 7, 8]")
    )


WEAK = """\
# rule 2: 'outreach' was weak at the close of weeks 3 and 4: replies 0.8/h against 'comment' at 6.0/h: halve its targets from week 6 (4 to 2 notes before volume); the 112.5 minutes it frees in weeks 6 to 8 go to 'comment' (+2 comments in week 6)
--- a/plan.toml
+++ b/plan.toml
@@ -11,7 +11,7 @@
 days = "weekdays"
 duration = "20m"
 unit = "comments"
-target = { start = 2, peak = 9 }   # one more each week
+target = [2, 3, 4, 5, 6, 9, 11, 12]   # one more each week
 results = ["replies"]
\x20
 [[task]]
# rule 2: 'outreach' was weak at the close of weeks 3 and 4: replies 0.8/h against 'comment' at 6.0/h: halve its targets from week 6 (4 to 2 notes before volume); the 112.5 minutes it frees in weeks 6 to 8 go to 'comment' (+2 comments in week 6)
--- a/plan.toml
+++ b/plan.toml
@@ -21,7 +21,7 @@
 days = "weekdays"
 duration = "15m"
 unit = "notes"
-target = 4
+target = [4, 4, 4, 4, 4, 2, 2, 2]
 results = ["replies"]
\x20
 [[block]]
"""


def _outreach_weak(day: date) -> list[tuple[str, ...]]:
    """Everything done; comments bring 2 replies a day, the notes 1 a week (on Mondays)."""
    found = full(day)
    if day.weekday() < 5:
        found.append(("log", "replies=2", "--task", "comment"))
    if day.weekday() == 0:
        found.append(("log", "replies=1", "--task", "outreach"))
    return found


def test_a_weak_task_halves_its_targets_and_gives_its_minutes_to_the_best(cli: Cli, plan: str) -> None:
    live(cli, plan, range(1, 5), _outreach_weak)
    tuesday = {"CADENCE_NOW": "2026-12-01T09:00"}
    shown = cli("adapt", "--plan", plan, **tuesday)
    assert shown.out == (
        "Proposed for plan.toml, from the weeks closed by Tue 2026-12-01:\n\n"
        + WEAK
        + f"\n'cadence adapt --apply' writes it into {plan}.\n"
    )
    assert WEAK in CONCEPTS
    data = json.loads(cli("adapt", "--json", "--plan", plan, **tuesday).out)
    assert [(p["key"], p["rule"], p["figures"]) for p in data["proposals"]] == [
        (
            "weak:outreach",
            2,
            {
                "task": "outreach",
                "weeks": [3, 4],
                "metric": "replies",
                "rate": 0.8,
                "best": "comment",
                "best_rate": 6.0,
                "freed_minutes": 112.5,
                "receiver": "comment",
            },
        )
    ]
    # week 7: notes 75 x 2/4 = 37.5, comments 100 x 11/8 = 137.5, the article 120: the 295 it planned
    assert "37.5 + 137.5 + 120 = 295" in CONCEPTS
