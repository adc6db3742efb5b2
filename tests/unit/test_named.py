"""cadence.named builds the same classes as typing.NamedTuple: fields, defaults, methods, docstrings, refusals."""

from __future__ import annotations

import pickle
import typing
from typing import Any

import pytest

from cadence import named
from cadence.core.model import Ramp


def _pair(base: Any) -> Any:
    class Point(base):  # type: ignore[misc]
        """A point on the plane."""

        x: int
        y: int = 0
        label: str = "origin"

        def moved(self, by: int) -> Any:
            return self._replace(x=self.x + by)

        @property
        def total(self) -> int:
            return self.x + self.y

    return Point


def test_a_class_statement_makes_what_typing_makes() -> None:
    ours, theirs = _pair(named.NamedTuple), _pair(typing.NamedTuple)
    assert ours.__bases__ == theirs.__bases__ == (tuple,)
    assert ours._fields == theirs._fields == ("x", "y", "label")
    assert ours._field_defaults == theirs._field_defaults == {"y": 0, "label": "origin"}
    assert ours.__doc__ == theirs.__doc__ == "A point on the plane."
    assert ours.__annotations__ == {"x": "int", "y": "int", "label": "str"}
    assert ours.__module__ == theirs.__module__ == __name__
    assert repr(ours(1)) == repr(theirs(1)) == "Point(x=1, y=0, label='origin')"
    assert ours(1, 2).moved(3) == (4, 2, "origin")
    assert ours(1, 2).total == 3
    assert ours(5)._asdict() == {"x": 5, "y": 0, "label": "origin"}
    assert ours(1, 2) == theirs(1, 2) == (1, 2, "origin")
    with pytest.raises(AttributeError):
        ours(1).x = 2


def test_the_core_s_classes_are_plain_tuples_that_pickle() -> None:
    ramp = Ramp(2, 8)
    assert type(ramp).__bases__ == (tuple,)
    assert pickle.loads(pickle.dumps(ramp)) == ramp == (2, 8, None)
    assert isinstance(ramp, tuple)


def test_a_field_without_a_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="the field b without a default follows one with a default"):

        class Wrong(named.NamedTuple):  # type: ignore[misc, valid-type]
            a: int = 1
            b: int


def test_what_namedtuple_owns_cannot_be_overwritten() -> None:
    with pytest.raises(AttributeError, match="cannot overwrite NamedTuple attribute _replace"):

        class Wrong(named.NamedTuple):  # type: ignore[misc, valid-type]
            a: int

            def _replace(self) -> None: ...


def test_an_alias_of_literals_names_str_at_run_time() -> None:
    assert named.Literal["done", "open"] is str
