"""The app's stylesheet: parsed once for the variables in use, again for new variables or sources, and kept in
the cache folder for the next start."""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

import pytest
from textual.color import Color
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from cadence.tui.app import CadenceApp, make_app
from cadence.tui.stylesheet import FILE, OnceParsed
from life import Factory
from morning import until

RED = {"accent": "#ff0000"}
BLUE = {"accent": "#0000ff"}


def colour(stylesheet: OnceParsed, selector: str) -> Color:
    (rule,) = [rule for rule in stylesheet.rules if rule.selectors == selector]
    return rule.styles.color


def test_the_same_variables_keep_the_rules_parsed_with_them() -> None:
    stylesheet = OnceParsed(variables=RED)
    stylesheet.add_source("Label { color: $accent; }", read_from=("mine.tcss", ""))
    parsed = stylesheet.rules
    stylesheet.set_variables(dict(RED))
    stylesheet.reparse()
    assert [id(rule) for rule in stylesheet.rules] == [id(rule) for rule in parsed]
    assert colour(stylesheet, "Label") == Color(255, 0, 0)


def test_new_variables_parse_every_source_again() -> None:
    stylesheet = OnceParsed(variables=RED)
    stylesheet.add_source("Label { color: $accent; }", read_from=("mine.tcss", ""))
    assert colour(stylesheet, "Label") == Color(255, 0, 0)
    stylesheet.set_variables(BLUE)
    stylesheet.reparse()
    assert colour(stylesheet, "Label") == Color(0, 0, 255)
    assert stylesheet.variables == BLUE


def test_a_new_source_is_parsed_beside_the_kept_ones() -> None:
    stylesheet = OnceParsed(variables=RED)
    stylesheet.add_source("Label { color: $accent; }", read_from=("mine.tcss", ""))
    (label,) = stylesheet.rules
    stylesheet.add_source("Button { color: #00ff00; }", read_from=("theirs.tcss", ""))
    stylesheet.reparse()
    assert stylesheet.rules[0] is label
    assert colour(stylesheet, "Button") == Color(0, 255, 0)


def test_a_wrong_source_is_refused_on_reparse_as_textual_refuses_it() -> None:
    stylesheet = OnceParsed(variables=RED)
    stylesheet.add_source("Label { colour: red; }", read_from=("mine.tcss", ""))
    with pytest.raises(StylesheetParseError):
        stylesheet.reparse()


# --------------------------------------------------------------------------- kept for the next start


def kept(folder: Path, variables: dict[str, str] = RED, *sources: tuple[str, str]) -> OnceParsed:
    """A stylesheet over `folder` with `sources` (text, file) added and parsed."""
    stylesheet = OnceParsed(variables=dict(variables), folder=str(folder))
    for css, name in sources or (("Label { color: $accent; }", "mine.tcss"),):
        stylesheet.add_source(css, read_from=(name, ""))
    stylesheet.parse()
    return stylesheet


def written(stylesheet: OnceParsed) -> None:
    keeping = stylesheet.to_keep()
    assert keeping is not None
    keeping.write()


def test_what_one_start_parsed_the_next_reads_back_without_parsing(tmp_path: Path) -> None:
    first = kept(tmp_path)
    written(first)
    assert first.to_keep() is None  # nothing new since
    second = kept(tmp_path)
    assert second.new is False  # read back, not parsed
    assert colour(second, "Label") == Color(255, 0, 0)
    assert second.to_keep() is None
    assert (tmp_path / FILE).stat().st_mode & 0o777 == 0o600


def test_kept_rules_are_those_textual_parses(tmp_path: Path) -> None:
    css = "Label { color: $accent; padding: 0 1; layout: vertical; } .dialog Input:focus { border: round $accent 30%; }"
    written(kept(tmp_path, RED, (css, "mine.tcss")))
    back = kept(tmp_path, RED, (css, "mine.tcss"))
    fresh = Stylesheet(variables=dict(RED))
    fresh.add_source(css, read_from=("mine.tcss", ""))
    assert back.new is False
    assert [rule.selectors for rule in back.rules] == ["Label", ".dialog Input:focus"]
    for read, parsed in zip(back.rules, fresh.rules, strict=True):
        assert read.selector_set == parsed.selector_set
        assert {name: repr(value) for name, value in read.styles.get_rules().items()} == {
            name: repr(value) for name, value in parsed.styles.get_rules().items()
        }


