"""The files cadence keeps in the home are its owner's alone, and what a killed or refused write left is removed."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cadence.store import Store
from cadence.store.copies import daily
from helpers import Cli, PlanWriter
from plans import plan, plan_table, task

PLAN = plan(plan_table("Files", start=date(2026, 11, 30), weeks=2), task("comment", "Comments", target=3))


def a_dead_pid() -> int:
    """The pid of a process that has ended: it names no one now."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(gone.stdout)


def hidden(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_status_json_is_its_owners_alone_and_a_killed_writers_half_file_is_removed(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    cut_short = home / f".status.json.{a_dead_pid()}"
    cut_short.write_text('{"key": ')
    assert cli("status", "--plan", str(write_plan(PLAN))).code == 0
    assert oct((home / "status.json").stat().st_mode & 0o777) == "0o600"
    assert hidden(home) == []


FULL_DISK = """
import resource, signal, sys
from cadence.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # no file may grow: a full disk
sys.exit(main(["status", "--plan", sys.argv[1], "--home", sys.argv[2]]))
"""


def test_status_on_a_full_disk_prints_its_line_and_leaves_no_temporary_file(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, plan_file = tmp_path / "home", str(write_plan(PLAN))
    assert cli("check", "comment", "--plan", plan_file).code == 0
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, plan_file, str(home)], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "W1 · 1/1 due · streak 1\n", "")
    assert hidden(home) == [] and not (home / "status.json").exists()


def test_a_copy_a_kill_cut_short_is_removed_by_the_next_copy_whatever_it_was_a_copy_of(
    store: Store, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    dead = a_dead_pid()
    (home / "backups").mkdir(parents=True)
    for name in (
        f".cadence-2026-11-30-101500.db.{dead}",  # `cadence backup`, killed
        f".cadence-2026-11-29.db.{dead}-journal",  # SQLite's journal beside one
        f".cadence-2026-11-28-093015-before-restore.db.{dead}",  # as an older cadence's restore left it
    ):
        (home / "backups" / name).write_bytes(b"SQLite format 3\x00half a copy")
    made = daily(store.connection, home, date(2026, 12, 2))
    assert made == home / "backups" / "cadence-2026-12-02.db"
    assert sorted(path.name for path in (home / "backups").iterdir()) == ["cadence-2026-12-02.db"]
    assert oct(made.stat().st_mode & 0o777) == "0o600"


EMPTY_HOME = "cadence: error: CADENCE_HOME needs a folder; it is set to an empty name (unset it for the default home)\n"


@pytest.mark.parametrize("words", [["status"], ["today"], ["check", "comment"], ["daemon", "--install"]])
def test_an_empty_cadence_home_is_refused_never_taken_for_the_default_home(
    cli: Cli, write_plan: PlanWriter, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, words: list[str]
) -> None:
    monkeypatch.setenv("CADENCE_PLAN", str(write_plan(PLAN)))
    monkeypatch.delenv("CADENCE_HOME")
    default = tmp_path / "data" / "cadence"
    assert cli("status").code == 0  # the default home, with a line kept for the prompt's fast path
    before = sorted(path.name for path in default.iterdir())
    result = cli(*words, CADENCE_HOME="")
    assert (result.code, result.out, result.err) == (1, "", EMPTY_HOME)
    assert sorted(path.name for path in default.iterdir()) == before
    assert not (tmp_path / "config" / "systemd").exists()


def test_every_file_cadence_keeps_in_the_home_is_its_owners_alone(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    home, plan_file = tmp_path / "home", str(write_plan(PLAN))
    assert cli("check", "comment", "--plan", plan_file).code == 0
    assert cli("backup").code == 0
    assert cli("restore", str(next((home / "backups").iterdir()))).code == 0
    assert cli("status", "--plan", plan_file).code == 0
    assert cli("check", "comment", "--plan", plan_file).code == 0
    modes = {str(path.relative_to(home)): oct(path.stat().st_mode & 0o777) for path in home.rglob("*")}
    assert "status.json" in modes and any(name.endswith("-before-restore/cadence.db") for name in modes)
    assert {
        name: mode for name, mode in modes.items() if mode != ("0o700" if (home / name).is_dir() else "0o600")
    } == {}


def test_restore_through_a_linked_backups_folder_is_refused_naming_it(cli: Cli, tmp_path: Path) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    assert cli("backup", str(tmp_path / "copy.db")).code == 0
    elsewhere.mkdir()
    (home / "backups").symlink_to(elsewhere)
    result = cli("restore", str(tmp_path / "copy.db"))
    assert (result.code, result.err) == (
        1,
        f"cadence: error: cannot restore into {home}: {home / 'backups'}: a symbolic link; cadence keeps its"
        " backups in a folder of the home; nothing was changed\n",
    )
    assert list(elsewhere.iterdir()) == [] and not (home / ".restore").exists()


EMPTY_PLAN = (
    "cadence: error: CADENCE_PLAN needs a file; it is set to an empty name (unset it for the configured plan)\n"
)


@pytest.mark.parametrize("words", [["status"], ["today"], ["check", "comment"]])
def test_an_empty_cadence_plan_is_refused_never_taken_for_the_configured_plan(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path, words: list[str]
) -> None:
    config = tmp_path / "config" / "cadence"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(f'plan = "{write_plan(PLAN)}"\n')
    assert cli("status").code == 0  # the configured plan, with a line kept for the prompt's fast path
    before = (tmp_path / "home" / "cadence.db").read_bytes()
    result = cli(*words, CADENCE_PLAN="")
    assert (result.code, result.out, result.err) == (1, "", EMPTY_PLAN)
    assert (tmp_path / "home" / "cadence.db").read_bytes() == before


@pytest.mark.parametrize("made", ["fifo", "folder", "huge"])
def test_a_config_file_that_is_no_config_is_one_line(cli: Cli, tmp_path: Path, made: str) -> None:
    config = tmp_path / "config" / "cadence" / "config.toml"
    config.parent.mkdir(parents=True)
    if made == "fifo":
        os.mkfifo(config)  # read, it would hang
    elif made == "folder":
        config.mkdir()
    else:
        config.write_bytes(b"# " + b"x" * (1 << 20) + b"\n")
    result = cli("today")
    reason = {
        "fifo": "it is not a regular file",
        "folder": "it is not a regular file",
        "huge": "it is over 1 MiB, which no config file needs",
    }[made]
    assert (result.code, result.out, result.err) == (
        1,
        "",
        f"cadence: error: {config}: error: cannot read the config file: {reason}\n",
    )
