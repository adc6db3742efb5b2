"""Arguments at the edges of what cadence holds: years near 1 and 9999, nesting 350 deep, a home too long to open,
the daemon with a clock or a store it cannot use. Each is one line and exit 1; nothing is written."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import cadence.store.log
from cadence.errors import UserError
from cadence.plan import load_plan
from cadence.record.runs import open_run
from cadence.record.writes import Entry, Recorder
from cadence.store import Store
from helpers import FIXED_NOW, Cli, PlanWriter, begin_run
from plans import goal, plan, plan_table, task
from stores import hold_lock, release

PLAN = plan(plan_table("Edges", start=date(2026, 11, 30), weeks=2), task("comment", "Comments", target=3))
FLOATING = plan(plan_table("Floating edges", start=None, weeks=2), task("comment", "Comments", target=3))
YEARS = "is outside the years cadence plans in (1000 to 8999)"


def recorded(cli: Cli) -> list[str]:
    """What was recorded: a reading command's first use begins the plan's run, which is no record."""
    events = json.loads(cli("export", "--format", "json").out)["events"]
    return [event["kind"] for event in events if event["kind"] != "start"]


@pytest.mark.parametrize(
    ("args", "now", "message"),
    [
        (("today",), "0001-01-01T01:00", f"CADENCE_NOW 0001-01-01T01:00 {YEARS}"),
        (("today", "--json"), "9999-12-31T23:00", f"CADENCE_NOW 9999-12-31T23:00 {YEARS}"),
        (("status",), "9999-12-31T23:30", f"CADENCE_NOW 9999-12-31T23:30 {YEARS}"),
        (("streak",), "0999-12-31", f"CADENCE_NOW 0999-12-31 {YEARS}"),
        (("review",), "9000-01-01T00:00+14:00", f"CADENCE_NOW 9000-01-01T00:00+14:00 {YEARS}"),
        (("today", "--date", "0001-01-01"), FIXED_NOW, f"the day 0001-01-01 {YEARS}"),
        (("today", "--date", "9999-12-31"), FIXED_NOW, f"the day 9999-12-31 {YEARS}"),
        (("check", "comment", "--date", "0999-12-31"), FIXED_NOW, f"the day 0999-12-31 {YEARS}"),
        (("log", "replies=1", "--date", "0001-01-01"), FIXED_NOW, f"the day 0001-01-01 {YEARS}"),
        (("skip", "--all", "--from", "2026-12-02", "--to", "9999-12-31"), FIXED_NOW, f"the day 9999-12-31 {YEARS}"),
    ],
)
def test_a_day_outside_the_years_cadence_plans_in_is_one_line(
    cli: Cli, write_plan: PlanWriter, args: tuple[str, ...], now: str, message: str
) -> None:
    path = str(write_plan(PLAN))
    result = cli(*args, "--plan", path, CADENCE_NOW=now)
    assert (result.code, result.out, result.err) == (1, "", f"cadence: error: {message}\n")
    assert recorded(cli) == []


def test_a_start_outside_the_years_is_one_line(cli: Cli, write_plan: PlanWriter) -> None:
    path = str(write_plan(FLOATING))
    result = cli("start", "9999-01-01", "--plan", path)
    assert (result.code, result.err) == (1, f"cadence: error: the first day 9999-01-01 {YEARS}\n")


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        (
            plan_table("Edges", start=date(1, 1, 1)),
            3,
            "3:9: error: 'start' in [plan] must be a date in the years 1000 to 8999, not 0001-01-01",
        ),
        (
            plan_table("Edges", start=None, finish=date(9999, 12, 31)),
            5,
            "5:10: error: 'finish' in [plan] must be a date in the years 1000 to 8999, not 9999-12-31",
        ),
        (
            plan_table("Edges", holidays=[date(2026, 12, 25), date(9999, 12, 25)]),
            6,
            "6:25: error: 'holidays' in [plan] item 2 must be a date in the years 1000 to 8999, not 9999-12-25",
        ),
    ],
)
def test_a_plan_date_outside_the_years_is_one_positioned_line(
    cli: Cli, write_plan: PlanWriter, table: str, line: int, message: str
) -> None:
    path = write_plan(plan(table, task("comment", "Comments")))
    result = cli("plan", "check", str(path))
    assert result.code == 1
    assert result.err.splitlines()[0] == f"{path}:{message}"


def test_a_goal_by_a_date_outside_the_years_is_one_positioned_line(cli: Cli, write_plan: PlanWriter) -> None:
    path = write_plan(
        plan(
            plan_table("Edges"),
            task("comment", "Comments"),
            goal("reach", "Reach", metric="replies", target=3, by=date(1, 1, 1)),
        )
    )
    result = cli("plan", "check", str(path))
    assert result.err.splitlines()[0] == (
        f"{path}:16:6: error: 'by' in [[goal]] 'reach' must be a date in the years 1000 to 8999, not 0001-01-01"
    )


@pytest.mark.parametrize(
    ("value", "column"),
    [("{ a = " * 350 + "1" + " }" * 350, 608), ("[" * 1000 + "1" + "]" * 1000, 108)],
)
def test_values_nested_350_deep_or_more_are_one_positioned_line(
    cli: Cli, write_plan: PlanWriter, value: str, column: int
) -> None:
    path = write_plan('[plan]\nname = "Deep"\nweeks = 1\nnote = ' + value + "\n")
    for args in (("plan", "check", str(path)), ("today", "--plan", str(path))):
        result = cli(*args)
        assert result.code == 1
        assert result.err.splitlines()[0] == (
            f"{path}:4:{column}: error: TOML syntax: values nested more than 100 levels deep; a plan needs a few at most"
        )


def test_a_home_longer_than_sqlite_opens_is_one_line(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "/".join(["abcdefgh"] * 60)
    result = cli("check", "comment", "--home", str(home))
    assert (result.code, result.err) == (
        1,
        f"cadence: error: {home / 'cadence.db'} cannot be opened: SQLite opens paths of up to 512 bytes;"
        " use a shorter home\n",
    )


@pytest.mark.parametrize("amount", [math.inf, -math.inf, math.nan, 1e308, 2e6])
def test_the_write_path_refuses_an_amount_no_day_holds_from_any_door(
    store: Store, write_plan: PlanWriter, amount: float
) -> None:
    path = write_plan(PLAN)
    begin_run(store, path)
    schedule = open_run(store, load_plan(path).plan, date(2026, 12, 2), str(path)).schedule
    recorder = Recorder(store, schedule, date(2026, 12, 2), "tui", 1)
    for write in (
        lambda: recorder.correct("comment", date(2026, 12, 2), amount),  # the TUI's digits and +/-
        lambda: recorder.check_in("comment", amount),  # a caller's amount
        lambda: recorder.log([Entry("replies", amount)]),
    ):
        with pytest.raises(UserError, match=r"must be at most 1,000,000, not "):
            write()
    assert [event.kind for event in store.events()] == ["start"]


# --------------------------------------------------------------------------- the daemon


@pytest.fixture
def daemon_logs() -> Iterator[None]:
    """The daemon run in this process logs to its stderr and daemon.log: both are closed after the test."""
    yield
    for handler in logging.getLogger("cadence").handlers[:]:
        handler.close()
        logging.getLogger("cadence").removeHandler(handler)


def test_the_daemon_with_a_clock_that_is_not_a_time_is_one_line_and_starts_nothing(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path
) -> None:
    result = cli("daemon", "--plan", str(write_plan(PLAN)), CADENCE_NOW="half past nine")
    assert (result.code, result.err) == (
        1,
        "cadence: error: CADENCE_NOW is not an ISO date-time like 2026-12-01T09:00: 'half past nine'\n",
    )
    assert not (tmp_path / "home").exists()


def test_the_daemon_on_a_store_another_process_holds_is_one_line(
    cli: Cli, write_plan: PlanWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, daemon_logs: None
) -> None:
    assert cli("export", "--format", "csv").code == 0  # a store, with no run of the plan yet
    monkeypatch.setattr(cadence.store.log, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    db = tmp_path / "home" / "cadence.db"
    holder = hold_lock(db)
    try:
        result = cli("daemon", "--plan", str(write_plan(PLAN)))
    finally:
        release(holder)
    assert (result.code, result.err) == (
        1,
        f"cadence: error: another process has held the write lock of {db} for 0.3 s; nothing was written;"
        " try again when it finishes\n",
    )
    assert recorded(cli) == []


def test_a_plan_path_with_a_line_break_writes_no_systemd_unit(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    odd = write_plan(PLAN, "two\nlines.toml")
    result = cli("daemon", "--install", "--plan", str(odd))
    assert (result.code, result.err) == (
        1,
        f"cadence: error: cannot write a systemd unit for a path with a line break in it: {str(odd.resolve())!r}\n",
    )
    assert not (tmp_path / "config" / "systemd").exists()
