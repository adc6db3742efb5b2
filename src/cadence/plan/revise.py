"""Changes of values written into a plan file's text, byte for byte around them, and shown as a diff.

The file is the person's: its comments, key order, blank lines and quoting
are theirs. A change therefore never re-serialises the document: it replaces
the bytes of one value where `spans.extents` found it, removes the line of a
key that goes, or adds one `key = value` line (or one `[[week]]` table) after
the last key of its table, in the file's own line endings. Everything else
stays as written, so a plan under version control shows the change as a
normal `git diff`. Each result is read back with tomllib and compared with the
document the changes should make; a mismatch is refused, never written.

(A style-preserving TOML library such as tomlkit was the other way: it keeps
comments, but re-renders what it parsed, and it costs a dependency and a parse
of its own, where the scanner the error messages already use gives the exact
offsets. The scanner is enough for values, and the read-back check proves each
edit.)
"""

from __future__ import annotations

import copy
import difflib
import itertools
import tomllib
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from cadence.core.adapt import Proposal
from cadence.core.changes import Change
from cadence.errors import UserError
from cadence.plan.spans import Extent, KeyPath, extents


class RevisionError(UserError):
    """A change that cannot be written into the file as it is; nothing is written."""


def toml_value(value: object) -> str:
    """A value as a plan file writes it: `[3, 4, 5]`, `false`, `0.8`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        return repr(float(value)) if value.denominator != 1 else f"{value.numerator}.0"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def _plain(value: object) -> Any:
    """A value as tomllib reads it back."""
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    return value


class _Edit(NamedTuple):
    start: int
    end: int
    text: str


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _line_end(text: str, offset: int) -> int:
    """Just after the newline ending the line at `offset` (the text's end when it has none)."""
    found = text.find("\n", offset)
    return len(text) if found < 0 else found + 1


def _table_index(doc: dict[str, Any], change: Change) -> int | None:
    """The index of the [[task]], [[block]] or [[week]] table a change is about, or None (a week without one)."""
    tables = doc.get(change.table, [])
    key = "number" if change.table == "week" else "id"
    return next((index for index, table in enumerate(tables) if table.get(key) == change.name), None)


def _last_keys(spans: dict[KeyPath, Extent]) -> dict[KeyPath, Extent]:
    """The last key written in each table ([plan], or [[task]] number i), by where its value ends."""
    found: dict[KeyPath, Extent] = {}
    for path, extent in spans.items():
        table = path[:2] if len(path) == 3 and isinstance(path[1], int) else path[:1] if len(path) == 2 else None
        if table is not None and (table not in found or found[table].end < extent.end):
            found[table] = extent
    return found


def _table_end(text: str, last_keys: dict[KeyPath, Extent], path: KeyPath) -> tuple[int, str]:
    """Where a line added to a table goes (after the line of its last key) and that key's indentation."""
    last = last_keys.get(path)
    if last is None:
        raise RevisionError(f"[[{path[0]}]] #{path[1] if len(path) > 1 else ''} has no key to write after")
    start = _line_start(text, last.key)
    indent = text[start : last.key]
    return _line_end(text, last.end), indent if not indent.strip() else ""


def _edits(
    text: str, doc: dict[str, Any], spans: dict[KeyPath, Extent], changes: Sequence[Change], newline: str
) -> list[_Edit]:
    edits: list[_Edit] = []
    added_weeks: list[str] = []
    last_keys = _last_keys(spans)
    for change in changes:
        index = _table_index(doc, change)
        if index is None:
            if change.table != "week" or change.value is None:
                raise RevisionError(f"the plan has no [[{change.table}]] '{change.name}' to change")
            added_weeks.append(
                f"[[week]]{newline}number = {change.name}{newline}{change.key} = {toml_value(change.value)}{newline}"
            )
            continue
        path: KeyPath = (change.table, index, change.key)
        extent = spans.get(path)
        if extent is None and change.key in doc[change.table][index]:
            raise RevisionError(f"'{change.key}' of {change.name} is written in a way cadence cannot edit")
        if extent is not None and change.value is None:
            start = _line_start(text, extent.key)
            if text[start : extent.key].strip():
                raise RevisionError(f"'{change.key}' of {change.name} shares its line; remove it by hand")
            edits.append(_Edit(start, _line_end(text, extent.end), ""))
        elif extent is not None:
            edits.append(_Edit(extent.value, extent.end, toml_value(change.value)))
        elif change.value is not None:
            at, indent = _table_end(text, last_keys, (change.table, index))
            line = f"{indent}{change.key} = {toml_value(change.value)}{newline}"
            edits.append(_Edit(at, at, line if text[at - 1 : at] == "\n" or at == 0 else newline + line))
    if added_weeks:
        edits.append(_new_weeks(text, doc, last_keys, added_weeks, newline))
    return edits


def _new_weeks(
    text: str, doc: dict[str, Any], last_keys: dict[KeyPath, Extent], tables: list[str], newline: str
) -> _Edit:
    """New [[week]] tables: after the last [[week]], else the last [[phase]], else [notify], else [plan]."""
    for name in ("week", "phase", "notify", "plan"):
        found = doc.get(name)
        if not found:
            continue
        path: KeyPath = (name, len(found) - 1) if isinstance(found, list) else (name,)
        at, _ = _table_end(text, last_keys, path)
        lead = "" if text[at - 1 : at] == "\n" else newline
        return _Edit(at, at, lead + "".join(newline + table for table in tables))
    raise RevisionError("the plan has no [plan] table to add a [[week]] after")


def _expected(doc: dict[str, Any], changes: Sequence[Change]) -> dict[str, Any]:
    """The document the changes should make, worked out on the parsed values."""
    found = copy.deepcopy(doc)
    for change in changes:
        index = _table_index(found, change)
        if index is None:
            found.setdefault("week", []).append({"number": change.name, change.key: _plain(change.value)})
            continue
        table = found[change.table][index]
        if change.value is None:
            table.pop(change.key, None)
        else:
            table[change.key] = _plain(change.value)
    return found


def _written(
    text: str, doc: dict[str, Any], spans: dict[KeyPath, Extent], changes: Sequence[Change], check: bool = True
) -> str:
    """The text with the changes' edits made (a later change of one value replaces an earlier one), read
    back and compared with the document the changes should make (unless `check` is false: a text only shown)."""
    last = {(change.table, change.name, change.key): change for change in changes}
    changes = list(last.values())
    newline = "\r\n" if "\r\n" in text else "\n"
    edits = sorted(_edits(text, doc, spans, changes, newline), key=lambda edit: (edit.start, edit.end))
    for before, after in itertools.pairwise(edits):
        if after.start < before.end:
            raise RevisionError("two changes of one value; write them one at a time")
    revised = text
    for edit in reversed(edits):
        revised = revised[: edit.start] + edit.text + revised[edit.end :]
    if not check:
        return revised
    try:
        written = tomllib.loads(revised)
    except tomllib.TOMLDecodeError as error:
        raise RevisionError(f"the revised plan would not be TOML ({error}); nothing was written") from None
    if written != _expected(doc, changes):
        raise RevisionError("the revised plan would not say what the changes say; nothing was written")
    return revised


def revise(text: str, changes: Sequence[Change]) -> str:
    """The plan's text with the changes written in; every other byte as it was."""
    if not changes:
        return text
    return _written(text, tomllib.loads(text), extents(text), changes)


def hunks(before: str, after: str, name: str) -> list[str]:
    """The change from `before` to `after` as unified diffs of one hunk each, every one with its own headers
    and line numbers that count the hunks before it, so that each applies (`git apply`, `patch`) in turn."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    found = []
    shift = 0
    for group in _grouped(_opcodes(old, new)):
        first, last = group[0], group[-1]
        old_start, old_end, new_start, new_end = first[1], last[2], first[3], last[4]
        lines = [f"--- a/{name}\n", f"+++ b/{name}\n"]
        lines.append(
            f"@@ -{_range(old_start + shift, old_end - old_start)} +{_range(new_start, new_end - new_start)} @@\n"
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [_line(" ", line) for line in old[i1:i2]]
                continue
            lines += [_line("-", line) for line in old[i1:i2]]
            lines += [_line("+", line) for line in new[j1:j2]]
        shift += (new_end - new_start) - (old_end - old_start)
        found.append("".join(lines))
    return found


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, worked out on the lines between the common beginning and end only: a revision
    changes a few lines of a long file."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(None, old[head : len(old) - tail], new[head : len(new) - tail], autojunk=False)
    found = [("equal", 0, head, 0, head)] if head else []
    found += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle.get_opcodes()]
    if tail:
        found.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return found


def _grouped(codes: list[tuple[str, int, int, int, int]], n: int = 3) -> list[list[tuple[str, int, int, int, int]]]:
    """The opcodes in hunks with `n` lines of context, as `SequenceMatcher.get_grouped_opcodes` groups them."""
    codes = [code for code in codes if code[1] != code[2] or code[3] != code[4]]
    if not any(tag != "equal" for tag, *_ in codes):
        return []
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = (tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2)
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = (tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n))
    groups: list[list[tuple[str, int, int, int, int]]] = []
    group: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            groups.append(group)
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        groups.append(group)
    return groups


def _range(start: int, length: int) -> str:
    """A hunk's range as unified diffs write it: lines count from 1, an empty range names the line before."""
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _line(mark: str, line: str) -> str:
    if line.endswith("\n"):
        return mark + line
    return f"{mark}{line}\n\\ No newline at end of file\n"


class Drafted(NamedTuple):
    """A proposal written into the text the earlier ones left: the text before and after it."""

    proposal: Proposal
    before: str
    after: str

    def hunks(self, name: str) -> list[str]:
        return hunks(self.before, self.after, name)


def draft(text: str, proposals: Sequence[Proposal]) -> tuple[list[Drafted], str | None]:
    """Each proposal written in turn, on the text the ones before it left (all found in one reading of the
    file); stops at one that cannot be written, saying why (the ones after it were made on the plan it would
    have left)."""
    found: list[Drafted] = []
    if not proposals:
        return found, None
    doc, spans = tomllib.loads(text), extents(text)
    before = text
    changes: list[Change] = []
    for index, proposal in enumerate(proposals):
        changes += proposal.changes
        try:  # the last text, which --apply writes, is read back; the ones before it are shown only
            after = _written(text, doc, spans, changes, check=index == len(proposals) - 1)
        except RevisionError as error:
            return found, f"'{proposal.key}' cannot be written into the file: {error}"
        found.append(Drafted(proposal, before, after))
        before = after
    return found, None
