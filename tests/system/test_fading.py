"""Reminders that fade, on a real D-Bus session bus with the recording notification server: an automatic task
is named in the morning summary only (never at its time, nor in the evening), the daemon's log says why, and a
miss brings its reminders back; `remind = "always"` keeps them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.reminders.notify import DesktopNotifier
from cadence.reminders.scheduler import Reminders
from cadence.store import NewEvent, Store
from helpers import begin_run
from notification_server import NotificationServer
from plans import notify, plan, plan_table, task

LONDON = ZoneInfo("Europe/London")
MON = date(2026, 11, 2)
PLAN = plan(
    plan_table("Fading", start=MON, weeks=6, timezone="Europe/London", rest_days=["sun"], makeup_days=1),
    notify(morning="07:30", evening="20:00", grace="1h"),
    task("comment", "Comments", days="weekdays", at="08:30", unit="comments", target=2),
    task("post", "Post", days="weekdays", at="08:30", remind="always"),
)
WEDNESDAY = date(2026, 11, 18)
"""Week 3: weeks 1 and 2 are closed, both done in full."""


def lived(home: Path, plan_file: Path, today: date, missed: date | None = None) -> None:
    """Every weekday before today done but `missed`, and answers 6, 7, 7 for both tasks on the first Mondays."""
    store = Store.open(home)
    assert store is not None
    try:
        begin_run(store, plan_file)
        day = MON
        while day < today:
            if day.weekday() < 5 and day != missed:
                store.append([NewEvent("checkin", "comment", day, amount=2, run=1)])
                store.append([NewEvent("checkin", "post", day, amount=1, run=1)])
            day += timedelta(days=1)
        for monday, value in ((MON, 6), (MON + timedelta(days=7), 7), (MON + timedelta(days=14), 7)):
            store.append([NewEvent("rating", task, monday, amount=value, run=1) for task in ("comment", "post")])
    finally:
        store.close()


async def reminders_at(tmp_path: Path, now: datetime, missed: date | None = None) -> tuple[Reminders, Store]:
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(PLAN)
    lived(tmp_path / "home", plan_file, now.date(), missed)
    store = Store.open(tmp_path / "home")
    assert store is not None
    reminders = Reminders(PlanSource(plan_file, "plan.toml"), store, Clock(now), DesktopNotifier(), os.environ)
    await reminders.start()
    return reminders, store


async def test_an_automatic_task_is_not_reminded_at_its_time(desktop: NotificationServer, tmp_path: Path) -> None:
    reminders, store = await reminders_at(tmp_path, datetime(2026, 11, 18, 8, 29, 59, tzinfo=LONDON))
    try:
        assert set(reminders.faded) == {"comment"}  # post has remind = "always"
        armed = {job.id for job in reminders.scheduler.get_jobs()}
        assert "reminder:post:2026-11-18" in armed and "reminder:comment:2026-11-18" not in armed
        morning, arrived = await desktop.wait_for(2)  # the morning's summary was missed by an hour: late
        assert (morning.summary, arrived.summary, arrived.body) == ("Fading: today", "Post", "1 time")
    finally:
        await reminders.stop()
        store.close()


async def test_the_morning_names_it_and_the_evening_does_not(desktop: NotificationServer, tmp_path: Path) -> None:
    reminders, store = await reminders_at(tmp_path, datetime(2026, 11, 18, 7, 29, 59, tzinfo=LONDON))
    try:
        [morning] = await desktop.wait_for(1)
        assert morning.summary == "Fading: today"
        assert morning.body == "Week 3 of 6.\nComments: 2 comments at 08:30\nPost: 1 time at 08:30"
        reminders.clock = Clock(datetime(2026, 11, 18, 19, 59, 59, tzinfo=LONDON))
        reminders.arm()
        [_, evening] = await desktop.wait_for(2)
        assert (evening.summary, evening.body) == ("Still to do today", "Post: 1 time")  # not the comments
    finally:
        await reminders.stop()
        store.close()


async def test_a_miss_brings_the_reminders_back_for_two_weeks(desktop: NotificationServer, tmp_path: Path) -> None:
    # Monday of week 4 missed; on Wednesday its make-up window has closed
    reminders, store = await reminders_at(
        tmp_path, datetime(2026, 11, 25, 8, 29, 59, tzinfo=LONDON), date(2026, 11, 23)
    )
    try:
        assert reminders.faded == {}
        armed = {job.id for job in reminders.scheduler.get_jobs()}
        assert {"reminder:comment:2026-11-25", "reminder:post:2026-11-25"} <= armed
        summaries = sorted(n.summary for n in await desktop.wait_for(3))
        assert summaries == ["Comments", "Fading: today", "Post"]
    finally:
        await reminders.stop()
        store.close()


async def test_the_daemons_log_says_why_they_faded(desktop: NotificationServer, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(PLAN)
    home = tmp_path / "home"
    lived(home, plan_file, WEDNESDAY)
    env = {**os.environ, "CADENCE_NOW": "2026-11-18T07:29:58"}
    script = Path(sys.executable).parent / "cadence"
    process = subprocess.Popen(
        [str(script), "daemon", "--plan", str(plan_file), "--home", str(home)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        [morning] = await desktop.wait_for(1, timeout=20)
        assert morning.summary == "Fading: today"
        deadline = time.monotonic() + 10
        log = home / "daemon.log"
        while "armed" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "the daemon never said it armed"
            await asyncio.sleep(0.05)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    said = log.read_text()
    assert "reminders faded: automatic: comment (answers 6, 7, 7; weeks 1 and 2 100% done)" in said
    assert "post (" not in said
