"""Shell completion for bash, zsh and fish, derived from the parser: commands, options, task ids, metrics.

The parser (`cadence.cli.parser`) is the one list of commands; the scripts are
generated from a walk of it, so a new command or option completes without
touching this file. What an argument completes to follows from its metavar or
its choices (`cadence.cli.walk.VALUES`). The words that depend on the plan (task ids, result
metrics) come from `cadence complete tasks|metrics` at completion time, run on
the plan named by `--plan` on the line being completed, else the usual plan.
"""

from __future__ import annotations

from collections.abc import Mapping

from cadence.cli.walk import Argument, Command, commands
from cadence.core.model import Plan


def words(plan: Plan, what: str, kinds: Mapping[str, str] | None = None) -> list[str]:
    """The completions of one kind, for `cadence complete WHAT`.

    Metrics come with the sign they are logged with: `replies=` for a count,
    `followers@` for a level (one with a reading in the home, or the metric of a
    goal with `from` that nothing was logged under yet). `kinds` is the home's
    `Store.metric_kinds()`; metrics logged there but not named by the plan follow.
    """
    if what == "tasks":
        return [task.id for task in plan.tasks]
    if what == "metrics":
        kinds = {**plan.metric_kinds(), **(kinds or {})}
        found: list[str] = []
        named = [*(m for task in plan.tasks for m in task.results), *(goal.metric for goal in plan.goals), *kinds]
        for metric in named:
            level = kinds.get(metric) == "level"
            word = metric + ("@" if level else "=")
            if word not in found:
                found.append(word)
        return found
    return []


# --------------------------------------------------------------------------- bash and zsh

BASH_VALUE = {
    "tasks": 'COMPREPLY=($(compgen -W "$(_cadence_words tasks)" -- "$cur"))',
    "templates": 'COMPREPLY=($(compgen -W "$(_cadence_words templates)" -- "$cur"))',
    "metrics": 'COMPREPLY=($(compgen -W "$(_cadence_words metrics)" -- "$cur")); compopt -o nospace 2>/dev/null',
    "file": 'COMPREPLY=($(compgen -f -- "$cur"))',
    "dir": 'COMPREPLY=($(compgen -d -- "$cur"))',
}

BASH = r"""# cadence completion for bash: eval "$(cadence completion bash)"
_cadence_words() {
    local plan=() i
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        [[ ${COMP_WORDS[i]} == --plan ]] && plan=(--plan "${COMP_WORDS[i + 1]}")
    done
    command cadence "${plan[@]}" complete "$1" 2>/dev/null
}

_cadence() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local command="" sub="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            @VALUE_OPTIONS@) ((i++)) ;;
            -*) ;;
            *) if [[ -z $command ]]; then command=${COMP_WORDS[i]}; elif [[ -z $sub ]]; then sub=${COMP_WORDS[i]}; fi ;;
        esac
    done
    case $prev in
        @VALUE_CASES@
    esac
    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "@COMMANDS@ @TOP_OPTIONS@" -- "$cur")); return
    fi
    local options=""
    case $command in
        @OPTION_CASES@
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options @COMMON@" -- "$cur")); return
    fi
    case $command in
        @POSITIONAL_CASES@
    esac
}
complete -F _cadence cadence
"""

ZSH_HEAD = r"""# cadence completion for zsh: eval "$(cadence completion zsh)"
autoload -U +X compinit && compinit -u
autoload -U +X bashcompinit && bashcompinit
"""


def _value(argument: Argument) -> str:
    if argument.completes == "choices":
        return f'COMPREPLY=($(compgen -W "{" ".join(argument.choices)}" -- "$cur"))'
    return BASH_VALUE[argument.completes] if argument.completes else ""


