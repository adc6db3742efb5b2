"""cadence.json_out writes what json.dumps(ensure_ascii=False) writes, byte for byte."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.json_out import dumps

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


@given(VALUES, st.sampled_from([None, 0, 2, 4]))
def test_the_text_is_json_dumps_text(value: object, indent: int | None) -> None:
    assert dumps(value, indent=indent) == json.dumps(value, indent=indent, ensure_ascii=False)


def test_a_small_document_written_out() -> None:
    document = {"plan": 'Q"1"\n', "week": 3, "ratio": 0.5, "items": [{"done": True, "left": None}], "none": {}}
    assert dumps(document, indent=2) == (
        "{\n"
        '  "plan": "Q\\"1\\"\\n",\n'
        '  "week": 3,\n'
        '  "ratio": 0.5,\n'
        '  "items": [\n'
        "    {\n"
        '      "done": true,\n'
        '      "left": null\n'
        "    }\n"
        "  ],\n"
        '  "none": {}\n'
        "}"
    )
    assert dumps([1, "\x01", math.inf, -math.inf]) == '[1, "\\u0001", Infinity, -Infinity]'


@pytest.mark.parametrize(("value", "message"), [({(1, 2): 1}, "keys must be str"), ({1, 2}, "not JSON serializable")])
def test_what_json_refuses_is_refused(value: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        dumps(value)
