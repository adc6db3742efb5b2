"""Background work hands Python's lock back within half a millisecond while it runs, and only then."""

from __future__ import annotations

import sys
import threading

import pytest

from cadence.tui.handing import SWITCH_SECONDS, handing_back


def test_the_switch_interval_is_short_while_background_work_runs_and_as_before_after() -> None:
    before = sys.getswitchinterval()
    seen: list[float] = []
    handing_back(lambda: seen.append(sys.getswitchinterval()))()
    assert seen == [SWITCH_SECONDS]
    assert sys.getswitchinterval() == before


def test_overlapping_work_keeps_it_short_until_the_last_one_ends() -> None:
    before = sys.getswitchinterval()
    first_in, second_done, first_may_end = threading.Event(), threading.Event(), threading.Event()
    seen: list[float] = []

    def first() -> None:
        first_in.set()
        first_may_end.wait(10)

    def second() -> None:
        seen.append(sys.getswitchinterval())
        second_done.set()

    one = threading.Thread(target=handing_back(first))
    one.start()
    assert first_in.wait(10)
    two = threading.Thread(target=handing_back(second))
    two.start()
    assert second_done.wait(10)
    two.join(10)
    assert sys.getswitchinterval() == SWITCH_SECONDS  # the first still runs
    first_may_end.set()
    one.join(10)
    assert seen == [SWITCH_SECONDS]
    assert sys.getswitchinterval() == before


def test_work_that_fails_sets_it_back_too() -> None:
    before = sys.getswitchinterval()

    def failing() -> None:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        handing_back(failing)()
    assert sys.getswitchinterval() == before
