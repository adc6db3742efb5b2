"""Events that arrive from a hub: the member's writes on other machines, added as they were written.

They passed every guard where they were written, so none is applied again
here; what is kept is the union by global id (an event already in the log is
not added twice), one local batch per pulled batch, and the runs by plan and
pass (`cadence.store.sync`).
"""

from __future__ import annotations

from collections.abc import Sequence

from cadence.store import Store
from cadence.store.sync import HubEvent


def receive(
    store: Store,
    pulled: Sequence[HubEvent],
    hub: str,
    pushed: int | None,
    pulled_through: int,
    hub_id: str | None = None,
) -> int:
    """Add what this home lacks of `pulled`, with how far the hub was synced, in one transaction; how many."""
    return store.merge(pulled, hub, pushed, pulled_through, hub_id)
