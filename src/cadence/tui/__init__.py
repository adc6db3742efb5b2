"""The Textual TUI: `cadence` with no arguments. Imported only when the TUI opens."""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from textual.app import App

    AppPart = App[None]
else:
    AppPart = object
"""What each part of the app (`ModesApp`, `WritingApp`, `ToastingApp`) derives from: Textual's App for the
type checker, a plain class at run time. CadenceApp alone is made a Textual class, ahead of which it names
its parts: making a Textual class walks every attribute of App's."""
