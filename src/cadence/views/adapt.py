"""What `cadence adapt` prints: each proposal's comment line over its hunks, as one patch; and its JSON.

The text is a patch that `git apply` or `patch -p1` takes as it is: a line of
words, then for each hunk of each proposal a comment line (`# rule N: ...`,
the rule and its figures) and a unified diff of one hunk with its own
headers, each numbered for the file as the hunks before it left it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from cadence.core.changes import Change
from cadence.plan.revise import Drafted


def comment(drafted: Drafted) -> str:
    return f"# rule {drafted.proposal.rule}: {drafted.proposal.why}"


def patch(drafted: list[Drafted], name: str) -> str:
    """Every hunk of every proposal under its comment line."""
    return "".join(f"{comment(each)}\n{hunk}" for each in drafted for hunk in each.hunks(name))


def _value(value: object) -> Any:
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _change(change: Change) -> dict[str, Any]:
    return {"table": change.table, "name": change.name, "key": change.key, "value": _value(change.value)}


def adapt_json(drafted: list[Drafted], name: str, applied: bool, problem: str | None) -> dict[str, Any]:
    return {
        "plan": name,
        "applied": applied,
        "problem": problem,
        "proposals": [
            {
                "key": each.proposal.key,
                "rule": each.proposal.rule,
                "why": each.proposal.why,
                "figures": each.proposal.figures,
                "changes": [_change(change) for change in each.proposal.changes],
                "hunks": each.hunks(name),
            }
            for each in drafted
        ],
    }
