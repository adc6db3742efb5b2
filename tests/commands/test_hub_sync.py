"""The sync, written once against the Hub protocol, run on the hub in memory: what is sent, what comes back,
what a sync cut off leaves, a hub set up anew, and the plan's text for the coach."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cadence.hub import Unreachable
from cadence.hub.memory import MemoryHub
from cadence.hub.sync import Synced, sync
from cadence.store import NewEvent, Store
from cadence.store.sync import state
from machines import PLAN

WEDNESDAY = date(2026, 12, 2)
KEY = "ana@hub.example:5432/cadence"


@pytest.fixture
def homes(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    laptop, desktop = Store.open(tmp_path / "laptop"), Store.open(tmp_path / "desktop")
    assert laptop is not None and desktop is not None
    try:
        yield laptop, desktop
    finally:
        laptop.close()
        desktop.close()


def check_in(store: Store, amount: float) -> None:
    store.append([NewEvent("checkin", "comment", WEDNESDAY, amount=amount, run=0)])


def amounts(store: Store) -> list[float]:
    return [event.amount or 0.0 for event in store.events()]


def test_a_sync_sends_what_the_hub_lacks_and_brings_what_the_home_lacks(homes: tuple[Store, Store]) -> None:
    laptop, desktop = homes
    hub = MemoryHub()
    check_in(laptop, 2)
    check_in(laptop, 3)
    check_in(desktop, 5)
    assert sync(laptop, hub, KEY) == Synced(sent=2, received=0)
    assert sync(desktop, hub, KEY) == Synced(sent=1, received=2)
    assert sync(laptop, hub, KEY) == Synced(sent=0, received=1)
    assert sync(desktop, hub, KEY) == Synced(sent=0, received=0)
    assert [row.seq for row in hub.rows] == [1, 2, 3]
    assert sorted(amounts(laptop)) == sorted(amounts(desktop)) == [2.0, 3.0, 5.0]
    assert (state(desktop, KEY).pushed, state(desktop, KEY).pulled) == (3, 3)  # its own event, and two received


class CutOff(MemoryHub):
    """A hub whose connection drops while the plan's text is on its way: the transaction is lost whole."""

    def put_plan(self, name: str, text: str) -> None:
        raise Unreachable("hub unreachable")


def test_a_sync_cut_off_leaves_nothing_on_the_hub_or_in_the_home(homes: tuple[Store, Store], tmp_path: Path) -> None:
    laptop, _ = homes
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN)
    check_in(laptop, 2)
    hub = CutOff(identity="hub")
    with pytest.raises(Unreachable):
        sync(laptop, hub, KEY, plan)
    assert (hub.rows, hub.plans) == ([], {})
    assert state(laptop, KEY) == state(laptop, "never synced")  # no mark moved
    answering = MemoryHub(hub.rows, identity="hub")
    assert sync(laptop, answering, KEY, plan) == Synced(sent=1, received=0)
    assert list(answering.plans) == ["Two machines"]


def test_a_hub_set_up_anew_at_the_same_address_is_sent_everything_again(homes: tuple[Store, Store]) -> None:
    laptop, _ = homes
    check_in(laptop, 2)
    check_in(laptop, 3)
    assert sync(laptop, MemoryHub(identity="first"), KEY) == Synced(sent=2, received=0)
    again = MemoryHub(identity="second")  # the database dropped and made again: the same key, another hub
    assert sync(laptop, again, KEY) == Synced(sent=2, received=0)
    assert (state(laptop, KEY).hub_id, [row.amount for row in again.rows]) == ("second", [2.0, 3.0])


def test_the_plans_text_goes_once_and_again_when_it_changes(homes: tuple[Store, Store], tmp_path: Path) -> None:
    laptop, _ = homes
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN)
    hub = MemoryHub()
    sync(laptop, hub, KEY, plan)
    assert hub.plans == {"Two machines": PLAN}
    hub.plans.clear()
    sync(laptop, hub, KEY, plan)
    assert hub.plans == {}  # unchanged: not sent again
    plan.write_text(PLAN.replace("target = 3", "target = 4"))
    sync(laptop, hub, KEY, plan)
    assert hub.plans == {"Two machines": PLAN.replace("target = 3", "target = 4")}
    plan.write_text("not a plan")
    sync(laptop, hub, KEY, plan)
    assert hub.plans == {"Two machines": PLAN.replace("target = 3", "target = 4")}  # a plan with errors stays home


def test_events_a_home_holds_already_are_neither_sent_nor_added_twice(homes: tuple[Store, Store]) -> None:
    laptop, desktop = homes
    check_in(laptop, 2)
    desktop.restore(laptop.events(), [])  # the laptop's export, imported: the same events, by global id
    hub = MemoryHub()
    assert sync(laptop, hub, KEY) == Synced(sent=1, received=0)
    assert sync(desktop, hub, KEY) == Synced(sent=0, received=0)
    assert (len(hub.rows), amounts(desktop)) == (1, [2.0])
