"""export --format ics: RFC 5545, parsed back and loaded into a real calendar program (khal)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from helpers import Cli, PlanWriter
from plans import block, plan, plan_table, task

PLAN = plan(
    plan_table(
        "Calendar plan",
        start=date(2026, 11, 30),
        weeks=1,
        timezone="Europe/Berlin",
        rest_days=["sun"],
        holidays=[date(2026, 12, 2)],
    ),
    task(
        "comment",
        "Comments",
        days="daily",
        at="08:30",
        duration="20m",
        target=3,
        unit="comments",
        on_rest_days=True,
    ),
    task("untimed", "No time"),
    block("article", "Article", days=["sat"], at="09:00", duration="2h", note="The long run", channel="blog"),
)


class VEvent(NamedTuple):
    """A VEVENT of the export, as read back."""

    uid: str
    summary: str
    start: datetime
    end: datetime


def events(text: str) -> list[VEvent]:
    calendar = Calendar.from_ical(text)
    return [
        VEvent(str(e["uid"]), str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend"))
        for e in calendar.walk("VEVENT")
    ]


def test_blocks_and_timed_tasks_become_events(cli: Cli, write_plan: PlanWriter) -> None:
    plan = write_plan(PLAN)
    result = cli("export", "--format", "ics", "--plan", str(plan))
    assert result.code == 0, result.err
    berlin = ZoneInfo("Europe/Berlin")
    found = events(result.out)
    # Mon, Tue, Thu, Fri, Sat (Wed is a holiday, Sun a rest day): the comments at 08:30, the task with no
    # time as an all-day event; and Saturday's block
    day = "comment-{0}@cadence Comments (3 comments)", "untimed-{0}@cadence No time (1 time)"
    expected = [
        part.format(d).split(" ", 1) for d in ("2026-11-30", "2026-12-01", "2026-12-03", "2026-12-04") for part in day
    ]
    expected += [day[0].format("2026-12-05").split(" ", 1), ["article-2026-12-05@cadence", "Article"]]
    expected += [day[1].format("2026-12-05").split(" ", 1)]
    assert [[event.uid, event.summary] for event in found] == expected
    untimed = found[1]
    assert (untimed.start, untimed.end) == (date(2026, 11, 30), date(2026, 12, 1))
    block = found[-2]
    assert (block.start, block.end) == (
        datetime(2026, 12, 5, 9, 0, tzinfo=berlin),
        datetime(2026, 12, 5, 11, 0, tzinfo=berlin),
    )
    calendar = Calendar.from_ical(result.out)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    article = calendar.walk("VEVENT")[-2]
    assert str(article["description"]) == "Target: 1 session\nWeek 1 of 1\nThe long run"
    [alarm] = article.walk("VALARM")
    assert (str(alarm["action"]), alarm.decoded("trigger")) == ("DISPLAY", timedelta(0))
    assert not calendar.walk("VEVENT")[1].walk("VALARM")  # an all-day event has no alarm


def test_uids_are_stable_across_exports(cli: Cli, write_plan: PlanWriter) -> None:
    plan = write_plan(PLAN)
    first = [event.uid for event in events(cli("export", "--format", "ics", "--plan", str(plan)).out)]
    write_plan(PLAN.replace('title = "Article"', 'title = "Article, renamed"'))
    again = events(cli("export", "--format", "ics", "--plan", str(plan)).out)
    assert [event.uid for event in again] == first
    assert [event.summary for event in again if event.uid == "article-2026-12-05@cadence"] == ["Article, renamed"]


KHAL_CONFIG = """[calendars]
[[plan]]
path = {path}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Berlin
default_timezone = Europe/Berlin

[default]
default_calendar = plan
"""


def test_khal_loads_it_and_a_second_import_updates_instead_of_duplicating(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    khal = shutil.which("khal")
    if khal is None:
        raise RuntimeError("khal is not installed: apt-get install khal (make test does)")
    store = tmp_path / "khal-calendar"
    store.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(path=store))
    env = {"XDG_DATA_HOME": str(tmp_path / "khal-data"), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def khal_run(*args: str) -> str:
        done = subprocess.run(
            [khal, "-c", str(config), *args], capture_output=True, text=True, env=env, check=False, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    plan = write_plan(PLAN)
    ics = tmp_path / "plan.ics"
    ics.write_text(cli("export", "--format", "ics", "--plan", str(plan)).out)
    khal_run("import", "--batch", "-a", "plan", str(ics))
    assert len(list(store.iterdir())) == 11  # 5 comments, 5 all-day tasks, the block
    listed = [line.strip() for line in khal_run("list", "2026-12-05", "2026-12-06").splitlines()]
    # khal shows the description after :: (its first line; the others below)
    assert listed[0] == "Saturday, 2026-12-05"
    assert "No time (1 time) :: Target: 1 time" in listed
    assert "08:30-08:50 Comments (3 comments) ⏰ :: Target: 3 comments" in listed  # ⏰: the alarm
    assert "09:00-11:00 Article ⏰ :: Target: 1 session" in listed
    assert "The long run" in listed
    write_plan(PLAN.replace('title = "Article"', 'title = "Article, renamed"'))
    ics.write_text(cli("export", "--format", "ics", "--plan", str(plan)).out)
    khal_run("import", "--batch", "-a", "plan", str(ics))
    assert len(list(store.iterdir())) == 11
    assert "09:00-11:00 Article, renamed ⏰ :: Target: 1 session" in khal_run("list", "2026-12-05", "2026-12-06")


@pytest.mark.parametrize("fmt", ["ics"])
def test_export_ics_refuses_a_bad_plan(cli: Cli, write_plan: PlanWriter, fmt: str) -> None:
    plan = write_plan(PLAN.replace("weeks = 1", "weeks = 0"))
    result = cli("export", "--format", fmt, "--plan", str(plan))
    assert result.code == 1 and result.out == ""
