"""A task's unit in the number it goes with: "1 post", "2 posts", whether the plan wrote "post" or "posts".

A plan says `unit = "comments"` or `unit = "comment"`; every surface shows the
form that fits the number: singular for exactly 1, plural otherwise (0, 2, 1.5).
English plurals by the usual rules (replies/reply, boxes/box, notes/note), a few
irregular words, and units that do not change (abbreviations like km or min).
In "cups of tea" the word before "of" is the one that changes. Pure: standard library only.
"""

from __future__ import annotations

from functools import lru_cache

IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women", "foot": "feet"}
SAME = frozenset({"km", "mi", "m", "min", "h", "hr", "kg", "lb", "lbs", "k", "series", "news", "species", "info"})
"""Units written the same for one and for many."""
_SINGULAR = {plural: one for one, plural in IRREGULAR.items()}
_SIBILANT = ("s", "x", "z", "ch", "sh")


def _one(word: str) -> str:
    """The singular of one word (itself when it already is)."""
    lower = word.lower()
    if lower in SAME or not lower.replace("-", "").isalpha():
        return word
    if lower in _SINGULAR:
        return _SINGULAR[lower]
    if lower in IRREGULAR:
        return word
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith("yses"):
        return word[:-2] + "is"
    if lower.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 2:
        return word[:-1]
    return word


def _many(word: str) -> str:
    """The plural of one word."""
    one = _one(word)
    lower = one.lower()
    if lower in SAME or not lower.replace("-", "").isalpha():
        return one
    if lower in IRREGULAR:
        return IRREGULAR[lower]
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return one[:-1] + "ies"
    if lower.endswith("is") and len(lower) > 3:
        return one[:-2] + "es"
    if lower.endswith(_SIBILANT):
        return one + "es"
    return one + "s"


@lru_cache(maxsize=1024)  # a screen asks for the same few units on every repaint
def _inflect(unit: str, singular: bool) -> str:
    change = _one if singular else _many
    head, sep, tail = unit.partition(" of ")
    if sep:
        return _inflect(head, singular) + sep + tail
    words = unit.split(" ")
    return " ".join([*words[:-1], change(words[-1])]) if words[-1] else unit


def unit_for(count: float, unit: str) -> str:
    """The unit as it reads after `count`: singular for exactly 1, else plural."""
    return _inflect(unit, count == 1)


def quantity(count: float, unit: str) -> str:
    """ "1 post", "2 posts", "1.5 hours": a number and its unit."""
    return f"{count:g} {unit_for(count, unit)}"


def fraction(done: float, target: float, unit: str) -> str:
    """ "2/3 comments", "0/1 post": done of a target, the unit read after the target."""
    return f"{done:g}/{target:g} {unit_for(target, unit)}"
