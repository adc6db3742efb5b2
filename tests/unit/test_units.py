"""A unit reads right with its number, whether the plan wrote it singular or plural."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.core.units import fraction, quantity, unit_for


@pytest.mark.parametrize(
    ("unit", "one", "two"),
    [
        ("posts", "1 post", "2 posts"),
        ("post", "1 post", "2 posts"),
        ("times", "1 time", "2 times"),
        ("session", "1 session", "2 sessions"),
        ("sessions", "1 session", "2 sessions"),
        ("blocks", "1 block", "2 blocks"),
        ("replies", "1 reply", "2 replies"),
        ("reply", "1 reply", "2 replies"),
        ("boxes", "1 box", "2 boxes"),
        ("classes", "1 class", "2 classes"),
        ("push-ups", "1 push-up", "2 push-ups"),
        ("people", "1 person", "2 people"),
        ("analysis", "1 analysis", "2 analyses"),
        ("cups of tea", "1 cup of tea", "2 cups of tea"),
        ("long reads", "1 long read", "2 long reads"),
        ("km", "1 km", "2 km"),
        ("min", "1 min", "2 min"),
    ],
)
def test_one_and_many(unit: str, one: str, two: str) -> None:
    assert (quantity(1, unit), quantity(2, unit)) == (one, two)


def test_zero_and_fractions_read_as_many() -> None:
    assert quantity(0, "post") == "0 posts"
    assert quantity(1.5, "hour") == "1.5 hours"
    assert fraction(0, 1, "posts") == "0/1 post"
    assert fraction(2, 3, "comment") == "2/3 comments"


WORDS = st.sampled_from(["post", "comment", "note", "reply", "story", "box", "dish", "class", "session", "email",
                         "message", "page", "minute", "person", "push-up", "km"])  # fmt: skip


@given(WORDS, st.integers(0, 1000))
def test_singular_or_plural_in_the_plan_reads_the_same(word: str, count: int) -> None:
    plural = unit_for(2, word)
    assert unit_for(count, word) == unit_for(count, plural)
    assert unit_for(1, plural) == word
