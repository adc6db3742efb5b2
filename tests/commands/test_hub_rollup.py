"""The rollup a sync keeps, on the hub in memory: always what a scan of the hub's rows counts, and the summary
sent with a push counted from a home that holds every row the hub holds once it commits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.hub import Unreachable
from cadence.hub.memory import MemoryHub, Rollup, rolled_up
from cadence.hub.sync import sync
from cadence.store import NewEvent, Store

KEY = "ana@hub.example:5432/cadence"
WEDNESDAY = date(2026, 12, 2)


class Dropping(MemoryHub):
    """A hub whose connection drops after the summary is sent, when told to: the transaction is lost whole."""

    drop = False

    def put_summary(self, text: str) -> None:
        super().put_summary(text)
        if self.drop:
            raise Unreachable("hub unreachable")


def counting(store: Store) -> str:
    """A summary that says how many events the home holds as the sync counts it."""
    return str(store.count())


STEPS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 3), st.booleans()),  # which machine, how many writes, cut off
    min_size=1,
    max_size=12,
)


@pytest.mark.slow  # forty drawn histories, each synced through a store
@settings(max_examples=40, deadline=None)
@given(steps=STEPS)
def test_the_kept_rollup_is_the_scan_of_the_rows(tmp_path_factory: object, steps: list[tuple[int, int, bool]]) -> None:
    folder = Path(tmp_path_factory.mktemp("homes"))  # type: ignore[attr-defined]
    homes = [Store.open(folder / f"machine-{n}") for n in range(3)]
    hub = Dropping()
    try:
        for machine, writes, cut in steps:
            home = homes[machine]
            assert home is not None
            for amount in range(writes):
                home.append([NewEvent("checkin", "comment", WEDNESDAY, amount=amount + 1, run=0)])
            hub.drop = cut
            try:
                sync(home, hub, KEY, summarize=counting)
            except Unreachable:
                assert cut
            assert hub.rollup == rolled_up(hub.rows)
            if hub.summary is not None:
                assert hub.summary == str(hub.rollup.events)  # counted over every row the hub holds
    finally:
        for home in homes:
            assert home is not None
            home.close()


def test_a_rollup_counts_rows_once_however_often_they_are_sent(tmp_path: Path) -> None:
    laptop, desktop = Store.open(tmp_path / "laptop"), Store.open(tmp_path / "desktop")
    assert laptop is not None and desktop is not None
    hub = MemoryHub()
    laptop.append([NewEvent("checkin", "comment", WEDNESDAY, amount=2, run=0)])
    desktop.append([NewEvent("checkin", "comment", WEDNESDAY, amount=3, run=0)])
    for home in (laptop, desktop, laptop, desktop):
        sync(home, hub, KEY, summarize=counting)
    latest = max(event.recorded for event in laptop.events())
    assert hub.rollup == Rollup(events=2, last_number=2, last_recorded=latest)
    assert hub.summary == "2"
    laptop.close()
    desktop.close()
