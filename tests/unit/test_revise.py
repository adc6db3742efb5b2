"""Changes of values written into a plan's text: only the named values' bytes change, every other byte stays;
what cannot be written so is refused; the hunks apply with git one after another."""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from cadence.core.changes import Change
from cadence.plan.revise import RevisionError, hunks, revise

GOLDEN = Path(__file__).resolve().parents[1] / "golden_plans"


def golden(name: str) -> str:
    return (GOLDEN / name).read_bytes().decode("utf-8")


def test_a_value_is_replaced_and_the_comment_after_it_stays() -> None:
    text = golden("commented.toml")
    revised = revise(
        text, [Change("task", "comment", "target", (2, 3, 4, 5, 6, 6)), Change("task", "comment", "peak_week", None)]
    )
    assert revised == text.replace(
        "  target = {start=2,peak=7}      # tight inline table\n  peak_week = 5                  # peak before the end\n",
        "  target = [2, 3, 4, 5, 6, 6]      # tight inline table\n",
    )


def test_a_key_is_added_after_the_last_key_of_its_table_with_its_indentation() -> None:
    text = golden("commented.toml")
    revised = revise(text, [Change("block", "deep", "required", False), Change("task", "post", "required", False)])
    assert revised == text.replace('  duration = "2h"\n', '  duration = "2h"\n  required = false\n').replace(
        "  required = true\n", "  required = false\n"
    )


def test_a_multi_line_value_is_replaced_whole() -> None:
    text = golden("commented.toml")
    revised = revise(
        text, [Change("task", "comment", "target", (1, 1, 1, 1, 1, 1)), Change("task", "comment", "peak_week", None)]
    )
    assert '  results = [ "replies",\n              "connections" ]    # two lines\n' in revised


def test_a_new_week_goes_after_the_last_week_else_the_last_phase() -> None:
    text = golden("commented.toml")
    revised = revise(text, [Change("week", 4, "volume", Fraction(4, 5))])
    assert revised == text.replace(
        "  volume = 1.2   # a bit more\n", "  volume = 1.2   # a bit more\n\n[[week]]\nnumber = 4\nvolume = 0.8\n"
    )
    odd = golden("odd-order.toml")
    assert revise(odd, [Change("week", 2, "volume", Fraction(4, 5))]) == odd.replace(
        'note = "no volume given"\n', 'note = "no volume given"\n\n[[week]]\nnumber = 2\nvolume = 0.8\n'
    )
    assert revise(odd, [Change("week", 3, "volume", Fraction(4, 5))]) == odd.replace(
        'number = 3\nnote = "no volume given"\n', 'number = 3\nnote = "no volume given"\nvolume = 0.8\n'
    )


def test_crlf_stays_crlf_and_a_file_without_a_last_newline_keeps_none() -> None:
    text = golden("crlf.toml")
    revised = revise(text, [Change("week", 2, "volume", Fraction(4, 5)), Change("task", "stretch", "required", False)])
    assert revised == text.replace("volume = 0.5 # deload", "volume = 0.8 # deload").replace(
        'duration = "10m"\r\ntarget = 3\r\n', 'duration = "10m"\r\ntarget = 3\r\nrequired = false\r\n'
    )
    odd = golden("odd-order.toml")
    assert revise(odd, [Change("block", "plan", "required", True)]) == odd.removesuffix("false") + "true"
    assert revise(odd, [Change("block", "plan", "note", None)]) == odd  # nothing to remove
    added = revise(odd, [Change("task", "walk", "target", (1, 2, 3, 4, 5))])
    assert added.endswith("required = false") and "target = [1, 2, 3, 4, 5]\n" in added


@pytest.mark.parametrize(
    ("text", "change", "message"),
    [
        (
            '[plan]\nname = "D"\nweeks = 2\n[[task]]\nid = "a"\ntitle = "A"\ntarget.start = 1\ntarget.peak = 2\n',
            Change("task", "a", "target", (1, 1)),
            "'target' of a is written in a way cadence cannot edit",
        ),
        (
            '[plan]\nname = "D"\nweeks = 2\n',
            Change("task", "a", "required", False),
            "the plan has no [[task]] 'a' to change",
        ),
    ],
)
def test_what_cannot_be_written_byte_for_byte_is_refused(text: str, change: Change, message: str) -> None:
    with pytest.raises(RevisionError) as refused:
        revise(text, [change])
    assert str(refused.value) == message


def test_the_hunks_apply_with_git_one_after_another(tmp_path: Path) -> None:
    text = golden("odd-order.toml")
    revised = revise(
        text,
        [
            Change("task", "walk", "target", (1, 2, 3, 4, 5)),
            Change("week", 5, "volume", Fraction(1, 2)),
            Change("block", "plan", "required", True),
        ],
    )
    found = hunks(text, revised, "plan.toml")
    assert len(found) == 3 and found[-1].endswith(
        "-required = false\n\\ No newline at end of file\n+required = true\n\\ No newline at end of file\n"
    )
    (tmp_path / "plan.toml").write_text(text, encoding="utf-8", newline="")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for hunk in found:
        subprocess.run(
            ["git", "-C", str(tmp_path), "apply", "-"], input="# a comment line first\n" + hunk, text=True, check=True
        )
    assert (tmp_path / "plan.toml").read_bytes().decode("utf-8") == revised
