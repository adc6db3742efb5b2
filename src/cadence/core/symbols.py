"""Each state's symbol, the same on every surface: the TUI's screens and the phone's page.

One symbol per state, every one a single cell wide and unlike the others, so a
state reads without colour.
"""

from __future__ import annotations

SYMBOLS = {
    "done": "✓",
    "partial": "◐",
    "missed": "✗",
    "skipped": "⊘",
    "open": "○",
    "rest": "·",
    "untracked": "–",
    "shifted": "»",
}
