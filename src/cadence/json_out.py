"""JSON text as `json.dumps(value, indent=..., ensure_ascii=False)` writes it, without importing `json`.

`json` compiles its regular expressions at import, which a prompt's `cadence today --json`
pays on every run; this writer is the encoder alone, byte for byte the standard one for
what cadence writes: dicts (keys str, int, float, bool or None), lists, tuples, str, int,
float, bool and None (tests/unit/test_json_out.py holds the two equal over random values).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x20)} | {
    ord('"'): '\\"',
    ord("\\"): "\\\\",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}


def _string(text: str) -> str:
    return f'"{text.translate(_ESCAPES)}"'


def _float(number: float) -> str:
    if number != number:
        return "NaN"
    if number in (float("inf"), float("-inf")):
        return "Infinity" if number > 0 else "-Infinity"
    return float.__repr__(number)


def _key(key: object) -> str:
    if isinstance(key, str):
        return _string(key)
    if key is True or key is False or key is None:
        return {True: '"true"', False: '"false"', None: '"null"'}[key]
    if isinstance(key, int):
        return f'"{int.__repr__(key)}"'
    if isinstance(key, float):
        return f'"{_float(key)}"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def dumps(value: object, indent: int | None = None) -> str:
    """`value` as JSON text; `indent` spaces a level, or one line with ", " and ": " as separators."""
    parts: list[str] = []
    _write(value, parts.append, indent, 0)
    return "".join(parts)


def _write(value: object, out: Callable[[str], object], indent: int | None, level: int) -> None:
    if isinstance(value, str):
        out(_string(value))
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif isinstance(value, int):
        out(int.__repr__(value))
    elif isinstance(value, float):
        out(_float(value))
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        opening, between, closing = _layout(indent, level + 1)
        out("{")
        for index, (key, item) in enumerate(value.items()):
            out(opening if index == 0 else between)
            out(_key(key))
            out(": ")
            _write(item, out, indent, level + 1)
        out(closing + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out("[]")
            return
        opening, between, closing = _layout(indent, level + 1)
        out("[")
        for index, item in enumerate(value):
            out(opening if index == 0 else between)
            _write(item, out, indent, level + 1)
        out(closing + "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _layout(indent: int | None, level: int) -> tuple[str, str, str]:
    """What opens a container's first item, what comes between items, and what comes before its end."""
    if indent is None:
        return "", ", ", ""
    inner = "\n" + " " * (indent * level)
    return inner, "," + inner, "\n" + " " * (indent * (level - 1))
