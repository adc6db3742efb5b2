"""The CSV and JSON exports give back every note exactly: carriage returns, line breaks, quotes, commas, tabs and
any script, through the real import command; the day-by-day CSV, a report, reads back to the notes it was given
as a terminal may show them."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.cli import main
from cadence.core.calendar import Schedule
from cadence.core.status import Ledger
from cadence.exchange.days import days_csv
from cadence.exchange.events import export, parse
from cadence.plan import check_text
from cadence.printable import printable
from cadence.store import Event
from plans import plan, plan_table, task

TRICKY = ["\r", "\r\n", "\n", '"', ",", "\t", ";", "é", "日本", "🙂", " ", "\x1b"]
NOTES = (
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")),
            st.sampled_from(TRICKY),
        ),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .filter(bool)
)
"""What a note can hold: anything typed or imported (NUL aside, which no command line or CSV carries)."""


def check_in(number: int, note: str) -> Event:
    return Event(
        number, number, "2026-12-02T09:00:00+00:00", "checkin", "comment", "2026-12-02", None, None, 1.0, note,
        None, "cli", 1, None, number, "0123456789abcdef0123456789abcdef", number,
    )  # fmt: skip


def test_a_note_with_every_awkward_character_comes_back_exactly(tmp_path: Path) -> None:
    note = 'a\rb\r\nc\nd"e,f\tg é 日本 "quoted", \r'
    for fmt in ("csv", "json"):
        exported = export([check_in(1, note)], [], fmt)
        path = tmp_path / f"log.{fmt}"
        path.write_bytes(exported.encode("utf-8"))  # as `cadence export > log.csv` writes it
        assert parse(path.read_bytes().decode("utf-8"), path.name)[0] == [check_in(1, note)]


@pytest.mark.slow  # 60 homes, each exported, imported and exported again
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(notes=st.lists(NOTES, min_size=1, max_size=3), fmt=st.sampled_from(["csv", "json"]))
def test_export_import_export_through_the_commands_is_the_same_bytes(notes: list[str], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        exported = export([check_in(number, note) for number, note in enumerate(notes, start=1)], [], fmt)
        path = Path(folder) / f"log.{fmt}"
        path.write_bytes(exported.encode("utf-8"))
        env = {**os.environ, "CADENCE_HOME": str(Path(folder) / "home")}
        out = io.StringIO()
        assert main(["import", str(path)], env) == 0

        with redirect_stdout(out):
            assert main(["export", "--format", fmt], env) == 0
        assert out.getvalue() == exported


PLAN = plan(plan_table("Round trip", start=date(2026, 11, 30), weeks=1), task("comment", "Comments"))


@settings(max_examples=100)
@given(notes=st.lists(NOTES, min_size=1, max_size=3), reason=NOTES)
def test_the_day_by_day_csv_reads_back_to_its_notes_and_reasons(notes: list[str], reason: str) -> None:
    loaded, _ = check_text(PLAN, "plan.toml")
    assert loaded is not None
    schedule = Schedule(loaded, date(2026, 11, 30))
    monday, tuesday = date(2026, 11, 30), date(2026, 12, 1)
    ledger = Ledger(
        amounts=MappingProxyType({("comment", monday): 1.0}),
        skips=frozenset({("comment", tuesday)}),
        notes=MappingProxyType({("comment", monday): tuple(notes)}),
        reasons=MappingProxyType({("comment", tuesday): reason}),
    )
    rows = list(csv.DictReader(io.StringIO(days_csv(schedule, ledger, date(2026, 12, 2)), newline="")))
    assert rows[0]["notes"] == printable("; ".join(notes))  # a report, shown as a terminal may show it
    assert rows[1]["skip_reason"] == printable(reason)
    assert [row["date"] for row in rows] == [f"2026-{month:02d}-{day:02d}" for month, day in DAYS]


DAYS = [(11, 30), (12, 1), (12, 2), (12, 3), (12, 4), (12, 5), (12, 6)]


def test_an_export_says_its_events_in_valid_json_whatever_the_notes(tmp_path: Path) -> None:
    exported = export([check_in(1, "\r\n\x1b\u2028")], [], "json")
    assert json.loads(exported)["events"][0]["note"] == "\r\n\x1b\u2028"
