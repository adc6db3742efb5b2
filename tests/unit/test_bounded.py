"""The one reader of a small file a person names: a regular file up to its bound, anything else refused at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cadence.bounded import NotAFile, TooLarge, read_bounded


def test_a_regular_file_within_the_bound_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"[plan]\n")
    assert read_bounded(path, 7) == b"[plan]\n"


def test_one_byte_over_the_bound_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"x" * 9)
    with pytest.raises(TooLarge) as refused:
        read_bounded(path, 8)
    assert refused.value.size == 9


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "plan.toml"
    os.mkfifo(pipe)
    with pytest.raises(NotAFile) as refused:
        read_bounded(pipe, 100)
    assert refused.value.kind == "a named pipe"


def test_a_directory_is_refused_as_one(tmp_path: Path) -> None:
    with pytest.raises(NotAFile) as refused:
        read_bounded(tmp_path, 100)
    assert refused.value.kind == "a directory"


def test_a_missing_file_is_the_system_s_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "none.toml", 100)
