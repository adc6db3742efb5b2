"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@st.composite
def plan_texts(draw: st.DrawFn) -> str:
    """Valid plans with every kind of target, volume, rest day and schedule."""
    weeks = draw(st.integers(1, 16))
    lines = ["[plan]", 'name = "generated"', "start = 2026-11-23", f"weeks = {weeks}"]
    rest = draw(st.lists(st.sampled_from(WEEKDAY_NAMES), unique=True, max_size=3))
    lines.append(f"rest_days = {rest!r}".replace("'", '"'))
    holidays = draw(st.lists(st.integers(0, 7 * weeks - 1), unique=True, max_size=4))
    lines.append(
        "holidays = [" + ", ".join((date(2026, 11, 23) + timedelta(days=d)).isoformat() for d in holidays) + "]"
    )
    volume = st.sampled_from(["0.1", "0.25", "0.5", "0.6", "0.75", "1.0", "1.1", "1.5", "2"])
    if draw(st.booleans()):
        split = draw(st.integers(1, weeks))
        lines += ["[[phase]]", 'name = "A"', f'weeks = "1-{split}"', f"volume = {draw(volume)}"]
    for number in draw(st.lists(st.integers(1, weeks), unique=True, max_size=3)):
        lines += ["[[week]]", f"number = {number}", f"volume = {draw(volume)}"]
    for index in range(draw(st.integers(1, 5))):
        lines += ["[[task]]", f'id = "t{index}"', 'title = "T"']
        kind = draw(st.sampled_from(["int", "list", "ramp"]))
        if kind == "int":
            lines.append(f"target = {draw(st.integers(1, 50))}")
        elif kind == "list":
            values = draw(st.lists(st.integers(0, 30), min_size=weeks, max_size=weeks).filter(any))
            lines.append(f"target = {values}")
        else:
            start, peak = draw(st.integers(1, 30)), draw(st.integers(1, 30))
            lines.append(f"target = {{ start = {start}, peak = {peak} }}")
            lines.append(f"peak_week = {draw(st.integers(1, weeks))}")
        if draw(st.booleans()):
            lines.append(f"per_week = {draw(st.integers(1, 7))}")
        else:
            days = draw(st.lists(st.sampled_from(WEEKDAY_NAMES), unique=True, min_size=1))
            lines.append(f"days = {days!r}".replace("'", '"'))
        lines.append(f"on_rest_days = {str(draw(st.booleans())).lower()}")
    if draw(st.booleans()):
        lines += ["[[block]]", 'id = "b"', 'title = "B"', 'at = "09:00"', 'duration = "1h"']
    return "\n".join(lines) + "\n"
