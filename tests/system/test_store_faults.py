"""What a disk, a file or another process can do to a home: each write refused in one line, nothing lost, reads go on."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import cadence.store.log
from cadence.store.copies import kept
from helpers import Cli, PlanWriter
from plans import plan, plan_table, task
from small_disk import FILL, FREEZE, SmallDisk, Step, can_freeze, command
from stores import MARKER, damage, history, hold_lock, release

PLAN = plan(
    plan_table("Faults", start=date(2026, 11, 30), weeks=2),
    task("comment", "Comments", target=3, unit="comments", results=["replies"]),
)
FULL = {
    "tmpfs": "the disk is full; nothing was lost, and nothing new was written",
    "limits": "a limit on the size of files (ulimit -f) keeps the store from growing; nothing was lost,"
    " and nothing new was written",
}


def kinds(export: str) -> list[tuple[str, float | None]]:
    return [(event["kind"], event["amount"]) for event in json.loads(export)["events"] if event["kind"] != "start"]


READS: list[Step | str] = [
    command("today", "--json"),
    command("review", "--json"),
    command("export", "--format", "json"),
]


def test_a_full_disk_refuses_each_write_in_one_line_and_still_reads_everything(
    tmp_path: Path, write_plan: PlanWriter
) -> None:
    disk = SmallDisk(tmp_path / "small")
    env = {"CADENCE_HOME": str(disk.home), "CADENCE_PLAN": str(write_plan(PLAN))}
    steps: list[Step | str] = [
        command("check", "comment", "1"),
        command("log", "replies=2", "--task", "comment"),
        FILL,
        command("check", "comment", "1"),
        command("log", "replies=5"),
        command("undo"),
        *READS,
        command("backup"),
    ]
    before, logged, check, log, undo, today, review, export, backup = disk.session(steps, env)
    assert (before.code, logged.code) == (0, 0), before.err + logged.err
    line = f"cadence: error: {disk.home / 'cadence.db'} cannot be written: {FULL[disk.kind]}\n"
    for refused in (check, log, undo):
        assert (refused.code, refused.out, refused.err) == (1, "", line)
    assert (today.code, review.code, export.code) == (0, 0, 0), today.err + review.err + export.err
    assert [(item["id"], item["done"]) for item in json.loads(today.out)["items"]] == [("comment", 1)]
    assert json.loads(review.out)["tasks"][0]["results"] == {"replies": 2}
    assert kinds(export.out) == [("checkin", 1.0), ("result", 2.0)]  # nothing lost, nothing half-written
    assert backup.code == 1 and backup.err.startswith(f"cadence: error: cannot write the backup {disk.home}/backups/")
    assert backup.err.endswith(f": {FULL[disk.kind]}\n") and backup.err.count("\n") == 1
    assert not [name for name in disk.files if "/." in name]  # a backup that failed leaves no partial file


@pytest.mark.skipif(not can_freeze(), reason="root ignores file permissions and this machine mounts nothing")
def test_a_read_only_home_reads_everything_and_refuses_each_write_in_one_line(
    tmp_path: Path, write_plan: PlanWriter
) -> None:
    disk = SmallDisk(tmp_path / "small")
    env = {"CADENCE_HOME": str(disk.home), "CADENCE_PLAN": str(write_plan(PLAN))}
    steps: list[Step | str] = [
        command("check", "comment", "2"),
        FREEZE,
        command("check", "comment", "1"),
        command("undo"),
        *READS,
    ]
    before, check, undo, today, review, export = disk.session(steps, env)
    assert before.code == 0, before.err
    line = (
        f"cadence: error: {disk.home / 'cadence.db'} cannot be written:"
        " the home is read-only; cadence reads it but records nothing there\n"
    )
    assert [(r.code, r.err) for r in (check, undo)] == [(1, line), (1, line)]
    assert [r.code for r in (today, review, export)] == [0, 0, 0], today.err + review.err + export.err
    assert [(item["id"], item["done"]) for item in json.loads(today.out)["items"]] == [("comment", 2)]
    assert kinds(export.out) == [("checkin", 2.0)]


# --------------------------------------------------------------------------- a damaged store


def test_a_damaged_page_names_the_newest_backup_and_its_restore_brings_the_history_back(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    history(home)
    assert cli("backup").code == 0
    newest = kept(home)[-1]
    path = str(write_plan(PLAN))
    assert cli("check", "comment", "--plan", path).code == 0
    damage(home / "cadence.db", MARKER)
    result = cli("today", "--plan", path)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"cadence: error: {home / 'cadence.db'} is damaged and cannot be read (database disk image is malformed);"
        f" the newest backup is {newest}: 'cadence restore {newest}'\n"
    )
    restored = cli("restore", str(newest), "--plan", path)
    assert restored.code == 0, restored.err
    assert cli("today", "--plan", path).code == 0
    events = json.loads(cli("export", "--format", "json").out)["events"]
    assert [event["note"] for event in events if event["kind"] == "checkin"] == [MARKER] + ["x" * 90] * 120
    damage(home / "cadence.db", MARKER)  # damaged again: the copy of the damaged store is no backup to name
    assert cli("today", "--plan", path).err.endswith(f" the newest backup is {newest}: 'cadence restore {newest}'\n")


# --------------------------------------------------------------------------- another process's write lock


def test_a_write_behind_another_processes_lock_is_refused_in_one_line_after_the_wait(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(write_plan(PLAN))
    assert cli("check", "comment", "1", "--plan", path).code == 0
    monkeypatch.setattr(cadence.store.log, "BUSY_TIMEOUT_MS", 300)
    db = tmp_path / "home" / "cadence.db"
    holder = hold_lock(db)
    try:
        result = cli("check", "comment", "1", "--plan", path)
        reading = cli("today", "--json", "--plan", path)  # a reader never waits for a writer
    finally:
        release(holder)
    assert (result.code, result.err) == (
        1,
        f"cadence: error: another process has held the write lock of {db} for 0.3 s;"
        " nothing was written; try again when it finishes\n",
    )
    assert reading.code == 0 and json.loads(reading.out)["items"][0]["done"] == 1
    assert kinds(cli("export", "--format", "json").out) == [("checkin", 1.0)]


def test_a_write_waits_for_another_processes_lock_and_goes_through_when_it_is_released(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    path = str(write_plan(PLAN))
    assert cli("check", "comment", "1", "--plan", path).code == 0
    holder = hold_lock(tmp_path / "home" / "cadence.db", seconds=0.3)  # then it lets go by itself
    result = cli("check", "comment", "1", "--plan", path)
    release(holder)
    assert (result.code, result.err) == (0, "")
    assert kinds(cli("export", "--format", "json").out) == [("checkin", 1.0), ("checkin", 1.0)]


# --------------------------------------------------------------------------- links


def test_a_linked_backups_folder_is_never_written_through(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = str(write_plan(PLAN))
    assert cli("today", "--plan", path).code == 0
    (home / "backups").symlink_to(elsewhere)
    assert cli("check", "comment", "--plan", path).code == 0  # the write goes on without its backup
    refused = cli("backup")
    assert (refused.code, refused.err) == (
        1,
        f"cadence: error: {home / 'backups'}: a symbolic link; cadence keeps its backups in a folder of the home\n",
    )
    assert list(elsewhere.iterdir()) == []
    assert kinds(cli("export", "--format", "json").out) == [("checkin", 3.0)]


LOCK_ON_A_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from cadence.reminders.lock import NotifyLock
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # every write to a file fails, as on a full disk
lock = NotifyLock(Path(sys.argv[1]))
print(lock.acquire(), NotifyLock(Path(sys.argv[1])).acquire())
lock.release()
print("released")
"""


