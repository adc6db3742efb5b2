"""The command reference of the docs, generated from the parser; `make docs` writes both references.

`docs/commands.md` holds this text as its generated part (`cadence.generated`)
and `docs/plan-format.md` the plan-format reference from SCHEMA; a test keeps
both equal to what the code generates, so neither drifts from the program.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cadence.cli.walk import Command, commands


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|")


def _section(command: Command, common: frozenset[str]) -> str:
    lines = [
        f"### `cadence {' '.join(command.path)}`",
        "",
        f"{_cell(command.help)[:1].upper()}{_cell(command.help)[1:]}.",
        "",
    ]
    lines += ["```", command.usage(common), "```", ""]
    arguments = [*command.positionals, *(o for o in command.options if o.name not in common)]
    if arguments:
        lines += ["| argument | meaning |", "|---|---|"]
        for argument in arguments:
            lines.append(f"| `{_cell(argument.usage().strip('[]'))}` | {_cell(argument.help)} |")
        lines.append("")
    return "\n".join(lines)


def markdown() -> str:
    """Every listed command: what it does, its usage line, each argument's help."""
    found = commands()
    top = found[0]
    common = frozenset(option.name for option in top.options if option.name != "--version")
    lines = ["Every command also takes:", "", "| option | meaning |", "|---|---|"]
    for option in top.options:
        if option.name in common:
            lines.append(f"| `{_cell(option.usage().strip('[]'))}` | {_cell(option.help)} |")
    lines.append("")
    sections = [_section(command, common) for command in found[1:] if not command.commands]
    return "\n".join(lines) + "\n" + "\n".join(sections)


def main(docs: Path) -> int:
    """Write the generated parts of docs/commands.md and docs/plan-format.md; print what changed."""
    from cadence.generated import rewrite
    from cadence.plan import reference

    for name, text in (("commands.md", markdown()), ("plan-format.md", reference.markdown())):
        if rewrite(docs / name, text):
            print(f"wrote {docs / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")))
