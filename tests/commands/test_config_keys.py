"""config.toml's `theme` and `[reminders]`, checked as every key is: one line naming FILE:LINE:COL, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadence.config import reminders_via, set_key, theme_name
from helpers import Cli


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config" / "cadence" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[reminders]\nvia = "pager"\n',
            '2:1: error: [reminders] via must be one of "auto", "desktop", "tmux", "log", not "pager"',
        ),
        (
            "[reminders]\nvia = true\n",
            '2:1: error: [reminders] via must be one of "auto", "desktop", "tmux", "log", not true',
        ),
        ('[reminders]\nwhen = "now"\n', "2:1: error: unknown key 'when' in [reminders]; it may hold: via"),
        ('reminders = "tmux"\n', "1:1: error: 'reminders' must be a table: write [reminders] on a line of its own"),
        ("theme = 3\n", "1:1: error: 'theme' must be the name of a theme, as a string, like \"nord\""),
        ('theme = " "\n', "1:1: error: 'theme' must be the name of a theme, as a string, like \"nord\""),
    ],
)
def test_a_wrong_key_is_one_line(cli: Cli, config: Path, text: str, message: str) -> None:
    config.write_text(text)
    result = cli("today")
    assert (result.code, result.out, result.err) == (1, "", f"cadence: error: {config}:{message}\n")


def test_the_keys_as_read(config: Path, isolated_env: dict[str, str]) -> None:
    assert (reminders_via(isolated_env), theme_name(isolated_env)) == ("auto", None)
    config.write_text('theme = "nord"\n\n[reminders]\nvia = "tmux"\n')
    assert (reminders_via(isolated_env), theme_name(isolated_env)) == ("tmux", "nord")


def test_setting_a_key_keeps_every_other_line(config: Path, isolated_env: dict[str, str]) -> None:
    config.write_text('# mine\nplan = "a.toml"  # the plan\n\n[reminders]  # over SSH\nvia = "tmux"\n')
    assert set_key(isolated_env, "theme", 'gruvbox "dark"') == config
    assert config.read_text() == (
        'theme = "gruvbox \\"dark\\""\n# mine\nplan = "a.toml"  # the plan\n\n[reminders]  # over SSH\nvia = "tmux"\n'
    )
    set_key(isolated_env, "theme", "nord")
    assert config.read_text() == (
        'theme = "nord"\n# mine\nplan = "a.toml"  # the plan\n\n[reminders]  # over SSH\nvia = "tmux"\n'
    )
