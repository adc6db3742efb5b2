"""Where each key and value of a TOML document stands in its source.

`tomllib` keeps no positions, so this small scanner walks a document that
tomllib has already accepted and records, for every key path, the line and
column of the key and of its value. Paths use table names, array-of-tables
indexes and array indexes: ("task", 2, "target", "start"), ("plan", "rest_days", 0).
Only ever run on text that parsed, and only when there is something to report.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

KeyPath = tuple[str | int, ...]
"""Where a key stands in a document: table names, array-of-tables indexes and array indexes."""


class Span(NamedTuple):
    key_line: int
    key_col: int
    value_line: int
    value_col: int


class Extent(NamedTuple):
    """Where a key and its whole value stand, as offsets into the text: what an edit of the value replaces."""

    key: int
    value: int
    end: int
    """Just after the value's last character."""


_SCALAR_END = frozenset(",]}\n#\r")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.spans: dict[KeyPath, Span] = {}
        self.extents: dict[KeyPath, Extent] = {}
        self.aot_counts: dict[KeyPath, int] = {}

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def skip_blank(self, newlines: bool) -> None:
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self.pos += 1
            elif ch == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def key_part(self) -> str:
        ch = self.peek()
        if ch == '"':
            start = self.pos
            self.skip_basic_string()
            import tomllib

            return str(tomllib.loads("k = " + self.text[start : self.pos])["k"])
        if ch == "'":
            end = self.text.index("'", self.pos + 1)
            part = self.text[self.pos + 1 : end]
            self.pos = end + 1
            return part
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalnum() or self.text[self.pos] in "_-"):
            self.pos += 1
        return self.text[start : self.pos]

    def dotted_key(self) -> tuple[list[str], int]:
        start = self.pos
        parts = [self.key_part()]
        while True:
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts, start
            self.pos += 1
            self.skip_blank(newlines=False)
            parts.append(self.key_part())

    def skip_basic_string(self) -> None:
        self.pos += 1
        while self.text[self.pos] != '"':
            self.pos += 2 if self.text[self.pos] == "\\" else 1
        self.pos += 1

    def skip_multiline(self, quote: str) -> None:
        self.pos += 3
        while not self.text.startswith(quote * 3, self.pos):
            self.pos += 2 if quote == '"' and self.text[self.pos] == "\\" else 1
        self.pos += 3
        while self.peek() == quote:
            self.pos += 1

    def record(self, path: KeyPath, key_at: int, value_at: int) -> None:
        self.spans[path] = Span(*self.where(key_at), *self.where(value_at))

    def value(self, path: KeyPath, key_at: int) -> None:
        self.record(path, key_at, self.pos)
        value_at = self.pos
        ch = self.peek()
        if self.peek(3) in ('"""', "'''"):
            self.skip_multiline(ch)
        elif ch == '"':
            self.skip_basic_string()
        elif ch == "'":
            self.pos = self.text.index("'", self.pos + 1) + 1
        elif ch == "[":
            self.array(path)
        elif ch == "{":
            self.inline_table(path)
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in _SCALAR_END:
                self.pos += 1
            while self.text[self.pos - 1] in " \t":  # a bare value ends before the blanks that follow it
                self.pos -= 1
        self.extents[path] = Extent(key_at, value_at, self.pos)

    def array(self, path: KeyPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.pos += 1
                return
            self.value((*path, index), self.pos)
            index += 1
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.pos += 1

    def inline_table(self, path: KeyPath) -> None:
        self.pos += 1
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.pos += 1
                return
            if self.peek() == ",":
                self.pos += 1
                continue
            self.key_value(path)

    def key_value(self, table: KeyPath) -> None:
        parts, key_at = self.dotted_key()
        self.skip_blank(newlines=False)
        self.pos += 1  # "="
        self.skip_blank(newlines=False)
        path: KeyPath = (*table, *parts)
        for depth in range(len(table) + 1, len(path)):
            self.spans.setdefault(path[:depth], Span(*self.where(key_at), *self.where(key_at)))
        self.value(path, key_at)

    def header(self) -> KeyPath:
        array = self.peek(2) == "[["
        self.pos += 2 if array else 1
        self.skip_blank(newlines=False)
        parts, key_at = self.dotted_key()
        self.skip_blank(newlines=False)
        self.pos += 2 if array else 1
        path = self.resolve(parts)
        if array:
            index = self.aot_counts.get(path, 0)
            self.aot_counts[path] = index + 1
            self.spans.setdefault(path, Span(*self.where(key_at), *self.where(key_at)))
            path = (*path, index)
        self.record(path, key_at, key_at)
        return path

    def resolve(self, parts: list[str]) -> KeyPath:
        """Insert the current index of every array of tables named on the way."""
        path: KeyPath = ()
        for depth, part in enumerate(parts, start=1):
            path = (*path, part)
            count = self.aot_counts.get(path)
            if count is not None and depth < len(parts):
                path = (*path, count - 1)
        return path

    def document(self) -> dict[KeyPath, Span]:
        table: KeyPath = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.spans
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)


def locate(text: str) -> dict[KeyPath, Span]:
    """Spans of every key path in a document that tomllib accepted."""
    return _Scanner(text).document()


def extents(text: str) -> dict[KeyPath, Extent]:
    """The offsets of every key written with its value (`key = value`, in a table or an inline table or as an
    item of an array) in a document that tomllib accepted; table headers and the parts of dotted keys have none."""
    scanner = _Scanner(text)
    scanner.document()
    return scanner.extents
