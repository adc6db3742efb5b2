"""The devices paired with the phone's check-in page, and the pairing links waiting to be opened.

The store keeps only hashes: a device is known by the SHA-256 of its token, a
pairing link by the SHA-256 of its one-time code (`cadence.web.tokens` makes
both). These rows are not the person's history, so unlike the event log they
are changed in place: a pairing is marked used, a revoked device is deleted.
Times are UTC ISO strings, compared as text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import NamedTuple

from cadence.store import Store

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}\Z")
"""A device's name, as `cadence devices --revoke NAME` takes it."""


class Device(NamedTuple):
    name: str
    paired: str
    last_seen: str | None


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def add_pairing(store: Store, code: str, expires: datetime, now: datetime) -> None:
    """A pairing link waiting to be opened (`code`: its hash); expired links are forgotten on the way."""
    with store.write() as db:
        db.execute("DELETE FROM pairings WHERE expires < ?", (_utc(now),))
        db.execute("INSERT INTO pairings (code, expires) VALUES (?, ?)", (code, _utc(expires)))


def pairing_state(store: Store, code: str, now: datetime) -> str:
    """`open`, `used`, `expired` or `unknown`: what opening the link with this code's hash would meet."""
    row = store.connection.execute("SELECT expires, used FROM pairings WHERE code = ?", (code,)).fetchone()
    if row is None:
        return "unknown"
    if row[1] is not None:
        return "used"
    return "expired" if row[0] < _utc(now) else "open"


def free_name(taken: set[str], wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, ...: the first name no device has."""
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted[:28]}-{number}" in taken:
        number += 1
    return f"{wanted[:28]}-{number}"


def pair(store: Store, code: str, token: str, wanted: str, now: datetime) -> str | None:
    """Use a pairing link once: a device with this token's hash, named `wanted` (or a free variant of it).

    Returns the device's name, or None (nothing written) when the link is unknown, used or expired.
    Checked and marked inside one write transaction, so a link opened twice at once pairs once.
    """
    assert NAME.match(wanted), wanted
    with store.write() as db:
        row = db.execute("SELECT expires, used FROM pairings WHERE code = ?", (code,)).fetchone()
        if row is None or row[1] is not None or row[0] < _utc(now):
            return None
        taken = {name for (name,) in db.execute("SELECT name FROM devices")}
        name = free_name(taken, wanted)
        db.execute("UPDATE pairings SET used = ? WHERE code = ?", (_utc(now), code))
        db.execute("INSERT INTO devices (name, token, paired) VALUES (?, ?, ?)", (name, token, _utc(now)))
    return name


def device_for(store: Store, token: str) -> Device | None:
    """The device whose token has this hash, if it is still paired."""
    row = store.connection.execute("SELECT name, paired, last_seen FROM devices WHERE token = ?", (token,)).fetchone()
    return None if row is None else Device(*row)


def seen(store: Store, name: str, now: datetime) -> None:
    with store.write() as db:
        db.execute("UPDATE devices SET last_seen = ? WHERE name = ?", (_utc(now), name))


def devices(store: Store) -> list[Device]:
    """Every paired device, oldest first."""
    return [
        Device(*row)
        for row in store.connection.execute("SELECT name, paired, last_seen FROM devices ORDER BY paired, name")
    ]


def revoke(store: Store, name: str) -> bool:
    """Forget a device: its token opens nothing from now on. False when no device has that name."""
    with store.write() as db:
        cursor = db.execute("DELETE FROM devices WHERE name = ?", (name,))
    return cursor.rowcount == 1
