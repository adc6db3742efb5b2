"""The one write path: what a person means, turned into events of the log.

- `writes`: check-ins, skips, results, undo and restore, with every guard (the `Recorder`)
- `runs`: a plan's life: its first use, start, shift and repeat-week
- `bounds`: what any door may write: an amount, a level, a note or a reason

No other module builds an event (a test walks the source to keep it so). Events pulled from a hub
passed every guard where they were written: the hub's sync adds them through the store's merge, the
one other write of the log (`hub.sync`).
"""
