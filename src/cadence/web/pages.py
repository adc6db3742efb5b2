"""HTML from templates: Jinja2 with every value escaped, and control characters shown as visible symbols.

Autoescape is on for every template, so a title like `<b>bold</b>` or a note
with `"><script>` shows as the text it is. A control character (an ESC, a BEL)
kept in a note is drawn as its Unicode picture (␛, ␇) instead of reaching the
page raw: the page shows what was written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from cadence.core.units import quantity

HERE = Path(__file__).parent
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "␡" if code == 0x7F else "�"


def visible(value: object) -> object:
    """Every string a template prints, with control characters as pictures (Markup is the templates' own)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return CONTROLS.sub(_picture, value)
    return value


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        finalize=visible,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["quantity"] = quantity
    return env


class Pages:
    """The templates, compiled once."""

    def __init__(self) -> None:
        self.env = environment()

    def render(self, name: str, **values: Any) -> str:
        return self.env.get_template(name).render(**values)


def static(name: str) -> bytes:
    """A file the page needs (its style and script), served by cadence itself, never fetched elsewhere."""
    return (HERE / "static" / name).read_bytes()
