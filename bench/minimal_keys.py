"""The baseline for a key press: a minimal Textual app whose one label counts the presses of space."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Label


class Keys(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("space", "press", "Press")]
    count = 0

    def compose(self) -> ComposeResult:
        yield Label("presses 0", id="label")

    def action_press(self) -> None:
        self.count += 1
        self.query_one("#label", Label).update(f"presses {self.count}")


if __name__ == "__main__":
    Keys().run()
