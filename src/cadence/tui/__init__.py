"""The Textual TUI: `cadence` with no arguments. Imported only when the TUI opens."""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    AppPart = App[None]
    ScreenPart = Screen[None]
else:
    AppPart = ScreenPart = object
"""What each part of the app (`ModesApp`, `WritingApp`, `ToastingApp`) and the screens' base (`StateScreen`)
derive from: Textual's App or Screen for the type checker, a plain class at run time. CadenceApp and each
screen alone are made Textual classes, naming their parts ahead of App or Screen: making a Textual class
walks every attribute of its bases."""
