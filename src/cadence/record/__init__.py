"""The one write path: what a person means, turned into events of the log.

- `writes`: check-ins, skips, results, undo and restore, with every guard (the `Recorder`)
- `runs`: a plan's life: its first use, start, shift and repeat-week
- `merge`: events pulled from a hub, added as the union by global id

No other module builds an event (a test walks the source to keep it so).
"""
