"""The parser is the one list of commands: each has help, completes in bash, zsh and fish, and is documented."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cadence.cli.walk import Command, commands
from programs import program

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = commands()
LISTED = COMMANDS[1:]


def test_the_walk_finds_every_command_in_the_parsers_order() -> None:
    assert [" ".join(command.path) for command in LISTED] == [
        "today",
        "status",
        "check",
        "skip",
        "log",
        "undo",
        "redo",
        "streak",
        "review",
        "adapt",
        "rate",
        "start",
        "use",
        "runs",
        "shift",
        "repeat-week",
        "plan",
        "plan check",
        "plan show",
        "plan new",
        "plan list-templates",
        "plan schema",
        "daemon",
        "remind",
        "serve",
        "devices",
        "export",
        "import",
        "backup",
        "restore",
        "sync",
        "hub",
        "hub init",
        "hub add-member",
        "hub add-coach",
        "team",
        "completion",
    ]


def test_every_command_option_and_argument_has_help() -> None:
    for command in LISTED:
        assert command.help, command.path
        for argument in (*command.options, *command.positionals):
            assert argument.help, (command.path, argument.name)


def _options(command: Command) -> set[str]:
    return {option.name for option in command.options if option.name not in ("--plan", "--home")}


def _run(shell: str, script: str) -> str:
    executable = program(shell)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([executable, "-c", script], capture_output=True, text=True, env=env, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _sections(output: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    current = ""
    for line in output.splitlines():
        if line.startswith("@@"):
            current = line[2:].strip()
            found[current] = set()
        elif line.strip():
            found[current].add(line.split("\t")[0].strip())
    return found


def _expected() -> dict[str, set[str]]:
    """What completing each command line must offer: commands after `cadence`, options after `--`."""
    wanted: dict[str, set[str]] = {"": set(COMMANDS[0].commands)}
    for command in LISTED:
        path = " ".join(command.path)
        if command.commands:
            wanted[path] = set(command.commands)
        else:
            wanted[f"{path} --"] = _options(command)
    return wanted


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_every_command_and_option_completes_in_bash_and_zsh(shell: str) -> None:
    setup = "setopt ksharrays;" if shell == "zsh" else ""
    calls = []
    for line in _expected():
        words = ["cadence", *line.split()]
        if not line.endswith("--"):
            words.append("")
        quoted = " ".join(f"'{word}'" for word in words)
        calls.append(
            f'echo "@@{line}"; COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; COMPREPLY=(); _cadence;'
            ' printf "%s\\n" "${COMPREPLY[@]}";'
        )
    found = _sections(_run(shell, f'eval "$(cadence completion {shell})"; {setup} ' + " ".join(calls)))
    for line, wanted in _expected().items():
        assert wanted <= found[line], (line, wanted - found[line])


def test_every_command_and_option_completes_in_fish() -> None:
    calls = [
        f'echo "@@{line}"; complete -C "cadence {line}{"" if line.endswith("--") else " "}";' for line in _expected()
    ]
    found = _sections(_run("fish", "cadence completion fish | source; " + " ".join(calls) + " true"))
    for line, wanted in _expected().items():
        assert wanted <= found[line], (line, wanted - found[line])


def test_every_command_and_option_is_in_the_command_reference() -> None:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for command in LISTED:
        if command.commands:
            continue
        section = text.split(f"### `cadence {' '.join(command.path)}`\n", 1)[1].split("\n### ", 1)[0]
        for argument in (*command.positionals, *command.options):
            if argument.name in ("--plan", "--home"):
                assert f"| `{argument.name} " in text
            else:
                usage, help = (part.replace("|", "\\|") for part in (argument.usage().strip("[]"), argument.help or ""))
                assert f"| `{usage}` | {help} |" in section, (command.path, argument.name)
