"""A plan as a command has it: the Plan, its warnings (when asked for) and the text it was read from."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a prompt's command its start-up: cadence.named says why
if TYPE_CHECKING:  # the class alone: a command whose plan is kept never loads the checker's modules
    from typing import NamedTuple

    from cadence.core.model import Plan
    from cadence.plan.diagnostics import Diagnostic
else:
    from cadence.named import NamedTuple


class LoadedPlan(NamedTuple):
    plan: Plan
    warnings: list[Diagnostic]
    source: str
