"""The plans that come with cadence, and the JSON Schema for editors beside them.

They sit in the installed package (the wheel carries them), else in the
top-level `plans/` of a source checkout (an editable install). Paths here are
strings: the read commands find the bundled plan without importing pathlib.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def _plans_dir() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "plans")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(here))), "plans")


PLANS_DIR = _plans_dir()
DEFAULT_PLAN = "social-half-marathon"
"""The plan used when no flag, variable or config.toml names one."""
SCHEMA_FILE = os.path.join(PLANS_DIR, "plan.schema.json")
"""The plan format's JSON Schema as shipped, for editors; a test keeps it equal to `plan.schema.json_schema()`."""


def bundled_plans() -> dict[str, Path]:
    from pathlib import Path

    return {path.stem: path for path in sorted(Path(PLANS_DIR).glob("*.toml"))}
