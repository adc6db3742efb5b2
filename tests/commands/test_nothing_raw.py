"""Nothing raw reaches a terminal through the command line: a note or a reason with an OSC that retitles the
window, an ESC [2J that clears it, a BEL and a right-to-left override is shown without them in every text
output, error and usage error; JSON keeps it exactly, escaped; columns stay aligned whatever the script; bytes
that are not UTF-8 are refused in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from helpers import Cli, PlanWriter
from plans import plan, plan_table, task

HOSTILE = "hello\x1b]0;INJECTED\x1b\\world\x1b[2J\x07\u202eevil"
SHOWN = "hello]0;INJECTED\\world[2Jevil"
REASON = "sick\x1b]0;X\x07\u202eabc"
PLAN = plan(
    plan_table("Escapes", start=date(2026, 11, 30), weeks=1),
    task("comment", "Comments", target=3, unit="comments"),
    task("kanji", "日本語のコメント", target=2, unit="件"),
    task("post", "Post\u202eevil"),
)


@pytest.fixture
def written(cli: Cli, write_plan: PlanWriter) -> Path:
    """A plan begun on Monday 30 November, with the hostile note and reason typed on Wednesday 2 December."""
    path = write_plan(PLAN)
    assert cli("check", "comment", "1", "--note", HOSTILE, "--plan", str(path)).code == 0
    assert cli("skip", "post", "--reason", REASON, "--plan", str(path)).code == 0
    return path


def test_the_skip_line_quotes_a_hostile_reason_without_its_escapes(cli: Cli, write_plan: PlanWriter) -> None:
    skipped = cli("skip", "post", "--reason", REASON, "--plan", str(write_plan(PLAN)))
    assert skipped.out == "Skipped post on Wed 2026-12-02: 1 occurrence excused (sick]0;Xabc).\n"


def test_a_hostile_note_is_shown_by_review_without_its_escapes(cli: Cli, written: Path) -> None:
    out = cli("review", "--plan", str(written)).out
    assert out.splitlines()[-2:] == ["Notes", f"  Wed 02 Dec  Comments: {SHOWN}"]


def test_json_keeps_a_hostile_note_exactly_with_what_a_terminal_obeys_escaped(cli: Cli, written: Path) -> None:
    escaped = '"hello\\u001b]0;INJECTED\\u001b\\\\world\\u001b[2J\\u0007\\u202eevil"'
    today = cli("today", "--json", "--plan", str(written)).out
    assert f'"notes": [\n        {escaped}\n      ]' in today
    [comment, _, _] = json.loads(today)["items"]
    assert comment["notes"] == [HOSTILE]
    exported = cli("export", "--format", "json", "--plan", str(written)).out
    assert f'"note": {escaped}' in exported
    assert "\u202e" not in today + exported and "\x1b" not in today + exported


def test_titles_of_any_width_keep_todays_columns(cli: Cli, written: Path) -> None:
    assert cli("today", "--plan", str(written)).out.splitlines()[1:] == [
        "  comment                  Comments                                     1/3 comments       partial",
        "  kanji                    日本語のコメント                             0/2 件s            open",
        "  post                     Postevil                                     0/1 time           skipped",
    ]
    assert cli("plan", "show", "--week", "1", "--plan", str(written)).out.splitlines()[2:5] == [
        "         Comments                                      3 comments",
        "         日本語のコメント                              2 件s",
        "         Postevil                                      1 time",
    ]


def test_the_days_export_shows_a_hostile_note_and_reason_without_their_escapes(cli: Cli, written: Path) -> None:
    rows = cli("export", "--format", "days", "--plan", str(written)).out.splitlines()
    assert [row for row in rows if row.startswith("2026-12-02")] == [
        f"2026-12-02,1,,comment,3,1,partial,,{SHOWN},,Wed,partial,",  # weekday, the day's word, this week
        "2026-12-02,1,,kanji,2,0,open,,,,Wed,partial,",
        "2026-12-02,1,,post,1,0,skipped,,,sick]0;Xabc,Wed,partial,",
    ]


def test_a_hostile_export_imported_is_shown_without_its_escapes(cli: Cli, written: Path, tmp_path: Path) -> None:
    exported = cli("export", "--format", "csv", "--plan", str(written)).out
    assert HOSTILE in exported and REASON in exported  # CSV has no escapes: the raw characters, as typed
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(exported, encoding="utf-8")
    other = str(tmp_path / "other")
    assert cli("import", str(hostile), "--home", other).out == f"Imported 3 events into {other}.\n"
    review = cli("review", "--plan", str(written), "--home", other).out
    assert review.splitlines()[-1] == f"  Wed 02 Dec  Comments: {SHOWN}"
    days = cli("export", "--format", "days", "--plan", str(written), "--home", other).out
    assert "2026-12-02,1,,post,1,0,skipped,,,sick]0;Xabc,Wed,partial,\n" in days


@pytest.mark.parametrize("option", ["--date", "--from", "--to"])
def test_a_usage_error_quotes_the_day_typed_without_its_escapes(cli: Cli, option: str) -> None:
    result = cli("skip", "--all", option, "\x1b]0;INJECTED\x07\x1b[2J\u202emon")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"cadence skip: error: argument {option}: not a day like 2026-12-01, today, yesterday, -3 or mon:"
        " ']0;INJECTED[2Jmon' (see 'cadence skip --help')\n"
    )


def test_an_error_quoting_a_file_name_shows_it_without_its_escapes(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "plan\x1b]0;INJECTED\x07\u202e.toml"
    result = cli("today", "--plan", str(missing))
    assert (result.code, result.out) == (1, "")
    assert (
        result.err
        == f"{tmp_path}/plan]0;INJECTED.toml: error: no such plan file; create one with 'cadence plan new FILE'\n"
    )


@pytest.mark.parametrize(
    ("words", "byte", "after"),
    [
        (["check", "comment", "--note", "caf\udce9"], "E9", "caf"),
        (["skip", "comment", "--reason", "sick \udcff\udcfe"], "FF", "sick "),
    ],
)
def test_a_note_or_reason_not_utf8_is_refused_in_one_line_and_nothing_is_written(
    cli: Cli, written: Path, words: list[str], byte: str, after: str
) -> None:
    before = cli("export", "--format", "json", "--plan", str(written)).out
    result = cli(*words, "--plan", str(written))
    assert (result.code, result.out) == (2, "")
    option = words[2]
    assert result.err == (
        f"cadence {words[0]}: error: argument {option}: not UTF-8 text: byte 0x{byte} after '{after}';"
        f" cadence keeps text as UTF-8 (see 'cadence {words[0]} --help')\n"
    )
    assert cli("export", "--format", "json", "--plan", str(written)).out == before


def test_a_note_of_bytes_not_utf8_in_a_real_process_is_one_line_not_a_traceback(written: Path) -> None:
    script = Path(sys.executable).parent / "cadence"
    done = subprocess.run(
        [bytes(script), b"check", b"comment", b"--note", b"caf\xe9", b"--plan", bytes(written)],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == (
        b"cadence check: error: argument --note: not UTF-8 text: byte 0xE9 after 'caf'; cadence keeps text as UTF-8"
        b" (see 'cadence check --help')\n"
    )


def test_a_plan_checks_error_quotes_a_hostile_key_on_one_line(cli: Cli, write_plan: PlanWriter) -> None:
    path = write_plan(PLAN + '"a\\nb\\u001b]0;INJECTED\\u0007\\u202ec" = 1\n')
    result = cli("plan", "check", str(path))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"{path}:22:1: error: unknown key 'a b]0;INJECTEDc' in [[task]] 'post'\n"
        f"{path}: 1 error; the plan cannot be used\n"
    )


def test_a_plan_file_whose_name_is_not_utf8_is_used_and_use_refuses_it_in_one_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan\udcff.toml"  # the name's bytes: b"plan\xff.toml"
    path.write_text(PLAN)
    assert (
        cli("check", "comment", "--plan", str(path)).out
        == "Checked in comment: 3/3 comments on Wed 2026-12-02, done.\n"
    )
    [start, _] = json.loads(cli("export", "--format", "json").out)["events"]
    assert start["note"] == f"{tmp_path}/plan\ufffd.toml"  # where the run was begun, as text
    used = cli("use", str(path))
    assert (used.code, used.out) == (1, "")
    assert used.err == (
        f"cadence: error: {tmp_path}/plan\ufffd.toml: its name is not UTF-8, and config.toml holds UTF-8 text only;"
        " rename the file, or give it with --plan or $CADENCE_PLAN\n"
    )
