"""The TOML boundary: read a plan file, check every rule of the format, say where each problem is.

- `diagnostics`: problems and how they are printed (`FILE:LINE:COL: error: ...`)
- `kinds`, `calendar_kinds`: how each key's value is checked and converted
- `schema`: SCHEMA, the one list of tables and keys with their defaults; the JSON Schema
- `checker`: a parsed document to a Plan, or every problem
- `spans`: where keys and values stand in the source (tomllib keeps no positions)
- `reading`: files to plans (`load_plan`, `check_text`)
- `reference`: the plan-format reference of the docs, generated from SCHEMA
"""

from __future__ import annotations

from cadence.plan.diagnostics import Diagnostic, PlanError, suggest
from cadence.plan.kinds import ID_PATTERN
from cadence.plan.reading import LoadedPlan, check_text, load_plan, read_bytes, read_text

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
