"""Which alarms were sent: a claim is an `INSERT OR IGNORE` into `sent`, so each alarm goes out once.

Whatever process (the daemon, the open TUI) claims an alarm's key first sends
it; the others see it claimed. The keys are the core's (`core.alarms`): stable
for an alarm's instant, so a restart or a second process never sends one twice.
"""

from __future__ import annotations

from datetime import datetime

from cadence.store.log import Store


def claim(store: Store, key: str, when: datetime) -> bool:
    """Mark an alarm as sent; False when some process already sent it."""
    with store.write() as db:
        cursor = db.execute("INSERT OR IGNORE INTO sent (key, sent) VALUES (?, ?)", (key, when.isoformat()))
    return cursor.rowcount == 1


def was_sent(store: Store, key: str) -> bool:
    return store.connection.execute("SELECT 1 FROM sent WHERE key = ?", (key,)).fetchone() is not None
