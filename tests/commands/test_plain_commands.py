"""The read commands that skip argparse get the very namespace argparse would build."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "words",
    [
        ["today"],
        ["today", "--json"],
        ["streak", "--json", "--plan", "p.toml"],
        ["review", "--home=h", "--json"],
        ["review", "--plan", "p.toml", "--home", "h"],
    ],
)
def test_a_plain_read_command_gets_the_namespace_argparse_would_build(words: list[str]) -> None:
    from cadence.cli import plain_command
    from cadence.cli.parser import build_parser

    assert plain_command(words) == vars(build_parser().parse_args(words))


@pytest.mark.parametrize("words", [["today", "--date", "mon"], ["review", "--week", "2"], ["streak", "-h"], ["status"]])
def test_any_other_words_go_to_argparse(words: list[str]) -> None:
    from cadence.cli import plain_command

    assert plain_command(words) is None