def test_the_notification_lock_is_held_and_released_where_nothing_can_be_written(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOCK_ON_A_FULL_DISK, str(tmp_path)], capture_output=True, text=True, timeout=30
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "True False\nreleased\n", "")
    assert (tmp_path / "notify.lock").read_text() == ""  # the pid could not be written; the lock held anyway


REMINDERS_ON_A_FULL_DISK = """
import asyncio, os, resource, signal, sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.reminders.notify import RecordingNotifier
from cadence.reminders.scheduler import Reminders
from cadence.store import Store

async def main():
    home, plan = Path(sys.argv[1]), Path(sys.argv[2])
    store = Store.open(home)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # nothing more can be written, as on a full disk
    notifier = RecordingNotifier()
    now = datetime(2026, 12, 2, 9, 0, 30, tzinfo=ZoneInfo("Europe/London"))  # the 09:00 reminder 30 s late
    reminders = Reminders(PlanSource(plan, "plan.toml"), store, Clock(now), notifier, os.environ)
    await reminders.start()
    await reminders.stop()
    store.close()
    print([message.title for message in notifier.sent])

asyncio.run(main())
"""


def test_a_reminder_is_still_said_when_the_store_cannot_record_it(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    path = write_plan(
        plan(plan_table("Faults", start=date(2026, 11, 30), weeks=2), task("comment", "Comments", at="09:00"))
    )
    assert cli("today", "--plan", str(path), CADENCE_NOW="2026-11-30T08:00").code == 0  # in use since Monday
    done = subprocess.run(
        [sys.executable, "-c", REMINDERS_ON_A_FULL_DISK, str(tmp_path / "home"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, "['Comments']\n"), done.stderr
    assert "could not record that reminder:comment:2026-12-02 was sent, so it may be sent again" in done.stderr
