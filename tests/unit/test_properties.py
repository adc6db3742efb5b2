"""Invariants of plan expansion and checking, over generated plans and mutated plan files."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.bundled import bundled_plans
from cadence.core.calendar import Schedule, resolve_start
from cadence.plan import check_text
from cadence.views import plan as views
from strategies import plan_texts

pytestmark = pytest.mark.slow  # hundreds of plans each: about a second apiece


@given(plan_texts())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_every_due_target_is_at_least_one(text: str) -> None:
    plan, diagnostics = check_text(text, "p.toml")
    assert plan is not None, [str(d) for d in diagnostics]
    schedule = Schedule(plan, resolve_start(plan, date(2026, 11, 23)))
    for day in schedule.days():
        for occ in schedule.due_on(day):
            assert occ.target >= 1
            assert not schedule.is_rest_day(day) or occ.task.on_rest_days


@given(plan_texts())
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
def test_plan_show_covers_exactly_weeks_times_seven_days(text: str) -> None:
    plan, _ = check_text(text, "p.toml")
    assert plan is not None
    schedule = Schedule(plan, resolve_start(plan, date(2026, 11, 23)))
    data = views.plan_json(schedule, list(range(1, plan.weeks + 1)))
    days = [day["date"] for week in data["weeks"] for day in week["days"]]
    expected = [(schedule.start + timedelta(days=i)).isoformat() for i in range(7 * plan.weeks)]
    assert days == expected


def _valid_sources() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in bundled_plans().values()]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A bundled plan with a few random edits: characters, tokens or lines."""
    text = draw(st.sampled_from(_valid_sources()))
    tokens = [
        "=",
        "[",
        "]",
        "[[",
        "{",
        "}",
        '"',
        ",",
        "0",
        "-1",
        "105",
        "true",
        "x",
        "weeks",
        "days",
        "id",
        "\n",
        "#",
        "2026-13-40",
        "1.5",
        "'",
        '"""',
        ".",
        "mon",
        "target",
    ]
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        action = draw(
            st.sampled_from(["insert", "delete", "replace-line", "duplicate-line", "drop-line", "swap-value"])
        )
        at = draw(st.integers(0, max(0, len(text) - 1)))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(tokens) | st.text(max_size=3)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        else:
            row = draw(st.integers(0, len(lines) - 1))
            if action == "replace-line":
                lines[row] = draw(st.sampled_from(lines))
            elif action == "duplicate-line":
                lines.insert(row, lines[row])
            elif action == "drop-line":
                del lines[row]
            elif "=" in lines[row]:
                key = lines[row].split("=", 1)[0]
                lines[row] = (
                    key
                    + "= "
                    + draw(
                        st.sampled_from(["0", '"x"', "[]", "{}", "true", "-3", "1979-05-27", "3.5", '["sun"]', "[0]"])
                    )
                )
            text = "\n".join(lines)
    return text


@given(mutated())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_any_mutation_yields_a_plan_or_positioned_errors(text: str) -> None:
    plan, diagnostics = check_text(text, "m.toml")
    line_count = text.count("\n") + 1
    if plan is None:
        assert any(d.severity == "error" for d in diagnostics)
    for diagnostic in diagnostics:
        assert diagnostic.line is not None and diagnostic.col is not None
        assert 1 <= diagnostic.line <= line_count
        assert diagnostic.col >= 1
        assert str(diagnostic).startswith(f"m.toml:{diagnostic.line}:{diagnostic.col}: {diagnostic.severity}: ")
