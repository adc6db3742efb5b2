"""The plan-format reference of the docs, generated from SCHEMA: every table and key, with defaults.

`docs/plan-format.md` holds this text as its generated part (`cadence.cli.reference`);
`make docs` writes it there again and a test keeps the two equal, so the
reference can never drift from what the checker accepts.
"""

from __future__ import annotations

from typing import Any

from cadence.plan.schema import SCHEMA, Key, header


def toml_value(value: Any) -> str:
    """A default as the plan file would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _default(key: Key) -> str:
    if key.required:
        return "required"
    if key.default is not None:
        return f"`{toml_value(key.default)}`"
    return key.default_doc or "none"


def markdown() -> str:
    """The reference: one section per table, one row per key."""
    parts: list[str] = []
    for name, table in SCHEMA.items():
        title = header(name)
        many = "any number of them" if table.many else ("required" if table.required else "optional")
        parts.append(f"### `{title}`\n\n{table.doc[:1].upper()}{table.doc[1:]} ({many}).\n")
        if table.exclusive:
            pairs = "; ".join(f"`{a}` and `{b}`" for a, b in table.exclusive)
            parts.append(f"Not together: {pairs}.\n")
        rows = ["| key | value | default | meaning |", "|---|---|---|---|"]
        for key, spec in table.keys.items():
            rows.append(
                f"| `{key}` | {_cell(spec.kind.expected)} | {_cell(_default(spec))} | {_cell(spec.doc or '')} |"
            )
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)
