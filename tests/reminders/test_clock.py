"""A clock started at a moment (CADENCE_NOW, a test's clock) runs on in real time, whatever DST the real clock is in.

The real clock is set with time-machine and stands still, so each reading is exact.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cadence.clock import Clock

LONDON = ZoneInfo("Europe/London")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("real", "start", "later_utc", "later_berlin"),
    [
        # the real clock in summer time, the started one in winter
        ("2027-06-01T12:00", "2026-12-02T09:00+00:00", "2026-12-02T10:30:00+00:00", "2026-12-02T11:30:00+01:00"),
        # the real clock in winter time, the started one in summer
        ("2026-12-04T12:00", "2027-03-28T03:30+02:00", "2027-03-28T03:00:00+00:00", "2027-03-28T05:00:00+02:00"),
        # the real clock half a minute before the spring change, which comes while the clock runs
        ("2027-03-28T00:59:30", "2026-12-02T09:00+00:00", "2026-12-02T10:30:00+00:00", "2026-12-02T11:30:00+01:00"),
    ],
    ids=["real summer, started winter", "real winter, started summer", "the real clock changes"],
)
def test_a_started_clock_shows_its_start_and_runs_on_in_real_time(
    real: str, start: str, later_utc: str, later_berlin: str
) -> None:
    real_now = datetime.fromisoformat(real).replace(tzinfo=UTC)
    started = datetime.fromisoformat(start).astimezone(LONDON if start.endswith("+00:00") else BERLIN)
    with time_machine.travel(real_now, tick=False) as traveller:
        clock = Clock(started)
        assert clock.now().isoformat() == started.astimezone(UTC).isoformat()
        assert clock.now(started.tzinfo).isoformat() == started.isoformat()
        assert clock.real(started) == real_now
        traveller.shift(timedelta(minutes=90))
        assert clock.now().isoformat() == later_utc
        assert clock.now(BERLIN).isoformat() == later_berlin
        assert clock.real(clock.now(LONDON)) == real_now + timedelta(minutes=90)


def test_across_the_spring_change_an_hour_of_real_time_is_an_hour_on_the_clock() -> None:
    with time_machine.travel(datetime(2026, 12, 4, 12, 0, tzinfo=UTC), tick=False) as traveller:
        clock = Clock(datetime(2027, 3, 28, 0, 30, tzinfo=LONDON))  # half an hour before the clocks go forward
        assert clock.real(datetime(2027, 3, 28, 2, 30, tzinfo=LONDON)) == datetime(2026, 12, 4, 13, 0, tzinfo=UTC)
        traveller.shift(timedelta(hours=1))
        assert clock.now(LONDON).isoformat() == "2027-03-28T02:30:00+01:00"
        assert clock.now().isoformat() == "2027-03-28T01:30:00+00:00"
