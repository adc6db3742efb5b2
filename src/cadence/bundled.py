"""The plans that come with cadence, and the JSON Schema for editors beside them.

They sit in the installed package (the wheel carries them), else in the
top-level `plans/` of a source checkout (an editable install).
"""

from __future__ import annotations

from pathlib import Path


def _plans_dir() -> Path:
    packaged = Path(__file__).parent / "plans"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "plans"


PLANS_DIR = _plans_dir()
DEFAULT_PLAN = "social-half-marathon"
"""The plan used when no flag, variable or config.toml names one."""
SCHEMA_FILE = PLANS_DIR / "plan.schema.json"
"""The plan format's JSON Schema as shipped, for editors; a test keeps it equal to `plan.schema.json_schema()`."""


def bundled_plans() -> dict[str, Path]:
    return {path.stem: path for path in sorted(PLANS_DIR.glob("*.toml"))}
