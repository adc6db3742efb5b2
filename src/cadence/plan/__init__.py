"""The TOML boundary: read a plan file, check every rule of the format, say where each problem is.

- `diagnostics`: problems and how they are printed (`FILE:LINE:COL: error: ...`)
- `kinds`, `calendar_kinds`: how each key's value is checked and converted
- `schema`: SCHEMA, the one list of tables and keys with their defaults; the JSON Schema
- `checker`: a parsed document to a Plan, or every problem
- `spans`: where keys and values stand in the source (tomllib keeps no positions)
- `reading`: files to plans (`load_plan`, `check_text`)
- `compiled`: the checked plan of a file's text, kept in the home; `loaded`: the plan as a command has it
- `reference`: the plan-format reference of the docs, generated from SCHEMA
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:
    from cadence.plan.diagnostics import Diagnostic, PlanError, suggest
    from cadence.plan.kinds import ID_PATTERN
    from cadence.plan.loaded import LoadedPlan
    from cadence.plan.reading import check_text, load_plan, read_bytes, read_text

_HOMES = {
    "ID_PATTERN": "kinds",
    "Diagnostic": "diagnostics",
    "LoadedPlan": "loaded",
    "PlanError": "diagnostics",
    "check_text": "reading",
    "load_plan": "reading",
    "read_bytes": "reading",
    "read_text": "reading",
    "suggest": "diagnostics",
}
"""Each name's module, imported on first use: a command whose plan is kept (`compiled`) loads none of them."""

__all__ = [
    "ID_PATTERN",
    "Diagnostic",
    "LoadedPlan",
    "PlanError",
    "check_text",
    "load_plan",
    "read_bytes",
    "read_text",
    "suggest",
]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'cadence.plan' has no attribute {name!r}")
    return getattr(import_module(f"cadence.plan.{_HOMES[name]}"), name)
