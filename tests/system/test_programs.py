"""A missing program fails its test in one sentence that names the Debian package; it never skips."""

from __future__ import annotations

from pathlib import Path

import pytest

from programs import LISTED, find, program


@pytest.mark.parametrize("name", sorted(LISTED))
def test_a_missing_program_fails_naming_its_package(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(LISTED, name, (LISTED[name][0], str(tmp_path / "nowhere" / name)))  # not where Debian keeps it
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pytest.fail.Exception) as failed:
        program(name)
    assert (
        str(failed.value) == f"{name} is not installed: install the Debian package {LISTED[name][0]} (make system does)"
    )


def test_postgresql_is_found_where_debian_keeps_it_off_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for version in ("9", "15", "16"):
        folder = tmp_path / "lib" / "postgresql" / version / "bin"
        folder.mkdir(parents=True)
        (folder / "initdb").write_text("#!/bin/sh\n")
        (folder / "initdb").chmod(0o755)
    monkeypatch.setitem(LISTED, "initdb", ("postgresql", str(tmp_path / "lib" / "postgresql" / "*" / "bin" / "initdb")))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert find("initdb") == str(tmp_path / "lib" / "postgresql" / "16" / "bin" / "initdb")
