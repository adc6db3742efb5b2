"""A plan and a history to live in, for the TUI tests of living through the twelve weeks.

The plan starts on Mon 2026-11-23, rests on Sunday, allows one make-up day,
and writes its units both ways: "comments", "post" (singular), blocks with the
default "session". The history: Mon 11-23 two comments of three (partial),
Tue 11-24 comments done and the post missed, Wed 11-25 comments done, Thu
11-26 skipped, Sat 11-28 the article done.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.reminders.notify import RecordingNotifier
from cadence.store import NewEvent, Store
from cadence.store.runs import current_run
from cadence.tui.app import CadenceApp, make_app
from helpers import begin_run
from plans import block, notify, plan, plan_table, task

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime(2026, 12, 2, 9, 30, tzinfo=LONDON)
"""Week 2: Monday 11-30 and Tuesday 12-01 have nothing recorded."""

PLAN = plan(
    plan_table("Life", rest_days=["sun"], makeup_days=1),
    notify(morning="07:30"),
    task("comment", "Thoughtful comments in my niche, every weekday", days="weekdays", at="08:30",
         unit="comments", target=3, results=["replies", "connections"]),
    task("post", "Post", days=["tue", "thu"], at="12:00", unit="post", results=["followers"]),
    block("article", "Article", days=["sat"], at="10:00", duration="2h", results=["followers", "leads"]),
)  # fmt: skip

HISTORY = [
    ("checkin", "comment", date(2026, 11, 23), 2.0),
    ("checkin", "comment", date(2026, 11, 24), 3.0),
    ("checkin", "comment", date(2026, 11, 25), 3.0),
    ("skip", None, date(2026, 11, 26), None),
    ("checkin", "article", date(2026, 11, 28), 1.0),
]


Factory = Callable[..., CadenceApp]
"""What the `life` fixture (tests/conftest.py) gives: `build` on the test's store, keywords passed on."""


def build(
    tmp_path: Path,
    store: Store,
    text: str = PLAN,
    now: datetime = WEDNESDAY,
    history: bool = True,
    notifier: RecordingNotifier | None = None,
) -> CadenceApp:
    """The app on `text`, in use since the plan's first day, with the history above (the store is the test's)."""
    path = tmp_path / "plan.toml"
    path.write_text(text)
    begin_run(store, path, date(2026, 11, 23))
    if history:
        run = current_run(store, "Life")
        number = run.number if run is not None else None
        store.append(
            [NewEvent(kind, task_id, day, amount=amount, run=number) for kind, task_id, day, amount in HISTORY]
        )
    return make_app(
        PlanSource(path, "plan.toml"), store, Clock(now), os.environ, notifier, reminders=notifier is not None
    )
