"""Names that say one thing each: no module's file name stands for three modules of cadence (ARCHITECTURE.md).

Two may share a name across layers when they are one thing seen twice (the
`today` view of the command line and the Today screen); a third is a name that
no longer says which.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cadence

SOURCE = Path(cadence.__file__).parent


def test_no_file_name_is_used_by_three_modules() -> None:
    names = Counter(path.name for path in SOURCE.rglob("*.py") if path.name != "__init__.py")
    assert {name: count for name, count in names.items() if count > 2} == {}
