"""A plan as a command has it: the Plan, its warnings (when asked for) and the text it was read from."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the class alone: a command whose plan is kept never loads the checker's modules
    from cadence.core.model import Plan
    from cadence.plan.diagnostics import Diagnostic


class LoadedPlan(NamedTuple):
    plan: Plan
    warnings: list[Diagnostic]
    source: str
