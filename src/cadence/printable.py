"""What may reach a terminal, a log or a notification: the one sanitiser of every string cadence shows.

A note, a skip reason, an imported metric, a file's name or a plan's text may carry characters that a
terminal obeys instead of showing: ESC starts sequences that retitle the window or clear the screen, BEL
rings, a carriage return overwrites the line, and the direction controls of Unicode make text read in
another order than it is stored (the "Trojan Source" trick). Every output drops them, by this module:

- the C0 controls U+0000-U+001F (a tab and a line feed are kept by `printable`, turned into a space by
  `one_line`), DEL U+007F and the C1 controls U+0080-U+009F;
- the bidirectional formatting characters: the embeddings and overrides U+202A-U+202E (LRE, RLE, PDF,
  LRO, RLO), the isolates U+2066-U+2069 (LRI, RLI, FSI, PDI) and the invisible marks U+200E, U+200F and
  U+061C (LRM, RLM, ALM);
- the line and paragraph separators U+2028 and U+2029, which some readers take for a new line;
- a lone surrogate (what Python makes of bytes that are not UTF-8) becomes U+FFFD, the replacement
  character, since no terminal or file can be given one.

Every dropped character takes no column on a terminal, so text keeps its width, and a table laid out
before it was cleaned stays aligned. The store keeps what was typed; JSON keeps it exactly too, each of
these characters written as a \\u escape (`json_text`). Only the standard library, so that `cadence
status`'s fast path can afford it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself costs `cadence status`'s fast path a few milliseconds
if TYPE_CHECKING:
    from typing import Any

_DROP = dict.fromkeys(
    [
        *range(0x00, 0x09),  # C0 but tab and line feed,
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),  # DEL and C1
        *(0x061C, 0x200E, 0x200F),  # the bidirectional marks ALM, LRM, RLM,
        *range(0x202A, 0x202F),  # embeddings and overrides LRE RLE PDF LRO RLO,
        *range(0x2066, 0x206A),  # isolates LRI RLI FSI PDI
        *(0x2028, 0x2029),  # line and paragraph separators
    ]
)
"""What `printable` drops, as a `str.translate` table: no regular expression to compile at import, which
`cadence status`'s fast path would pay for."""
_ESCAPED = {code: f"\\u{code:04x}" for code in _DROP}
"""Each of them as JSON's \\u escape."""
BREAKING = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029"
"""What starts a new line somewhere (Python's `splitlines`, a terminal, a log reader), and the tab."""
LINE_BREAKS = f"[{BREAKING}]+"
WIDE = ("W", "F")
"""East Asian widths a terminal gives two columns."""


def printable(text: str) -> str:
    """Text as a terminal, a log or a notification may show it: every character above dropped, a lone
    surrogate replaced; tabs and line feeds kept."""
    if text.isascii() and text.isprintable():
        return text  # the common case, at the cost of two C loops
    cleaned = text.translate(_DROP)
    try:
        cleaned.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= character <= "\udfff" else character for character in cleaned)
    return cleaned


def one_line(text: str) -> str:
    """Text for a place in a line (a column, an error, a log line, a status bar): `printable`, with each run
    of line breaks and tabs inside it one space and those at its ends gone, so it can neither start a line
    of its own nor push a column."""
    if text.isascii() and text.isprintable():
        return text
    import re

    return printable(re.sub(LINE_BREAKS, " ", text.strip(BREAKING)))


def width(text: str) -> int:
    """The columns `text` (already printable) takes on a terminal: two for a wide character (CJK, most
    emoji), none for a combining mark or a format character, one for any other."""
    if text.isascii():
        return len(text)
    import unicodedata

    columns = 0
    for character in text:
        if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
            continue
        columns += 2 if unicodedata.east_asian_width(character) in WIDE else 1
    return columns


def fit(text: str, columns: int) -> str:
    """`text` on one line in at most `columns` columns, cut with "…" when longer."""
    shown = one_line(text)
    if width(shown) <= columns:
        return shown
    kept, used = [], 0
    for character in shown:
        needed = width(character)
        if used + needed > columns - 1:
            break
        kept.append(character)
        used += needed
    return "".join(kept) + "…" if columns > 0 else ""


def pad(text: str, columns: int, right: bool = False) -> str:
    """`text` on one line, filled with spaces to `columns` columns (on the left when `right`); never cut."""
    shown = one_line(text)
    fill = " " * max(0, columns - width(shown))
    return fill + shown if right else shown + fill


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON with every string exactly as stored, and every character `printable` would drop (and a lone
    surrogate) written as a \\u escape: valid JSON that a terminal shows as it is."""
    from cadence.json_out import dumps

    text = dumps(data, indent=indent)  # escapes C0 itself
    if text.isascii():
        return text.replace("\x7f", "\\u007f")
    text = text.translate(_ESCAPED)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(f"\\u{ord(c):04x}" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text
