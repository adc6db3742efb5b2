"""The one sanitiser (`cadence.printable`): exactly which characters never reach a terminal, a log or a
notification, that text keeps its columns, and that JSON keeps the exact text."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.printable import fit, json_text, one_line, pad, printable, width

HOSTILE = "hello\x1b]0;INJECTED\x1b\\world\x1b[2J\x07\u202eevil"
DROPPED = (
    [chr(code) for code in range(0x00, 0x20) if chr(code) not in "\t\n"]
    + ["\x7f"]
    + [chr(code) for code in range(0x80, 0xA0)]
    + ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
    + ["\u2066", "\u2067", "\u2068", "\u2069", "\u2028", "\u2029"]
)


def test_the_escapes_bell_and_override_of_a_hostile_note_are_dropped_and_its_letters_kept() -> None:
    assert printable(HOSTILE) == "hello]0;INJECTED\\world[2Jevil"


def test_exactly_the_written_down_set_is_dropped() -> None:
    assert [character for character in DROPPED if printable(f"a{character}b") != "ab"] == []
    assert len(DROPPED) == 30 + 1 + 32 + 8 + 4 + 2
    kept = ["\t", "\n", " ", "é", "日", "🙂", "\u200d", "\u00a0", "\u05d0", "\ufeff", "\u200b"]
    assert [printable(f"a{character}b") for character in kept] == [f"a{character}b" for character in kept]


@given(st.text())
def test_nothing_printable_keeps_is_a_control_or_a_direction_mark(text: str) -> None:
    for character in printable(text):
        category = unicodedata.category(character)
        assert character in "\t\n" or category not in ("Cc", "Cs", "Zl", "Zp"), repr(character)
        assert unicodedata.bidirectional(character) not in ("LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI")
        assert character not in "\u2069\u200e\u200f\u061c"


def test_a_lone_surrogate_from_bytes_that_are_not_utf8_becomes_the_replacement_character() -> None:
    typed = b"caf\xe9 ok".decode("utf-8", "surrogateescape")
    assert printable(typed) == "caf\ufffd ok"
    assert printable(typed).encode("utf-8") == b"caf\xef\xbf\xbd ok"


def test_one_line_makes_every_line_break_and_tab_one_space_and_drops_them_at_the_ends() -> None:
    assert one_line("first\r\nsecond\tthird\u2028fourth\x85fifth\n") == "first second third fourth fifth"
    assert one_line("\r\n  indented\x1b[31m") == "  indented[31m"


@pytest.mark.parametrize(
    ("text", "columns"),
    [("Comments", 8), ("日本語", 6), ("🙂 ok", 5), ("e\u0301te", 3), ("a\u200db", 2), ("", 0)],
)
def test_width_counts_the_columns_a_terminal_gives(text: str, columns: int) -> None:
    assert width(text) == columns


def test_pad_and_fit_keep_a_column_whatever_the_script() -> None:
    assert pad("日本語", 8) + "|" == "日本語  |"
    assert pad("Post", 8) + "|" == "Post    |"
    assert pad("7", 3, right=True) == "  7"
    assert pad(HOSTILE, 32) + "|" == "hello]0;INJECTED\\world[2Jevil   |"
    assert fit("日本語のコメント", 7) == "日本語…"
    assert fit("Thoughtful comments", 10) == "Thoughtfu…"
    assert fit("short", 10) == "short"


def test_json_keeps_the_exact_text_and_escapes_what_a_terminal_would_obey() -> None:
    typed = HOSTILE + "\u2028\x9b" + b"\xff".decode("utf-8", "surrogateescape") + " é 日本"
    text = json_text({"note": typed}, indent=None)
    assert text == (
        '{"note": "hello\\u001b]0;INJECTED\\u001b\\\\world\\u001b[2J\\u0007\\u202eevil\\u2028\\u009b\\udcff é 日本"}'
    )
    assert json.loads(text) == {"note": typed}
