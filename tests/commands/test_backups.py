"""Backups as Loop keeps them: a copy before each day's first write, 7 daily and 4 weekly; backup and restore."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from cadence.store import Store
from cadence.store.copies import daily, kept, prune
from helpers import Cli, PlanWriter
from plans import plan, plan_table, task

PLAN = plan(plan_table("Backups", weeks=2), task("comment", "Comments", days="daily", unit="comments", target=3))


def test_the_days_first_write_saves_the_store_as_it_was(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    path = str(write_plan(PLAN))
    home = tmp_path / "home"
    cli("check", "comment", "--plan", path)
    [first] = kept(home)
    cli("check", "comment", "--plan", path)
    assert kept(home) == [first]  # once a day
    saved = sqlite3.connect(first)
    try:
        kinds = [row[0] for row in saved.execute("SELECT kind FROM events ORDER BY id")]
    finally:
        saved.close()
    assert kinds == ["start"]  # the store as it was before the first check-in of the day (its run begun)
    assert oct(first.stat().st_mode & 0o777) == "0o600"


def test_seven_daily_and_four_weekly_copies_are_kept(store: Store, tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = date(2026, 9, 1)
    for offset in range(60):
        daily(store.connection, home, first + timedelta(days=offset))
    days = [path.stem.removeprefix("cadence-") for path in kept(home)]
    assert days[-7:] == [(first + timedelta(days=offset)).isoformat() for offset in range(53, 60)]
    assert days[:-7] == ["2026-10-04", "2026-10-11", "2026-10-18", "2026-10-23"]  # the newest of each of 4 weeks
    assert prune(home) == []


def test_backup_then_restore_brings_the_history_back(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    path = str(write_plan(PLAN))
    cli("check", "comment", "--plan", path)
    copy = tmp_path / "copy.db"
    assert cli("backup", str(copy)).out == f"Saved a copy of the store to {copy}.\n"
    cli("log", "replies=9", "--task", "comment", "--plan", path)
    result = cli("restore", str(copy), "--plan", path)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Restored {copy} into {tmp_path / 'home' / 'cadence.db'}; the store as it was")
    events = json.loads(cli("export", "--format", "json").out)["events"]
    assert [event["kind"] for event in events] == ["start", "checkin"]  # the log as it was at the backup
    refused = cli("backup", str(copy))
    assert (refused.code, refused.err) == (
        1,
        f"cadence: error: {copy} already exists; cadence never overwrites a file\n",
    )


def test_restore_refuses_what_is_not_a_cadence_store(cli: Cli, tmp_path: Path) -> None:
    cli("today")
    other = tmp_path / "recipes.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    before = json.loads(cli("export", "--format", "json").out)
    result = cli("restore", str(other))
    assert (result.code, result.err) == (
        1,
        f"cadence: error: {other} is another program's SQLite database, not a cadence store; nothing was changed\n",
    )
    assert json.loads(cli("export", "--format", "json").out) == before


def test_a_corrupt_store_names_its_newest_backup(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    path = str(write_plan(PLAN))
    cli("check", "comment", "--plan", path)
    home = tmp_path / "home"
    [newest] = kept(home)
    store = home / "cadence.db"
    for suffix in ("-wal", "-shm"):
        (home / f"cadence.db{suffix}").unlink(missing_ok=True)
    store.write_bytes(store.read_bytes()[:100] + b"\x00garbage" * 4000)
    result = cli("today", "--plan", path)
    assert result.code == 1
    assert result.err.endswith(f"; the newest backup is {newest}: 'cadence restore {newest}'\n")


def test_a_copy_cut_short_by_a_kill_is_cleared_by_the_next_one(store: Store, tmp_path: Path) -> None:
    import subprocess
    import sys

    home = tmp_path / "home"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)  # a process that has ended: its pid names no one now
    (home / "backups").mkdir(parents=True)
    cut_short = home / "backups" / f".cadence-2026-12-02.db.{dead}"
    cut_short.write_bytes(b"SQLite format 3\x00half a copy")
    made = daily(store.connection, home, date(2026, 12, 2))
    assert made == home / "backups" / "cadence-2026-12-02.db"
    assert sorted(path.name for path in (home / "backups").iterdir()) == ["cadence-2026-12-02.db"]
