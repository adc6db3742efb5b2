"""The Hub protocol's rule, held to both of its hubs: PostgreSQL, and the hub in memory that the fast tests and a
coach's view use. Whatever one does, the other does too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import NamedTuple

import pytest

from cadence.hub import Unreachable
from cadence.hub.config import parse
from cadence.hub.memory import MemoryHub
from cadence.hub.sync import Hub
from cadence.store.sync import HubEvent
from postgres import Hub as PostgresServerHub


class Opened(NamedTuple):
    transaction: Callable[[], AbstractContextManager[Hub]]
    """One transaction of the hub, as a sync takes it."""
    plans: Callable[[], dict[str, str]]
    """The plans' texts the hub keeps, read from outside it."""


@pytest.fixture(params=["memory", "postgres"])
def opened(request: pytest.FixtureRequest) -> Iterator[Opened]:
    if request.param == "memory":
        memory = MemoryHub()
        yield Opened(lambda: memory, lambda: dict(memory.plans))
        return
    from cadence.hub import postgres

    server_hub: PostgresServerHub = request.getfixturevalue("hub")
    config = parse(server_hub.add("member", "ana"), None, {}, "the URL")
    yield Opened(lambda: postgres.member(config), lambda: dict(server_hub.rows("SELECT name, text FROM cadence.plans")))


def event(uid: int, kind: str = "checkin", amount: float = 1.0) -> HubEvent:
    return HubEvent(
        uid, "machine", uid, uid, "2026-12-02T09:00:00+00:00", kind, "comment", "2026-12-02", None, None, amount,
        None, None, "cli", None, 0, None, None,
    )  # fmt: skip


def test_pushed_events_are_numbered_in_order_and_pulled_after_a_mark(opened: Opened) -> None:
    with opened.transaction() as hub:
        first = hub.push([event(11), event(12)])
    with opened.transaction() as hub:
        second = hub.push([event(13)])
        assert first + second == sorted(first + second) and len(set(first + second)) == 3
        assert [(row.uid, row.seq) for row in hub.pull(0)] == list(zip([11, 12, 13], first + second, strict=True))
        assert [row.uid for row in hub.pull(first[-1])] == [13]
        assert hub.pull(second[-1]) == []
        assert [row._replace(seq=0) for row in hub.pull(0)] == [event(11), event(12), event(13)]


def test_an_event_the_hub_holds_is_not_added_again(opened: Opened) -> None:
    with opened.transaction() as hub:
        hub.push([event(21)])
    with opened.transaction() as hub:
        added = hub.push([event(21), event(22)])
        assert [row.uid for row in hub.pull(0)] == [21, 22]
        assert len(added) == 1 and hub.pull(0)[-1].seq == added[0]


def test_a_transaction_cut_off_keeps_nothing_it_pushed(opened: Opened) -> None:
    with opened.transaction() as hub:
        hub.push([event(31)])
    with pytest.raises(Unreachable), opened.transaction() as hub:
        hub.push([event(32)])
        hub.put_plan("Plan", "text")
        raise Unreachable("hub unreachable")
    with opened.transaction() as hub:
        assert [row.uid for row in hub.pull(0)] == [31]
    assert opened.plans() == {}


def test_the_hub_keeps_its_identity_and_the_last_text_of_each_plan(opened: Opened) -> None:
    with opened.transaction() as hub:
        identity = hub.identity()
        hub.put_plan("Plan", "first")
        hub.put_plan("Other", "other")
    with opened.transaction() as hub:
        assert hub.identity() == identity and identity is not None
        hub.put_plan("Plan", "second")
    assert opened.plans() == {"Plan": "second", "Other": "other"}
