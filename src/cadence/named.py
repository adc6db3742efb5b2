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
is a plain `collections.namedtuple` (tests/unit/test_named.py holds the two alike).
Annotations are kept as they were written, never evaluated.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
_PROHIBITED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make", "_replace"}
    | {"_asdict", "_source"}
)


class _NamedTupleMeta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
        if bases != (NamedTuple,):
            raise TypeError(f"{name}: a NamedTuple has no other base")
        fields: dict[str, object] = dict(namespace.get("__annotations__", {}))  # type: ignore[call-overload]
        defaults = []
        for field in fields:
            if field in namespace:
                defaults.append(namespace[field])
            elif defaults:
                raise TypeError(f"{name}: the field {field} without a default follows one with a default")
        build: Any = namedtuple  # mypy checks only a namedtuple() of literals
        made: type = build(name, fields, defaults=defaults, module=namespace["__module__"])
        made.__annotations__ = fields
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"{name}: cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in fields:
                setattr(made, key, value)
        return made


NamedTuple = type.__new__(_NamedTupleMeta, "NamedTuple", (), {"__module__": __name__})
"""The base a class statement names; the class it makes has `tuple` as its only base, as with typing's."""


class _LiteralForm:
    """`Literal[...]` as the running program reads an alias such as `Status = Literal["done", ...]`: the
    alias names `str`, which every value it allows is; the type checker reads typing's."""

    def __getitem__(self, values: object) -> type[str]:
        return str


Literal = _LiteralForm()
