"""Restore always works: over every kind of damage the line names a backup restore accepts, restore brings it
back without opening the damaged store, and the store as it was is kept, byte for byte, until removed."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cadence.store import backups
from cadence.store.copies import kept
from cadence.store.migrations import SCHEMA_VERSION
from helpers import Cli, PlanWriter
from plans import plan, plan_table, task
from stores import (
    MARKER,
    crash_after_write,
    cut_short,
    foreign_store,
    garbage_wal,
    history,
    hold_lock,
    hold_restore,
    newer_store,
    overwrite,
    random_pages,
    release,
)

PLAN = plan(
    plan_table("Faults", start=date(2026, 11, 30), weeks=2),
    task("comment", "Comments", target=3, unit="comments", results=["replies"]),
)
AFTER = "only in the store, after the backup"


def notes(cli: Cli, home: Path) -> list[str]:
    events = json.loads(cli("export", "--format", "json", "--home", str(home)).out)["events"]
    return [event["note"] for event in events if event["kind"] == "checkin"]


def prepared(cli: Cli, home: Path, path: str) -> Path:
    """A home with its history, a backup of it, then one check-in the backup lacks; the newest backup."""
    history(home)
    assert cli("backup").code == 0
    assert cli("check", "comment", "1", "--note", AFTER, "--plan", path).code == 0
    return kept(home)[-1]  # the day's copy, made before that check-in, or `backup`'s


def strays(home: Path) -> list[str]:
    """Whatever a restore might leave in the home or beside the backups: temporary files and folders."""
    found = [path for path in home.rglob(".*")]
    return sorted(str(path.relative_to(home)) for path in found)


def set_aside(home: Path) -> Path:
    [found] = home.glob("backups/*-before-restore")
    return found


BACKUP_LINE = "; the newest backup is {0}: 'cadence restore {0}'\n"
DAMAGE: list[tuple[str, Callable[[Path], object], str]] = [
    ("cut short at 100 bytes", cut_short(100), "is damaged and cannot be read (database disk image is malformed)"),
    ("cut short at 4096 bytes", cut_short(4096), "is damaged and cannot be read (database disk image is malformed)"),
    ("cut short at 40000 bytes", cut_short(40_000), "is damaged and cannot be read (database disk image is malformed)"),
    (
        "a damaged header",
        overwrite(0, 100),
        "is not a usable cadence store: it is not an SQLite database; it was left as it is",
    ),
    ("a damaged first page", overwrite(100, 4096), "is damaged and cannot be read (database disk image is malformed)"),
    ("random pages", random_pages, "is damaged and cannot be read (database disk image is malformed)"),
]


@pytest.mark.parametrize(("damage", "reason"), [(d[1], d[2]) for d in DAMAGE], ids=[d[0] for d in DAMAGE])
def test_a_damaged_store_names_a_backup_and_restore_brings_it_back_keeping_the_damaged_file(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path, damage: Callable[[Path], object], reason: str
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    db = home / "cadence.db"
    newest = prepared(cli, home, path)
    assert db.stat().st_size > 40_000
    damage(db)
    damaged = db.read_bytes()
    refused = cli("export", "--format", "json", "--plan", path)  # every event read: a damaged page is met
    assert (refused.code, refused.out) == (1, "")
    assert refused.err == f"cadence: error: {db} {reason}" + BACKUP_LINE.format(newest)

    restored = cli("restore", str(newest), "--plan", path)
    aside = set_aside(home)
    assert (restored.code, restored.err) == (0, "")
    assert restored.out == f"Restored {newest} into {db}; the store as it was is kept in {aside} until you remove it.\n"
    assert (aside / "cadence.db").read_bytes() == damaged  # set aside whole, never opened
    assert cli("today", "--plan", path).code == 0
    assert notes(cli, home) == [MARKER] + ["x" * 90] * 120  # the backup's history; AFTER is in the set-aside
    assert strays(home) == []
    assert oct(db.stat().st_mode & 0o777) == "0o600"


def test_a_garbage_log_is_set_aside_byte_for_byte_and_never_read(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    newest = prepared(cli, home, path)
    garbage_wal(home / "cadence.db")
    garbage = (home / "cadence.db-wal").read_bytes()
    assert cli("restore", str(newest)).code == 0
    assert (set_aside(home) / "cadence.db-wal").read_bytes() == garbage
    assert notes(cli, home) == [MARKER] + ["x" * 90] * 120
    assert strays(home) == []


def test_the_old_stores_log_goes_aside_with_it_and_is_never_replayed_into_the_restored_store(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    newest = prepared(cli, home, path)
    crash_after_write(home, "written by a process killed before it closed the store")
    assert cli("restore", str(newest)).code == 0
    assert notes(cli, home) == [MARKER] + ["x" * 90] * 120
    kept_home = tmp_path / "kept"
    shutil.copytree(set_aside(home), kept_home)  # the set-aside folder is a home: its -wal read with it
    assert notes(cli, kept_home)[-2:] == [AFTER, "written by a process killed before it closed the store"]


def test_with_no_backup_in_the_home_the_line_says_so_and_a_copy_kept_elsewhere_restores(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    history(home)
    elsewhere = tmp_path / "copy.db"
    assert cli("backup", str(elsewhere)).code == 0
    shutil.rmtree(home / "backups")  # the day's copy its first write made
    db = home / "cadence.db"
    cut_short(4096)(db)
    damaged = db.read_bytes()
    refused = cli("today", "--plan", path)
    assert refused.err == (
        f"cadence: error: {db} is damaged and cannot be read (database disk image is malformed);"
        " there is no backup of it yet\n"
    )
    files = sorted(path.name for path in home.iterdir())
    missing = cli("restore", str(tmp_path / "nowhere.db"))
    assert (missing.code, missing.err) == (1, f"cadence: error: no backup at {tmp_path / 'nowhere.db'}\n")
    assert sorted(path.name for path in home.iterdir()) == files
    assert cli("restore", str(elsewhere)).code == 0
    assert (set_aside(home) / "cadence.db").read_bytes() == damaged
    assert notes(cli, home) == [MARKER] + ["x" * 90] * 120


def unusable_backups(home: Path) -> list[tuple[Path, str]]:
    """Three backups restore refuses, newest last, each with the line it is refused with."""
    folder = home / "backups"
    folder.mkdir(exist_ok=True)
    garbage = folder / "cadence-2026-12-01.db"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)
    foreign = folder / "cadence-2026-12-02.db"
    foreign_store(foreign)
    newer_home = home.parent / "newer"
    newer_home.mkdir()
    newer_store(newer_home / "cadence.db")
    newer = folder / "cadence-2026-12-03.db"
    shutil.copyfile(newer_home / "cadence.db", newer)
    for age, path in enumerate((garbage, foreign, newer)):
        os.utime(path, (1_800_000_000 + age, 1_800_000_000 + age))
    return [
        (garbage, f"{garbage} is damaged and cannot be read (file is not a database)"),
        (foreign, f"{foreign} is another program's SQLite database, not a cadence store"),
        (
            newer,
            f"{newer} was written by a newer cadence (store version {SCHEMA_VERSION + 1}; this one knows up to"
            f" {SCHEMA_VERSION}); upgrade cadence to restore it",
        ),
    ]


def test_only_unusable_backups_are_named_as_none_to_restore_and_each_is_refused_leaving_the_home(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    history(home)
    shutil.rmtree(home / "backups")  # the day's copy its first write made
    refused = unusable_backups(home)
    db = home / "cadence.db"
    cut_short(40_000)(db)
    damaged = db.read_bytes()
    line = cli("today", "--plan", path).err
    assert line == (
        f"cadence: error: {db} is damaged and cannot be read (database disk image is malformed); none of the 3"
        f" backups in {home / 'backups'} can be restored (damaged, not a cadence store, or from a newer cadence)\n"
    )
    for backup, why in refused:
        result = cli("restore", str(backup))
        assert result.code == 1
        assert result.err.startswith(f"cadence: error: {why}") and result.err.endswith("; nothing was changed\n")
    assert db.read_bytes() == damaged
    assert sorted(path.name for path in (home / "backups").iterdir()) == [
        "cadence-2026-12-01.db",
        "cadence-2026-12-02.db",
        "cadence-2026-12-03.db",
    ]  # nothing written beside a backup: it was checked on a copy
    assert strays(home) == []


def test_the_line_names_the_newest_backup_restore_accepts_past_newer_unusable_ones(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    history(home)
    shutil.rmtree(home / "backups")  # the day's copy its first write made
    assert cli("backup").code == 0
    [good] = kept(home)
    os.utime(good, (1_700_000_000, 1_700_000_000))  # older than every unusable one
    unusable_backups(home)
    db = home / "cadence.db"
    cut_short(100)(db)
    assert cli("today", "--plan", path).err == (
        f"cadence: error: {db} is damaged and cannot be read (database disk image is malformed);"
        f" the newest backup that can be restored is {good}: 'cadence restore {good}'\n"
    )
    assert cli("restore", str(good)).code == 0
    assert notes(cli, home) == [MARKER] + ["x" * 90] * 120


def test_two_restores_in_one_second_keep_both_stores_they_replaced(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    newest = prepared(cli, home, path)
    second = datetime(2026, 12, 2, 9, 0, 0, tzinfo=UTC)
    first = backups.restore(home, newest, second)
    assert cli("check", "comment", "1", "--note", "between the two restores", "--plan", path).code == 0
    again = backups.restore(home, newest, second)
    stamp = home / "backups" / "cadence-2026-12-02-090000-before-restore"
    assert (first.set_aside, again.set_aside) == (stamp, stamp.with_name(f"{stamp.name}-2"))
    assert notes(cli, stamp)[-1] == AFTER  # only in the store the first restore replaced
    assert notes(cli, stamp.with_name(f"{stamp.name}-2"))[-1] == "between the two restores"
    assert notes(cli, home) == [MARKER] + ["x" * 90] * 120


def test_restores_one_after_another_from_the_command_line_each_keep_what_they_replaced(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    newest = prepared(cli, home, path)
    for _ in range(3):
        assert cli("restore", str(newest)).code == 0
    assert len(list(home.glob("backups/*-before-restore*"))) == 3


def test_what_a_restore_set_aside_outlives_every_pruning_of_the_days_copies(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    from cadence.store import Store
    from cadence.store.copies import daily

    home, path = tmp_path / "home", str(write_plan(PLAN))
    newest = prepared(cli, home, path)
    assert cli("restore", str(newest)).code == 0
    aside = set_aside(home)
    older = home / "backups" / "cadence-2026-01-01-120000-before-restore.db"  # as an older cadence named it
    shutil.copyfile(newest, older)
    os.utime(older, (1_600_000_000, 1_600_000_000))
    store = Store.open(home)
    assert store is not None
    try:
        for offset in range(60):
            daily(store.connection, home, date(2027, 1, 1) + timedelta(days=offset))
    finally:
        store.close()
    assert (aside / "cadence.db").exists() and older.exists()


def test_restore_writes_nothing_beside_its_source(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    prepared(cli, home, path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert cli("backup", str(elsewhere / "copy.db")).code == 0
    assert cli("restore", str(elsewhere / "copy.db")).code == 0
    assert sorted(path.name for path in elsewhere.iterdir()) == ["copy.db"]


def test_a_store_copied_with_its_log_is_restored_with_its_newest_changes(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    prepared(cli, home, path)
    crash_after_write(home, "only in the log of the copy")
    by_hand = tmp_path / "by-hand"
    by_hand.mkdir()
    for name in ("cadence.db", "cadence.db-wal"):
        shutil.copyfile(home / name, by_hand / name)
    log = (by_hand / "cadence.db-wal").read_bytes()
    other = tmp_path / "other"
    restored = cli("restore", str(by_hand / "cadence.db"), "--home", str(other))
    assert (restored.code, restored.out) == (
        0,
        f"Restored {by_hand / 'cadence.db'} into {other / 'cadence.db'}; there was no store to set aside.\n",
    )
    assert notes(cli, other)[-1] == "only in the log of the copy"
    assert (by_hand / "cadence.db-wal").read_bytes() == log
    assert sorted(path.name for path in by_hand.iterdir()) == ["cadence.db", "cadence.db-wal"]


def test_restore_is_refused_while_another_process_has_the_store_open(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    newest = prepared(cli, home, path)
    db = home / "cadence.db"
    holder = hold_lock(db)
    try:
        refused = cli("restore", str(newest))
    finally:
        release(holder)
    assert (refused.code, refused.err) == (
        1,
        f"cadence: error: another process has {db} open (the TUI, `cadence daemon`, `cadence serve` or a command); close it,"
        " then restore; nothing was changed\n",
    )
    assert notes(cli, home)[-1] == AFTER
    assert not list(home.glob("backups/*-before-restore*"))
    assert strays(home) == []


def test_the_store_is_not_opened_while_another_process_restores_into_it(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, path = tmp_path / "home", str(write_plan(PLAN))
    newest = prepared(cli, home, path)
    holder = hold_restore(home)
    try:
        today = cli("today", "--plan", path)
        restore = cli("restore", str(newest))
    finally:
        release(holder)
    assert (today.code, today.err) == (
        1,
        f"cadence: error: a restore into {home} is under way; try again when it finishes\n",
    )
    assert (restore.code, restore.err) == (
        1,
        f"cadence: error: another restore into {home} is under way; nothing was changed\n",
    )
    assert cli("today", "--plan", path).code == 0
