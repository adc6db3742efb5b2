"""The machine's programs that the system tests drive, each from the Debian package that system/packages.txt names.

That file is the one list: `make system` installs from it, and `program()` reads
it, so a test whose program is missing fails (it never skips) with the same
sentence for every program, naming the package that brings it.
"""

from __future__ import annotations

import glob
import shutil
from pathlib import Path

PACKAGES = Path(__file__).parent / "system" / "packages.txt"


def _listed() -> dict[str, tuple[str, str]]:
    """Each program's name: the package that brings it, and where the list says it is."""
    listed = {}
    for line in PACKAGES.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            package, where = words
            listed[Path(where).name] = (package, where)
    return listed


LISTED = _listed()


def missing(name: str) -> str:
    """The one sentence for a missing program."""
    return f"{name} is not installed: install the Debian package {LISTED[name][0]} (make system does)"


def find(name: str) -> str | None:
    """The path of `name`, a program of the list: on PATH, else where the list says Debian keeps it; None if absent."""
    _, where = LISTED[name]  # a KeyError here is a test asking for a program the list does not name
    found = shutil.which(name)
    if found is None and "/" in where:
        # the newest first: /usr/lib/postgresql/16/bin before .../15/bin
        places = sorted(
            glob.glob(where), key=lambda path: [int(part) if part.isdigit() else 0 for part in path.split("/")]
        )
        found = next((path for path in reversed(places) if shutil.which(path)), None)
    return found


def program(name: str) -> str:
    """The path of `name`, a program of the list; missing, the test fails (or its fixture errors) saying `missing()`."""
    import pytest

    found = find(name)
    if found is None:
        pytest.fail(missing(name), pytrace=False)
    return found
