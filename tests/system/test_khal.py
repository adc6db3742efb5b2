"""The calendar export loaded into a real calendar program, khal: shown on the right days, updated in place."""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers import Cli, PlanWriter
from plans import CALENDAR_PLAN as PLAN
from programs import program

KHAL_CONFIG = """[calendars]
[[plan]]
path = {path}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %A %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Berlin
default_timezone = Europe/Berlin

[default]
default_calendar = plan
"""

DAY = ("--day-format", "{date-long}")
"""A day's heading without "Today"/"Tomorrow", which follow the real clock."""


def test_khal_loads_it_and_a_second_import_updates_instead_of_duplicating(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    khal = program("khal")
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
    # khal heads a day "Today" or "Tomorrow" by the real clock unless told its format: the long date names the
    # weekday whatever the day the test runs on
    listed = [line.strip() for line in khal_run("list", *DAY, "2026-12-05", "2026-12-06").splitlines()]
    # khal shows the description after :: (its first line; the others below)
    assert listed[0] == "Saturday 2026-12-05"
    assert "No time (1 time) :: Target: 1 time" in listed
    assert "08:30-08:50 Comments (3 comments) ⏰ :: Target: 3 comments" in listed  # ⏰: the alarm
    assert "09:00-11:00 Article ⏰ :: Target: 1 session" in listed
    assert "The long run" in listed
    write_plan(PLAN.replace('title = "Article"', 'title = "Article, renamed"'))
    ics.write_text(cli("export", "--format", "ics", "--plan", str(plan)).out)
    khal_run("import", "--batch", "-a", "plan", str(ics))
    assert len(list(store.iterdir())) == 11
    assert "09:00-11:00 Article, renamed ⏰ :: Target: 1 session" in khal_run("list", *DAY, "2026-12-05", "2026-12-06")
