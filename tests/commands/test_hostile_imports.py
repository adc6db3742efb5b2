"""Imports that would break a home are refused in one line, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Cli

HEADER = "id,batch,recorded,kind,task,day,until,metric,amount,note,target_batch,source,run,plan"
ROW = "1,1,2026-12-02T09:00:00+00:00,checkin,comment,2026-12-02,,,{amount},,,cli,0,"


def document(**event: object) -> str:
    base = {
        "id": 1, "batch": 1, "recorded": "2026-12-02T09:00:00+00:00", "kind": "checkin", "task": "comment",
        "day": "2026-12-02", "until": None, "metric": None, "amount": 1.0, "note": None, "target_batch": None,
        "source": "cli", "run": 0, "plan": None,
    }  # fmt: skip
    return json.dumps({"format": "cadence-events", "version": 2, "events": [{**base, **event}]})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (document(amount="nan"), "bad.txt: event 1: 'amount' must be a number, not 'nan'"),
        (document(amount=1e308), "bad.txt: event 1: 'amount' must be a finite number within 1e+09, not 1e+308"),
        (
            document(id=10**30),
            f"bad.txt: event 1: 'id' must be a whole number from 0 to 4611686018427387903, not {10**30}",
        ),
        (document(id=1.5), "bad.txt: event 1: 'id' must be a whole number, not 1.5"),
        (document().replace('"amount": 1.0', '"amount": NaN'), "bad.txt: NaN is not a number an export may hold"),
        ('{"a": ' * 100_000 + "1" + "}" * 100_000, "bad.txt: nested too deeply to be a cadence export"),
        (
            f"{HEADER}\n{ROW.format(amount='nan')}\n",
            "bad.txt:2: 'amount' must be a finite number within 1e+09, not 'nan'",
        ),
        (
            f"{HEADER}\n" + ROW.format(amount="1.0").replace(",cli,", "," + "x" * 200_000 + ",") + "\n",
            "bad.txt: not a cadence CSV export: field larger than field limit (131072)",
        ),
    ],
)
def test_hostile_imports_are_refused_and_write_nothing(
    cli: Cli, tmp_path: Path, content: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.txt").write_text(content)
    result = cli("import", "bad.txt", "--home", str(tmp_path / "fresh"))
    assert (result.code, result.err) == (1, f"cadence: error: {message}\n")
    assert cli("export", "--format", "csv", "--home", str(tmp_path / "fresh")).out.count("\n") == 1


def test_a_file_far_larger_than_any_export_is_refused_unread(cli: Cli, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.truncate(600 * 2**20)  # sparse: nothing is written to the disk
    result = cli("import", str(huge), "--home", str(tmp_path / "fresh"))
    assert (result.code, result.err) == (
        1,
        f"cadence: error: {huge} holds 600 MiB; a cadence export is far smaller (ten years of history:"
        " about 30 MiB), so at most 512 MiB is read\n",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\xa9\x00\xffbinary",
            "cannot read bad.bin: 'utf-8' codec can't decode byte 0xa9 in position 0: invalid start byte",
        ),
        (
            b"id,batch\x00,x\n",
            "bad.bin:1: not a cadence CSV export (the header must be " + HEADER + ",uid,origin,lamport)",
        ),
    ],
)
def test_binary_files_are_refused_in_one_line(
    cli: Cli, tmp_path: Path, content: bytes, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.bin").write_bytes(content)
    result = cli("import", "bad.bin", "--home", str(tmp_path / "fresh"))
    assert (result.code, result.err) == (1, f"cadence: error: {message}\n")


def test_a_byte_order_mark_is_read_past(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("\ufeff" + f"{HEADER}\n{ROW.format(amount='2.0')}\n", encoding="utf-8")
    result = cli("import", str(path), "--home", str(tmp_path / "fresh"))
    assert (result.code, result.out) == (0, f"Imported 1 event into {tmp_path / 'fresh'}.\n")


def test_control_characters_in_a_plan_never_reach_the_terminal(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[plan]\nname = "Escapes"\nstart = 2026-11-30\nweeks = 1\n\n'
        '[[task]]\nid = "comment"\ntitle = "Comments \\u001b]0;owned\\u0007\\u001b[31mred"\n'
    )
    out = cli("today", "--plan", str(plan)).out
    assert "\x1b" not in out and "\x07" not in out
    assert "Comments ]0;owned[31mred" in out


def test_control_characters_typed_in_a_command_never_reach_the_terminal_and_stay_in_the_log(
    cli: Cli, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[plan]\nname = "Typed"\nstart = 2026-11-30\nweeks = 1\n\n[[task]]\nid = "comment"\ntitle = "C"\n')
    reason = "\x1b]0;owned\x07\x1b[2Jsick\r"
    skipped = cli("skip", "comment", "--reason", reason, "--plan", str(plan))
    assert skipped.out == "Skipped comment on Wed 2026-12-02: 1 occurrence excused (]0;owned[2Jsick).\n"
    unknown = cli("check", "comm\x1b[31ment", "--plan", str(plan))
    assert unknown.err == "cadence: error: unknown task 'comm[31ment'; did you mean 'comment'?\n"
    [event] = [e for e in json.loads(cli("export", "--format", "json").out)["events"] if e["kind"] == "skip"]
    assert event["note"] == reason  # the log keeps what was typed; only what is shown drops it


# --------------------------------------------------------------------------- the home's files


def test_a_linked_store_is_refused(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    elsewhere = tmp_path / "elsewhere.db"
    elsewhere.write_bytes(b"")
    (home / "cadence.db").symlink_to(elsewhere)
    result = cli("today", "--home", str(home))
    assert (result.code, result.err) == (
        1,
        f"cadence: error: {home / 'cadence.db'} is a symbolic link; cadence keeps its store as a file in the home\n",
    )
    assert elsewhere.read_bytes() == b""


def test_a_dangling_link_creates_nothing_outside_the_home(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "cadence.db").symlink_to(tmp_path / "nowhere.db")
    assert cli("today", "--home", str(home)).code == 1
    assert not (tmp_path / "nowhere.db").exists()


def test_another_programs_database_is_refused_untouched(cli: Cli, tmp_path: Path) -> None:
    import sqlite3

    home = tmp_path / "home"
    home.mkdir()
    path = home / "cadence.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.execute("INSERT INTO recipes VALUES ('soup')")
    other.commit()
    other.close()
    before = path.read_bytes()
    result = cli("today", "--home", str(home))
    assert (result.code, result.err) == (
        1,
        f"cadence: error: {path} is another program's SQLite database, not a cadence store; it was left as it is\n",
    )
    assert path.read_bytes() == before  # not even switched to WAL
    assert sorted(p.name for p in home.iterdir()) == ["cadence.db"]


def test_a_new_store_says_it_is_cadences(cli: Cli, tmp_path: Path) -> None:
    import sqlite3

    assert cli("today", "--home", str(tmp_path / "home")).code == 0
    reader = sqlite3.connect(tmp_path / "home" / "cadence.db")
    try:
        assert reader.execute("PRAGMA application_id").fetchone()[0] == 0x43444E43
    finally:
        reader.close()


def test_the_daemon_never_writes_through_a_linked_lock(tmp_path: Path) -> None:
    from cadence.errors import UserError
    from cadence.reminders.lock import NotifyLock

    home = tmp_path / "home"
    home.mkdir()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    (home / "notify.lock").symlink_to(precious)
    with pytest.raises(UserError, match=r"Too many levels of symbolic links \(it is a symbolic link\)"):
        NotifyLock(home).acquire()
    assert precious.read_text() == "keep me\n"


def test_a_plan_too_large_for_any_day_is_refused_at_its_first_extra_task(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "huge.toml"
    tasks = "".join(f'\n[[task]]\nid = "t{index}"\ntitle = "T"\n' for index in range(301))
    plan.write_text('[plan]\nname = "Huge"\nweeks = 1\n' + tasks)
    result = cli("plan", "check", str(plan))
    line = 3 + 300 * 4 + 2  # the [[task]] header of the 301st task
    assert result.err.splitlines()[0] == (
        f"{plan}:{line}:3: error: a plan holds at most 300 tasks and blocks, not 301;"
        " split it into plans run one after another"
    )
    assert result.code == 1


@pytest.mark.parametrize(("flag", "what"), [("--home", "--home needs a folder"), ("--plan", "--plan needs a file")])
def test_an_empty_home_or_plan_is_refused_not_defaulted(cli: Cli, flag: str, what: str) -> None:
    result = cli("today", flag, "")
    assert (result.code, result.err) == (1, f"cadence: error: {what}; it was given an empty name\n")


def test_a_home_path_the_system_refuses_is_one_line(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / ("a" * 300) / "b"
    result = cli("today", "--home", str(home))
    assert result.code == 1
    assert result.err.startswith("cadence: error: ") and result.err.endswith(": File name too long\n")
    assert result.err.count("\n") == 1


def test_the_daemon_never_appends_through_a_linked_log(tmp_path: Path) -> None:
    from cadence.errors import UserError
    from cadence.reminders.daemon import _logging

    home = tmp_path / "home"
    home.mkdir()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    (home / "daemon.log").symlink_to(precious)
    with pytest.raises(UserError, match=r"Too many levels of symbolic links \(it is a symbolic link\)"):
        _logging(home)
    assert precious.read_text() == "keep me\n"


def test_a_home_an_older_cadence_broke_with_a_nan_import_reads_and_undoes(cli: Cli, tmp_path: Path) -> None:
    """Before imports were checked, a NaN amount went in and SQLite kept it as NULL: it counts for nothing now."""
    import sqlite3

    assert cli("check", "comment", "1").code == 0
    db = sqlite3.connect(tmp_path / "home" / "cadence.db")
    for kind, metric in (("checkin", None), ("result", "replies")):
        db.execute(
            "INSERT INTO events (batch, recorded, kind, task, day, metric, amount, source, run)"
            " VALUES ((SELECT MAX(batch) + 1 FROM events), '2026-12-02T09:00:00+00:00', ?, 'comment', '2026-12-02',"
            " ?, NULL, 'import', 1)",
            (kind, metric),
        )
    db.commit()
    db.close()
    today = cli("today", "--json")
    assert today.code == 0, today.err
    assert [(item["id"], item["done"]) for item in json.loads(today.out)["items"]][:1] == [("comment", 1)]
    for args in (("streak", "--json"), ("review", "--json"), ("status",), ("export", "--format", "days")):
        assert cli(*args).code == 0
    undone = cli("undo")
    assert (undone.code, undone.out) == (
        0,
        "Undid result replies no amount for Thoughtful comments in my niche on Wed 02 Dec.\n",
    )
