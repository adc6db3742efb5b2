"""`cadence remind`: the reminders due now, each said once, sharing the daemon's record of what was sent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cadence.store.claims import claim, was_sent
from helpers import Cli, PlanWriter, Result, StoreOpener
from plans import notify, plan, plan_table, task

PLAN = plan(
    plan_table("Remind", start=date(2026, 11, 30), makeup_days=0),
    notify(morning="08:00", grace="1h"),
    task("comment", "Comments", at="09:00", target=3, unit="comments"),
    task("post", "Post", days=["mon"], at="10:00"),
)
MORNING = "Remind: today\n  Week 1 of 4.\n  Comments: 3 comments at 09:00\n"


class Reminding:
    def __init__(self, cli: Cli, plan: Path) -> None:
        self.cli = cli
        self.plan = plan

    def __call__(self, *args: str, at: str) -> Result:
        return self.cli(*args, "--plan", str(self.plan), CADENCE_NOW=at)


@pytest.fixture
def remind(cli: Cli, write_plan: PlanWriter) -> Reminding:
    """The plan in use since the morning of its first day."""
    found = Reminding(cli, write_plan(PLAN))
    assert found("today", at="2026-11-30T07:00").code == 0
    return found


def test_each_reminder_is_said_when_due_and_once(remind: Reminding) -> None:
    said = [
        (at, remind("remind", at=f"2026-12-02T{at}").out)
        for at in ("07:59", "08:00", "08:01", "09:00", "09:00", "09:30", "23:59")
    ]
    assert said == [
        ("07:59", ""),
        ("08:00", MORNING),
        ("08:01", ""),
        ("09:00", "Comments\n  3 comments\n"),
        ("09:00", ""),
        ("09:30", ""),
        ("23:59", ""),
    ]


def test_what_the_daemon_sent_is_not_said_again_and_what_remind_said_the_daemon_sees(
    remind: Reminding, open_store: StoreOpener, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "home")
    assert claim(store, "morning:2026-12-02", datetime(2026, 12, 2, 8, 0, tzinfo=UTC))  # the daemon sent it
    assert remind("remind", at="2026-12-02T09:05").out == "Comments\n  3 comments\n"
    assert was_sent(store, "reminder:comment:2026-12-02")  # so the daemon will not send it


def test_work_done_before_its_reminder_is_not_reminded(remind: Reminding) -> None:
    assert remind("check", "comment", at="2026-12-02T07:30").code == 0
    assert remind("remind", at="2026-12-02T09:00").out == (
        "Remind: today\n  Week 1 of 4.\n  Comments: 3/3 comments at 09:00\n"
    )


def test_reminders_older_than_the_grace_are_folded_into_one(remind: Reminding) -> None:
    """Away since before the morning: as the daemon's catch-up says it on waking."""
    assert remind("remind", at="2026-12-07T11:30").out == (
        "Missed while away: 3 reminders\n  08:00 Remind: today\n  09:00 Comments\n  10:00 Post\n"
    )
    assert remind("remind", at="2026-12-07T11:31").out == ""


FADING = plan(
    plan_table("Fading", start=date(2026, 11, 2), weeks=6, rest_days=["sun"], makeup_days=1),
    notify(morning="07:30", grace="1h"),
    task("comment", "Comments", days="weekdays", at="08:30", unit="comments", target=2),
    task("post", "Post", days="weekdays", at="08:30", remind="always"),
)


def test_a_task_whose_reminders_faded_is_named_in_the_morning_only(cli: Cli, write_plan: PlanWriter) -> None:
    """Weeks 1 and 2 done in full and answers 6, 7, 7: on week 3's Wednesday `remind` says the comments in
    the morning summary and not at 08:30, as the daemon does; the post (remind = "always") keeps its reminder."""
    remind = Reminding(cli, write_plan(FADING))
    assert remind("today", at="2026-11-02T07:00").code == 0
    for number in range(2, 18):
        day = f"2026-11-{number:02d}"
        if date.fromisoformat(day).weekday() < 5:
            for item in ("comment", "post"):
                assert remind("check", item, "--date", day, at=f"{day}T20:00").code == 0
    for day, value in (("2026-11-02", "6"), ("2026-11-09", "7"), ("2026-11-16", "7")):
        for item in ("comment", "post"):
            rated = remind("rate", item, value, "--date", day, at=f"{day}T20:00")
            assert (rated.code, rated.err) == (0, "")
    said = [(at, remind("remind", at=f"2026-11-18T{at}").out) for at in ("07:30", "08:30")]
    assert said == [
        ("07:30", "Fading: today\n  Week 3 of 6.\n  Comments: 2 comments at 08:30\n  Post: 1 time at 08:30\n"),
        ("08:30", "Post\n  1 time\n"),
    ]
