"""The metrics a run knows, checked like task ids before anything is logged under one.

A metric is a name that lasts: logged once, it stays in the review, in
completion and in the goals' sources for the rest of the run. So a name that no
task's `results`, no goal and no earlier log of the run names is refused with a
"did you mean", as an unknown task id is; `--new-metric` (in the TUI: enter
again) starts one on purpose. Each metric is then a count or a level, and the
other form is refused (`check_forms`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from cadence.core.model import Plan
from cadence.errors import UserError


class Entry(NamedTuple):
    """One result as typed: a count (`replies=3`, new results) or a reading (`followers@372`, a level)."""

    metric: str
    amount: float
    reading: bool = False

    def __str__(self) -> str:
        return f"{self.metric}{'@' if self.reading else '='}{self.amount:g}"


def known_metrics(plan: Plan, logged: Mapping[str, str]) -> dict[str, str | None]:
    """Every metric of a run with its kind ('count', 'level', or None while nothing says): the tasks'
    `results`, the goals' metrics, and the metrics logged."""
    known: dict[str, str | None] = {goal.metric: None for goal in plan.goals}
    known.update(plan.metric_kinds())
    known.update(logged)
    return known


def spelled(metric: str, kind: str | None) -> str:
    """A metric as it is logged: `replies=` for a count, `followers@` for a level."""
    return metric + {"count": "=", "level": "@"}.get(kind or "", "")


def unknown_metric(entries: Iterable[Entry], known: Mapping[str, str | None], how: str) -> str | None:
    """The refusal of the first metric the run does not know, or None. `how`: what starts a new one there."""
    for entry in entries:
        if entry.metric in known:
            continue
        close = difflib.get_close_matches(entry.metric, list(known), n=1, cutoff=0.6)
        if close:
            hint = f"; did you mean '{spelled(close[0], known[close[0]])}'?"
        elif known:
            hint = f", which has {', '.join(spelled(metric, kind) for metric, kind in sorted(known.items()))}"
        else:
            hint = ", which names none yet"
        return f"'{entry.metric}' is not a metric of this plan{hint} {how}"
    return None


def check_forms(entries: Iterable[Entry], kinds: Mapping[str, str]) -> None:
    """A metric is a level once it has a reading and a count once it has a result: the other form is refused."""
    seen = dict(kinds)
    for entry in entries:
        kind = seen.get(entry.metric)
        if entry.reading and kind == "count":
            raise UserError(
                f"{entry.metric} is a count (each value logged is new results): log it as {entry.metric}=N, "
                f"not {entry.metric}@{entry.amount:g}"
            )
        if not entry.reading and kind == "level":
            raise UserError(
                f"{entry.metric} is a level (a total read off a dashboard): log a reading as "
                f"{entry.metric}@N, not {entry.metric}={entry.amount:g}"
            )
        seen[entry.metric] = "level" if entry.reading else "count"
