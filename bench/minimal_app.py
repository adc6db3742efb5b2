"""The baseline for start-up: a minimal Textual app showing one label."""

from textual.app import App, ComposeResult
from textual.widgets import Label


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("minimal-textual-app-ready")


if __name__ == "__main__":
    Minimal().run()