def test_other_variables_or_another_text_are_parsed_again(tmp_path: Path) -> None:
    written(kept(tmp_path))
    assert kept(tmp_path, BLUE).new is True  # another theme
    changed = kept(tmp_path, RED, ("Label { color: #00ff00; }", "mine.tcss"))
    assert changed.new is True
    assert colour(changed, "Label") == Color(0, 255, 0)
    written(changed)  # the old text of mine.tcss is dropped, not kept beside the new one
    assert [key[0] for key in kept(tmp_path).kept] == ["Label { color: #00ff00; }"]


def test_variables_set_to_those_kept_read_the_kept_sources_back(tmp_path: Path) -> None:
    """The app is made with Textual's default theme, then given the theme config.toml keeps."""
    written(kept(tmp_path, RED))
    stylesheet = OnceParsed(variables=dict(BLUE), folder=str(tmp_path))
    stylesheet.add_source("Label { color: $accent; }", read_from=("mine.tcss", ""))
    assert stylesheet.kept == {}
    stylesheet.set_variables(dict(RED))
    stylesheet.parse()
    assert stylesheet.new is False
    assert colour(stylesheet, "Label") == Color(255, 0, 0)


def test_a_damaged_or_foreign_kept_file_is_parsed_over_without_a_word(tmp_path: Path) -> None:
    (tmp_path / FILE).write_bytes(b"not a pickle")
    assert colour(kept(tmp_path), "Label") == Color(255, 0, 0)
    (tmp_path / FILE).write_bytes(pickle.dumps((("another cadence",), RED, {})))
    assert kept(tmp_path).kept == {}
    written(kept(tmp_path))
    stamp, variables, entries = pickle.loads((tmp_path / FILE).read_bytes())
    (key,) = entries
    (tmp_path / FILE).write_bytes(pickle.dumps((stamp, variables, {key: b"damaged"})))
    again = kept(tmp_path)
    assert again.new is True
    assert colour(again, "Label") == Color(255, 0, 0)


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    stylesheet = kept(tmp_path / "file" / "cadence")  # a folder under a file: never made
    written(stylesheet)
    assert not (tmp_path / "file" / "cadence").exists()


def test_a_source_with_errors_is_never_kept(tmp_path: Path) -> None:
    stylesheet = OnceParsed(variables=dict(RED), folder=str(tmp_path))
    stylesheet.add_source("Label { colour: red; }", read_from=("mine.tcss", ""))
    with pytest.raises(StylesheetParseError):
        stylesheet.parse()
    assert stylesheet.to_keep() is None


async def test_a_start_from_the_kept_stylesheet_draws_today_as_a_start_that_parses_it(life: Factory) -> None:
    first = life(history=False)
    async with first.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: os.path.exists(kept_file(first)))

    async def drawn(app: CadenceApp) -> str:
        async with app.run_test(size=(100, 30)) as pilot:
            # the comeback line (Mon 30 Nov was missed) is drawn in the frame after the first
            await until(pilot, lambda: any(line.display for line in app.screen.query("#comeback")))
            await pilot.pause()
            return screenshot(app)

    state = first.state
    kept_start = make_app(state.source, state.store, state.clock, os.environ, reminders=False)
    assert kept_start.stylesheet.kept  # read back before the first frame
    from_kept = await drawn(kept_start)
    assert kept_start.stylesheet.used.keys() <= kept_start.stylesheet.kept.keys()  # nothing of Today's was parsed
    os.unlink(kept_file(first))
    parsing = make_app(state.source, state.store, state.clock, os.environ, reminders=False)
    assert parsing.stylesheet.kept == {}
    assert await drawn(parsing) == from_kept  # every cell, its colours and styles


async def test_a_start_with_a_kept_theme_reads_back_the_stylesheet_kept_for_it(life: Factory) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "cadence" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('theme = "gruvbox"\n')
    first = life(history=False)
    async with first.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: os.path.exists(kept_file(first)))
    state = first.state
    again = make_app(state.source, state.store, state.clock, os.environ, reminders=False)
    assert again.stylesheet.kept  # read back for gruvbox's colours, set before the first frame
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.stylesheet.used.keys() <= again.stylesheet.kept.keys()  # nothing parsed
        assert again.screen.styles.background == Color.parse("#282828")  # gruvbox's background


def screenshot(app: CadenceApp) -> str:
    """The screen as SVG, without the id Textual makes unique to each export."""
    return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())


def kept_file(app: CadenceApp) -> str:
    assert app.stylesheet.folder is not None
    return os.path.join(app.stylesheet.folder, FILE)
