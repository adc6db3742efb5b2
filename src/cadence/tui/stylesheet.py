"""Textual's stylesheet, each source parsed once for the CSS variables in use, and kept for the next start.

Parsing the stylesheet (Textual's defaults for its widgets and cadence's own
app.tcss, some 6 k characters) is most of the first frame's work beyond a bare
Textual app's, and Textual parses it more than once:

- it refreshes the CSS whenever a mode's first screen is made (Today's, at
  start, before the first frame) and when the theme changes: it sets the
  variables, which throws away every source already parsed, and reparses them
  all in a fresh stylesheet, so the widgets mounted next parse them all a
  third time. Here, variables equal to those in use keep what was parsed with
  them, and a reparse parses only what is not parsed yet;
- every start parses it all again. Here, what was parsed is kept in the cache
  folder (`stylesheet.pickle`) and read back at the next start: used only for
  the very same source text at the same place, with the same variables (the
  theme), by the same cadence, Python and Textual (the size and time of
  Textual's parser and model files). A source with errors is never kept, so
  Textual still finds and says them. A file that cannot be read back, or a
  cache folder that cannot be written, is no error: the stylesheet is parsed.

The kept file holds Textual's own rule objects, written with `pickle`, in the
user's own cache folder (made private to them), as Python keeps its compiled
modules: reading it runs what it names, so nothing else writes there.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Mapping
from contextlib import suppress

import textual
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from cadence import __version__
from cadence.folders import cache_folder, keep_in_cache

FILE = "stylesheet.pickle"
TEXTUAL_FILES = ("__init__.py", "css/parse.py", "css/model.py", "css/styles.py", "css/_styles_builder.py")
"""What Textual parses with and into: a Textual that changed any of them parses again."""

Key = tuple[str, CSSLocation, bool, int, str]
"""A source: its text, where it was read from, whether it is a widget's defaults, its tie breaker, its scope."""


def _stamp() -> tuple[object, ...]:
    package = os.path.dirname(textual.__file__)
    files: list[tuple[int, int] | None] = []
    for name in TEXTUAL_FILES:
        try:
            info = os.stat(os.path.join(package, name))
        except OSError:
            files.append(None)
        else:
            files.append((info.st_size, info.st_mtime_ns))
    return (__version__, sys.hexversion, pickle.HIGHEST_PROTOCOL, package, *files)


class OnceParsed(Stylesheet):
    """A Stylesheet that reparses only for new variables or new sources, and reads back what the last start
    parsed from `folder` (None: nothing is kept)."""

    def __init__(self, *, variables: dict[str, str] | None = None, folder: str | None = None) -> None:
        super().__init__(variables=variables)
        self.variables = dict(variables or {})
        """The variables its parsed sources were parsed with."""
        self.folder = folder
        self.used: dict[Key, list[RuleSet]] = {}
        """Every source parsed or read back with these variables, in this process."""
        self.new = False
        """Whether a source was parsed that the kept file does not hold."""
        self.on_file: tuple[dict[str, str], dict[Key, bytes]] = (
            _read(os.path.join(folder, FILE)) if folder is not None else ({}, {})
        )
        """The kept file's variables and sources, as pickled rules: read back when first used, whenever the
        variables come to be those."""

    @property
    def kept(self) -> dict[Key, bytes]:
        """The kept file's sources when they were parsed with the variables in use, else none."""
        variables, entries = self.on_file
        return entries if variables == self.variables else {}

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self.variables:
            self.variables = dict(variables)
            self.used = {}
            super().set_variables(variables)

    def reparse(self) -> None:
        """Parse what the variables or the sources changed (Textual's parses every source again)."""
        self.parse()

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        """A source's rules: used already, read back from the kept file, or parsed. Textual's one place where a
        source is parsed (a private method: tests/tui/test_stylesheet.py holds what it must do)."""
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = self.used.get(key)
        if rules is not None:
            return rules
        data = self.kept.get(key)
        if data is not None:
            try:
                rules = pickle.loads(data)  # written by `Keeping.write`, in the user's own folder
            except Exception:  # whatever a damaged entry raises: the source is parsed
                del self.kept[key]
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if any(rule.errors for rule in rules):
                return rules  # never kept: Textual says the errors at each start
            self.new = True
        self.used[key] = rules
        return rules

    def to_keep(self) -> Keeping | None:
        """What `Keeping.write` writes, taken on the app's thread: every source parsed or read back with the
        variables in use; None when the kept file holds them all already."""
        if not self.new or self.folder is None:
            return None
        self.new = False
        texts = {read_from: source.content for read_from, source in self.source.items()}
        # a source read since with another text is dropped; one not read yet (another screen's) stays
        kept = {key: data for key, data in self.kept.items() if texts.get(key[1], key[0]) == key[0]}
        parsed = {key: rules for key, rules in self.used.items() if key not in kept}
        return Keeping(self.folder, dict(self.variables), kept, parsed)


class Keeping:
    """Parsed sources to write for the next start (`OnceParsed.to_keep`): `write` may run in a thread, as the
    rules are not changed once parsed."""

    def __init__(
        self, folder: str, variables: dict[str, str], kept: dict[Key, bytes], parsed: dict[Key, list[RuleSet]]
    ) -> None:
        self.folder = folder
        self.variables = variables
        self.kept = kept
        self.parsed = parsed

    def write(self) -> None:
        """Write them, atomically, in a folder only the user can read; nothing is said when it cannot be."""
        entries = dict(self.kept)
        for key, rules in self.parsed.items():
            with suppress(Exception):  # rules pickle cannot write are parsed at each start, as before
                entries[key] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
        data = pickle.dumps((_stamp(), self.variables, entries), protocol=pickle.HIGHEST_PROTOCOL)
        keep_in_cache(self.folder, FILE, data)


def _read(path: str) -> tuple[dict[str, str], dict[Key, bytes]]:
    """The kept file's variables and sources; none when it is missing, damaged or another cadence's."""
    try:
        with open(path, "rb") as file:
            stamp, variables, entries = pickle.loads(file.read())  # see the module's docstring
    except Exception:  # missing, unreadable or damaged: the stylesheet is parsed
        return {}, {}
    if stamp != _stamp() or not isinstance(variables, dict) or not isinstance(entries, dict):
        return {}, {}
    return variables, entries


def app_stylesheet(by_textual: Stylesheet, env: Mapping[str, str]) -> OnceParsed:
    """The app's stylesheet in place of the one Textual made, reading back what the last start parsed from the
    cache folder. It takes the variables Textual's was made with (the app's `get_css_variables`, which costs
    some 0.3 ms to work out again); Textual keeps them in a private attribute."""
    return OnceParsed(variables=by_textual._variables, folder=cache_folder(env))
