"""`cadence devices`: the devices paired with the check-in page, and revoking one. No web stack needed."""

from __future__ import annotations

from cadence.cli.session import Session
from cadence.errors import UserError
from cadence.printable import pad, width


def _when(text: str | None) -> str:
    if text is None:
        return "never"
    from datetime import datetime

    return f"{datetime.fromisoformat(text).astimezone():%Y-%m-%d %H:%M}"


def devices(session: Session) -> int:
    from cadence.store import Store
    from cadence.store import devices as paired

    store = Store.open(session.home, create=False)
    try:
        found = paired.devices(store) if store is not None else []
        name = session.args.revoke
        if name is not None:
            if store is None or not paired.revoke(store, name):
                names = ", ".join(device.name for device in found) or "none is paired"
                raise UserError(f"no device is named '{name}'; paired: {names}")
            print(f"Revoked {name}: its cookie opens nothing from now on.")
            return 0
    finally:
        if store is not None:
            store.close()
    if not found:
        print("No device is paired. 'cadence serve --pair' prints a link to pair one.")
        return 0
    columns = max(4, *(width(device.name) for device in found))
    print(f"{pad('name', columns)}  paired            last used")
    for device in found:
        print(f"{pad(device.name, columns)}  {_when(device.paired)}  {_when(device.last_seen)}")
    return 0
