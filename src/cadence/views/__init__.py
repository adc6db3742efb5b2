"""What the read commands print, as JSON and as text: one module per command, imported when it runs.

- `today`: `cadence today`
- `plan`: `cadence plan show`
- `progress`: `cadence streak` and `cadence review`
"""
