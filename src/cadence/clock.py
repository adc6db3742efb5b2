""" "Now" and the local time zone: the only reads of the real clock.

`CADENCE_NOW` replaces the real clock when set, for tests and demos.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from cadence.core.calendar import YEARS, plan_day, within_years
from cadence.core.model import Plan
from cadence.errors import CadenceError


class ClockError(CadenceError):
    """A `CADENCE_NOW` that is not a date-time."""


def local_zone(env: Mapping[str, str]) -> tzinfo:
    """The system's zone as an IANA zone when it can be named, so DST is right."""
    name = (env.get("TZ") or "").lstrip(":")
    candidates = [name] if name else []
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        with open("/etc/timezone", encoding="utf-8") as file:
            candidates.append(file.read().strip())
    except OSError:
        pass
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ValueError, OSError, KeyError):
            continue
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def plan_zone(timezone: str | None, env: Mapping[str, str]) -> tzinfo:
    return ZoneInfo(timezone) if timezone else local_zone(env)


def now(env: Mapping[str, str], zone: tzinfo) -> datetime:
    """The aware current moment; a naive `CADENCE_NOW` is read in `zone`, a bare date as its noon."""
    value = env.get("CADENCE_NOW")
    if not value:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ClockError(f"CADENCE_NOW is not an ISO date-time like 2026-12-01T09:00: '{value}'") from None
    if not within_years(moment.date()):
        raise ClockError(f"CADENCE_NOW {value} is outside the years cadence plans in ({YEARS[0]} to {YEARS[1]})")
    if len(value.strip()) == 10:
        moment = datetime.combine(moment.date(), time(12, 0))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


class Clock:
    """A clock that runs: the real one, or one started at `CADENCE_NOW` and moving in real time.

    Long-running processes (the daemon, the TUI) read time from here. APScheduler
    sleeps in real time, so an instant is armed at `real(instant)`.
    """

    def __init__(self, start: datetime | None = None) -> None:
        # Reckoned in UTC: two times of one zone subtract as wall times, which
        # are an hour out when a DST change lies between them.
        self.offset = (start - datetime.now(UTC)) if start is not None else timedelta(0)

    @classmethod
    def from_env(cls, env: Mapping[str, str], zone: tzinfo) -> Clock:
        return cls(now(env, zone)) if env.get("CADENCE_NOW") else cls()

    def now(self, zone: tzinfo | None = None) -> datetime:
        moment = datetime.now(UTC) + self.offset
        return moment.astimezone(zone) if zone is not None else moment

    def plan_day(self, plan: Plan, env: Mapping[str, str]) -> date:
        """The plan day it is now, in the plan's zone, after its day_starts."""
        zone = plan_zone(plan.timezone, env)
        return plan_day(self.now(zone), zone, plan.day_starts)

    def real(self, instant: datetime) -> datetime:
        """The real moment at which this clock shows `instant`."""
        return (instant.astimezone(UTC) - self.offset).astimezone(instant.tzinfo)