def _bash(found: list[Command]) -> str:
    top = found[0]
    common = {option.name for option in top.options if option.name != "--version"}
    by_name: dict[str, dict[str, Argument]] = {}
    """Each option that takes a value, by the command (its first word) it belongs to."""
    for command in found:
        for option in command.options:
            if option.takes_value:
                by_name.setdefault(option.name, {}).setdefault(command.path[0] if command.path else "", option)
    value_cases = []
    free = []
    for name, owners in by_name.items():
        kinds = {(option.completes, option.choices) for option in owners.values()}
        if len(kinds) == 1:
            option = next(iter(owners.values()))
            if option.completes is None:
                free.append(name)
            else:
                value_cases.append(f"{name}) {_value(option)}; return ;;")
            continue
        # The same option means different things in different commands (status and export --format).
        inner = " ".join(
            f"{owner}) {_value(option) + '; ' if option.completes else ''}return ;;"
            for owner, option in owners.items()
            if owner
        )
        value_cases.append(f"{name}) case $command in {inner} *) return ;; esac ;;")
    if free:
        value_cases.append(f"{' | '.join(free)}) return ;;")

    def own(command: Command) -> str:
        return " ".join(option.name for option in command.options if option.name not in common)

    option_cases = []
    positional_cases = []
    for command in found[1:]:
        if len(command.path) != 1:
            continue
        name = command.path[0]
        nested = [child for child in found if child.path[:1] == command.path and len(child.path) == 2]
        inner = " ".join(f'[[ $sub == {child.path[1]} ]] && options="{own(child)}";' for child in nested)
        option_cases.append(f'{name}) options="{own(command)}";{" " + inner if inner else ""} ;;')
        if command.commands:
            branches = [f'if [[ -z $sub ]]; then COMPREPLY=($(compgen -W "{" ".join(command.commands)}" -- "$cur"))']
            for child in nested:
                first = next((p for p in child.positionals if p.completes), None)
                if first is not None:
                    branches.append(f"elif [[ $sub == {child.path[1]} ]]; then {_value(first)}")
            positional_cases.append(f"{name}) {'; '.join(branches)}; fi ;;")
            continue
        first = next(iter(command.positionals), None)
        if first is None or first.completes is None:
            continue
        guard = "" if first.many else "[[ -z $sub ]] && "
        positional_cases.append(f"{name}) {guard}{_value(first)} ;;")
    return (
        BASH.replace("@VALUE_OPTIONS@", " | ".join(by_name))
        .replace("@VALUE_CASES@", "\n        ".join(value_cases))
        .replace("@COMMANDS@", " ".join(top.commands))
        .replace("@TOP_OPTIONS@", " ".join([*(option.name for option in top.options), "--help"]))
        .replace("@COMMON@", " ".join(sorted(common)) + " --help")
        .replace("@OPTION_CASES@", "\n        ".join(option_cases))
        .replace("@POSITIONAL_CASES@", "\n        ".join(positional_cases))
    )


# --------------------------------------------------------------------------- fish

FISH_HEAD = r"""# cadence completion for fish: cadence completion fish | source
function __cadence_words
    set -l tokens (commandline -opc)
    set -l plan
    set -l index (contains -i -- --plan $tokens)
    and set plan --plan $tokens[(math $index + 1)]
    command cadence $plan complete $argv 2>/dev/null
end
complete -c cadence -f
"""

FISH_VALUE = {
    "tasks": '-x -a "(__cadence_words tasks)"',
    "templates": '-x -a "(__cadence_words templates)"',
    "metrics": '-x -a "(__cadence_words metrics)"',
    "file": "-r -F",
    "dir": '-r -a "(__fish_complete_directories)"',
}


def _fish_value(argument: Argument) -> str:
    if argument.completes == "choices":
        return f'-x -a "{" ".join(argument.choices)}"'
    if argument.completes:
        return FISH_VALUE[argument.completes]
    return "-x" if argument.takes_value else ""


def _fish_word(argument: Argument) -> str:
    """A positional: its words, or files (fish offers no files to cadence otherwise)."""
    if argument.completes == "file":
        return "-F"
    return _fish_value(argument).removeprefix("-x ").removeprefix("-r ")


def _quote(text: str | None) -> str:
    return '"' + (text or "").replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'


def _fish(found: list[Command]) -> str:
    top = found[0]
    lines = [FISH_HEAD.rstrip()]
    common = {option.name for option in top.options}
    for option in top.options:
        lines.append(
            f"complete -c cadence -l {option.name[2:]} {_fish_value(option)} -d {_quote(option.help)}".rstrip()
        )
    for command in found[1:]:
        if len(command.path) == 1:
            lines.append(f"complete -c cadence -n __fish_use_subcommand -a {command.path[0]} -d {_quote(command.help)}")
    for command in found[1:]:
        name = command.path[-1]
        if len(command.path) == 1:
            seen = f"__fish_seen_subcommand_from {name}"
            # "plan check" also names a top-level command: keep the two apart.
            nested = [c for c in found if len(c.path) == 2]
            if any(c.path[1] == name for c in nested):
                seen += f"; and not __fish_seen_subcommand_from {' '.join(c.path[0] for c in nested)}"
        else:
            seen = f"__fish_seen_subcommand_from {command.path[0]}; and __fish_seen_subcommand_from {name}"
        if command.commands:
            subs = " ".join(command.commands)
            lines.append(
                f'complete -c cadence -n "__fish_seen_subcommand_from {name}; and not __fish_seen_subcommand_from {subs}"'
                f' -a "{subs}"'
            )
        for positional in command.positionals[:1]:
            if positional.completes:
                lines.append(
                    f'complete -c cadence -n "{seen}" {_fish_word(positional)} -d {_quote(positional.help or positional.name.lower())}'
                )
        for option in command.options:
            if option.name in common:
                continue
            value = _fish_value(option)
            lines.append(f'complete -c cadence -n "{seen}" -l {option.name[2:]} {value} -d {_quote(option.help)}')
    return "\n".join(lines) + "\n"


def script(shell: str) -> str:
    found = commands()
    if shell == "fish":
        return _fish(found)
    bash = _bash(found)
    return bash if shell == "bash" else ZSH_HEAD + bash.split("\n", 1)[1]
