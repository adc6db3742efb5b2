"""`NamedTuple` for the modules a prompt's command imports, without importing `typing`.

`typing` costs a `cadence today` a few milliseconds of its start-up (and brings `re`),
only to build classes that `collections.namedtuple` builds as well. A module on that
path writes

    if TYPE_CHECKING:
        from typing import NamedTuple
    else:
        from cadence.named import NamedTuple

so that the type checker sees `typing.NamedTuple` and the running program this
class statement: the same fields, defaults, methods and docstring, and a class that
is a plain tuple subclass as `collections.namedtuple` makes it (tests/unit/test_named.py
holds the two alike). Annotations are kept as they were written, never evaluated.

The class is built here rather than by `collections.namedtuple`, which compiles a
`__new__` from source for every class (half of its cost; some forty classes are
built on the way to the TUI's first frame). Here `__new__` is compiled once for each
number of fields and given each class's field names as its parameters
(`CodeType.replace`), so it takes the same arguments by position and by name, with
the same defaults, as namedtuple's. The other methods are shared by every class.
"""

from __future__ import annotations

import sys
from types import FunctionType

try:
    from _collections import _tuplegetter  # type: ignore[import-not-found]  # the C field accessor collections.namedtuple uses
except ImportError:  # pragma: no cover - an interpreter without it
    from operator import itemgetter

    def _tuplegetter(index: int, doc: str) -> property:
        return property(itemgetter(index), doc=doc)


TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import CodeType
    from typing import Any

_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
_PROHIBITED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make", "_replace"}
    | {"_asdict", "_source"}
)

_NEW_GLOBALS: dict[str, object] = {"_tuple_new": tuple.__new__, "__builtins__": {}}
_NEW_CODE: dict[int, CodeType] = {}


def _new_code(count: int) -> CodeType:
    """`__new__(_cls, _0, _1, ...)` for `count` fields, compiled once for each count."""
    code = _NEW_CODE.get(count)
    if code is None:
        names = ", ".join(f"_{index}" for index in range(count))
        made: dict[str, Any] = {}
        comma = "," if count == 1 else ""
        exec(f"def __new__(_cls, {names}):\n    return _tuple_new(_cls, ({names}{comma}))", _NEW_GLOBALS, made)
        code = _NEW_CODE[count] = made["__new__"].__code__
    return code


def _alias(index: int) -> str:
    return sys.intern(f"Alias for field number {index}")


@classmethod  # type: ignore[misc]
def _make(cls: type[tuple[object, ...]], iterable: Iterable[object]) -> tuple[object, ...]:
    """Make a new object from a sequence or iterable."""
    result = tuple.__new__(cls, iterable)
    expected = len(cls._fields)  # type: ignore[attr-defined]
    if len(result) != expected:
        raise TypeError(f"Expected {expected} arguments, got {len(result)}")
    return result


def _replace(self: Any, /, **kwds: object) -> Any:
    """Return a new object replacing specified fields with new values."""
    result = self._make(map(kwds.pop, self._fields, self))
    if kwds:
        raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
    return result


def __repr__(self: Any) -> str:
    """Return a nicely formatted representation string."""
    fields = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True))
    return f"{self.__class__.__name__}({fields})"


def _asdict(self: Any) -> dict[str, object]:
    """Return a new dict which maps field names to their values."""
    return dict(zip(self._fields, self, strict=True))


def __getnewargs__(self: tuple[object, ...]) -> tuple[object, ...]:
    """Return self as a plain tuple. Used by copy and pickle."""
    return tuple(self)


class _NamedTupleMeta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
        if bases != (NamedTuple,):
            raise TypeError(f"{name}: a NamedTuple has no other base")
        annotations: dict[str, object] = dict(namespace.get("__annotations__", {}))  # type: ignore[call-overload]
        fields = tuple(map(sys.intern, annotations))
        defaults = []
        for field in fields:
            if field.startswith("_"):
                raise ValueError(f"{name}: a field name cannot start with an underscore: {field!r}")
            if field in namespace:
                defaults.append(namespace[field])
            elif defaults:
                raise TypeError(f"{name}: the field {field} without a default follows one with a default")
        new = FunctionType(
            _new_code(len(fields)).replace(co_varnames=("_cls", *fields), co_qualname=f"{name}.__new__"),
            _NEW_GLOBALS,
            "__new__",
            tuple(defaults) or None,
        )
        new.__doc__ = f"Create new instance of {name}({', '.join(fields)})"
        made: dict[str, object] = {
            "__module__": namespace["__module__"],
            "__doc__": f"{name}({', '.join(fields)})",
            "__slots__": (),
            "__annotations__": annotations,
            "_fields": fields,
            "_field_defaults": dict(zip(fields[len(fields) - len(defaults) :], defaults, strict=True)),
            "__new__": new,
            "_make": _make,
            "_replace": _replace,
            "__repr__": __repr__,
            "_asdict": _asdict,
            "__getnewargs__": __getnewargs__,
            "__match_args__": fields,
        }
        for index, field in enumerate(fields):
            made[field] = _tuplegetter(index, _alias(index))
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"{name}: cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in fields:
                made[key] = value
        return type.__new__(type, name, (tuple,), made)


NamedTuple = type.__new__(_NamedTupleMeta, "NamedTuple", (), {"__module__": __name__})
"""The base a class statement names; the class it makes has `tuple` as its only base, as with typing's."""


class _LiteralForm:
    """`Literal[...]` as the running program reads an alias such as `Status = Literal["done", ...]`: the
    alias names `str`, which every value it allows is; the type checker reads typing's."""

    def __getitem__(self, values: object) -> type[str]:
        return str


Literal = _LiteralForm()
