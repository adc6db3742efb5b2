"""Shell completion for bash, zsh and fish: commands, options, task ids, metrics and templates.

The scripts are static; the words that depend on the plan (task ids, result
metrics) come from `cadence complete tasks|metrics`, run on the plan named by
`--plan` on the line being completed, else the usual plan.
"""

from __future__ import annotations

from cadence.core.model import Plan

COMMANDS = (
    "today",
    "check",
    "skip",
    "log",
    "undo",
    "streak",
    "review",
    "plan",
    "daemon",
    "export",
    "import",
    "completion",
)
PLAN_COMMANDS = ("check", "show", "new", "list-templates", "schema")
OPTIONS = {
    "today": "--date --json",
    "check": "--date --note --force",
    "skip": "--all --date --from --to --reason --force",
    "log": "--task --date",
    "streak": "--json",
    "review": "--week --json",
    "daemon": "--install --uninstall",
    "export": "--format",
    "plan show": "--week --json",
    "plan new": "--template",
}
COMMON = "--plan --home --help"
TAKES_VALUE = ("--date", "--from", "--to", "--note", "--reason", "--week")
"""Options followed by a value of the person's own: nothing to offer, and no file names."""
OWN_COMPLETION = ("--format", "--template", "--task")
"""Options completed by their own fish lines."""


def words(plan: Plan, what: str) -> list[str]:
    """The completions of one kind, for `cadence complete WHAT`."""
    if what == "tasks":
        return [task.id for task in plan.tasks]
    if what == "metrics":
        found: list[str] = []
        for metric in [*(m for task in plan.tasks for m in task.results), *(goal.metric for goal in plan.goals)]:
            if metric not in found:
                found.append(metric)
        return found
    return []


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
            --plan | --home | --date | --from | --to | --note | --reason | --task | --week | --format | --template) ((i++)) ;;
            -*) ;;
            *) if [[ -z $command ]]; then command=${COMP_WORDS[i]}; elif [[ -z $sub ]]; then sub=${COMP_WORDS[i]}; fi ;;
        esac
    done
    case $prev in
        --plan) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --home) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "ics csv json" -- "$cur")); return ;;
        --task) COMPREPLY=($(compgen -W "$(_cadence_words tasks)" -- "$cur")); return ;;
        --template) COMPREPLY=($(compgen -W "$(_cadence_words templates)" -- "$cur")); return ;;
        --date | --from | --to | --note | --reason | --week) return ;;
    esac
    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "@COMMANDS@ @COMMON@ --version" -- "$cur")); return
    fi
    local options=""
    case $command in
        @OPTION_CASES@
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options @COMMON@" -- "$cur")); return
    fi
    case $command in
        check | skip) [[ -z $sub ]] && COMPREPLY=($(compgen -W "$(_cadence_words tasks)" -- "$cur")) ;;
        log)
            COMPREPLY=($(compgen -S = -W "$(_cadence_words metrics)" -- "$cur"))
            compopt -o nospace 2>/dev/null ;;
        plan)
            if [[ -z $sub ]]; then COMPREPLY=($(compgen -W "@PLAN_COMMANDS@" -- "$cur"))
            elif [[ $sub == check || $sub == new ]]; then COMPREPLY=($(compgen -f -- "$cur")); fi ;;
        import) COMPREPLY=($(compgen -f -- "$cur")) ;;
        completion) [[ -z $sub ]] && COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")) ;;
    esac
}
complete -F _cadence cadence
"""

ZSH = r"""# cadence completion for zsh: eval "$(cadence completion zsh)"
autoload -U +X compinit && compinit -u
autoload -U +X bashcompinit && bashcompinit
""" + BASH.split("\n", 1)[1]

FISH = r"""# cadence completion for fish: cadence completion fish | source
function __cadence_words
    set -l tokens (commandline -opc)
    set -l plan
    set -l index (contains -i -- --plan $tokens)
    and set plan --plan $tokens[(math $index + 1)]
    command cadence $plan complete $argv 2>/dev/null
end
complete -c cadence -f
complete -c cadence -n __fish_use_subcommand -a "@COMMANDS@"
complete -c cadence -l plan -r -F -d "the plan file"
complete -c cadence -l home -r -a "(__fish_complete_directories)" -d "where the store lives"
complete -c cadence -n "__fish_seen_subcommand_from check skip; and not __fish_seen_subcommand_from plan" -a "(__cadence_words tasks)" -d task
complete -c cadence -n "__fish_seen_subcommand_from log" -l task -x -a "(__cadence_words tasks)" -d task
complete -c cadence -n "__fish_seen_subcommand_from log" -a "(__cadence_words metrics | string replace -r '\$' '=')" -d metric
complete -c cadence -n "__fish_seen_subcommand_from plan; and not __fish_seen_subcommand_from @PLAN_COMMANDS@" -a "@PLAN_COMMANDS@"
complete -c cadence -n "__fish_seen_subcommand_from new" -l template -x -a "(__cadence_words templates)"
complete -c cadence -n "__fish_seen_subcommand_from export" -l format -x -a "ics csv json"
complete -c cadence -n "__fish_seen_subcommand_from completion" -a "bash zsh fish"
@FISH_OPTIONS@
"""


def script(shell: str) -> str:
    cases = []
    for key, options in OPTIONS.items():
        command = key.split()[0]
        if " " in key:
            continue
        nested = [(k.split()[1], v) for k, v in OPTIONS.items() if k.startswith(f"{command} ")]
        if nested:
            inner = " ".join(f'[[ $sub == {sub} ]] && options="{opts}";' for sub, opts in nested)
            cases.append(f'{command}) options="{options}"; {inner} ;;')
        else:
            cases.append(f'{command}) options="{options}" ;;')
    for command in {k.split()[0] for k in OPTIONS if " " in k} - set(OPTIONS):
        nested = [(k.split()[1], v) for k, v in OPTIONS.items() if k.startswith(f"{command} ")]
        cases.append(
            f"{command}) " + " ".join(f'[[ $sub == {sub} ]] && options="{opts}";' for sub, opts in nested) + " ;;"
        )
    fish_options = []
    for key, options in OPTIONS.items():
        command = key.split()[-1]
        for option in options.split():
            if option in OWN_COMPLETION:
                continue
            exclusive = " -x" if option in TAKES_VALUE else ""
            fish_options.append(
                f"complete -c cadence -n '__fish_seen_subcommand_from {command}' -l {option[2:]}{exclusive}"
            )
    text = {"bash": BASH, "zsh": ZSH, "fish": FISH}[shell]
    return (
        text.replace("@COMMANDS@", " ".join(COMMANDS))
        .replace("@PLAN_COMMANDS@", " ".join(PLAN_COMMANDS))
        .replace("@COMMON@", COMMON)
        .replace("@OPTION_CASES@", "\n        ".join(cases))
        .replace("@FISH_OPTIONS@", "\n".join(fish_options))
    )
