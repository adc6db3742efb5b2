"""cadence.named builds the same classes as typing.NamedTuple: fields, defaults, methods, docstrings, refusals."""

from __future__ import annotations

import copy
import inspect
import pickle
import typing
from collections.abc import Callable
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


def test_the_built_class_takes_and_refuses_arguments_as_typing_s_does() -> None:
    ours, theirs = _pair(named.NamedTuple), _pair(typing.NamedTuple)
    for made in (ours, theirs):
        assert made(x=3, label="here") == (3, 0, "here")
        assert made._make([1, 2, "b"]) == (1, 2, "b")
        assert made(1)._replace(label="moved") == (1, 0, "moved")
        assert made.__match_args__ == ("x", "y", "label")
        assert made.x.__doc__ == "Alias for field number 0"
        parameters = inspect.signature(made).parameters.values()
        assert [(each.name, each.default) for each in parameters] == [
            ("x", inspect.Parameter.empty),
            ("y", 0),
            ("label", "origin"),
        ]
        assert made.__new__.__qualname__ == "Point.__new__"
        assert copy.copy(made(7)) == (7, 0, "origin")
    assert str(inspect.signature(ours)) == "(x, y=0, label='origin')"
    calls: list[Callable[[Any], object]] = [
        lambda made: made(),
        lambda made: made(1, 2, "a", 4),
        lambda made: made(1, z=2),
    ]
    for call in calls:
        with pytest.raises(TypeError) as refused_ours:
            call(ours)
        with pytest.raises(TypeError) as refused_theirs:
            call(theirs)
        assert str(refused_ours.value) == str(refused_theirs.value)
    with pytest.raises(TypeError, match="Expected 3 arguments, got 2"):
        ours._make([1, 2])
    with pytest.raises(ValueError, match=r"Got unexpected field names: \['z'\]"):
        ours(1)._replace(z=2)


def test_one_field_and_no_field() -> None:
    class One(named.NamedTuple):  # type: ignore[misc, valid-type]
        only: int

    class Nothing(named.NamedTuple):  # type: ignore[misc, valid-type]
        pass

    assert One(4) == (4,) and repr(One(4)) == "One(only=4)" and One(only=5).only == 5
    assert Nothing() == () and repr(Nothing()) == "Nothing()" and Nothing.__doc__ == "Nothing()"


def test_a_field_cannot_start_with_an_underscore() -> None:
    with pytest.raises(ValueError, match="a field name cannot start with an underscore: '_hidden'"):

        class Wrong(named.NamedTuple):  # type: ignore[misc, valid-type]
            _hidden: int


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
