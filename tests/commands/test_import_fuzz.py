"""Hypothesis against the import reader: whatever a file holds, the answer is events or one ExchangeError."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.exchange.events import ExchangeError, parse
from cadence.store import COLUMNS

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["checkin", "skip", "result", "undo", "start", "2026-12-02", "nan", "inf", "1e308", "1.5"]),
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    events = [
        {column: draw(VALUES) for column in COLUMNS if draw(st.integers(0, 9))} for _ in range(draw(st.integers(0, 3)))
    ]
    body = {"format": "cadence-events", "version": draw(st.sampled_from([1, 2, 3, "2"])), "events": events}
    return json.dumps(body)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    rows = [",".join(COLUMNS)]
    for _ in range(draw(st.integers(0, 3))):
        rows.append(
            ",".join(str(draw(VALUES) or "") for _ in range(draw(st.integers(len(COLUMNS) - 1, len(COLUMNS) + 1))))
        )
    return "\n".join(rows) + "\n"


@pytest.mark.slow  # 300 documents
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents(), csv_texts(), st.text(max_size=200)))
def test_the_reader_answers_with_events_or_one_exchange_error(text: str) -> None:
    try:
        events, _ = parse(text, "fuzz.txt")
    except ExchangeError as error:
        assert "\n" not in str(error)
        return
    for event in events:  # what it accepts is what the store can hold and every view can count
        assert isinstance(event.id, int) and 0 <= event.id < 2**62
        assert event.amount is None or (math.isfinite(event.amount) and abs(event.amount) <= 1e11)
