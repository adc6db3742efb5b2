"""The Textual TUI: `cadence` with no arguments. Imported only when the TUI opens."""
