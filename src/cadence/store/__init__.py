"""The person's history: an SQLite file that is the only copy, so it is treated with care.

The Store keeps the connection's life and the event log (`log`); everything
else is a function over a Store, in a module of its own job:

- `runs`: the runs' questions, and a plan's first run begun once
- `backups`: a copy made now, and a backup brought back without opening the store
- `sync`: what a hub needs of the store: the marks of each hub, what to send, the merge
- `claims`: the alarms sent
- `learning`: the answers of the automaticity check and the revisions of the plan file
- `redo`: the last step undone, applied again (`Store.undo` takes one back)
- below the Store: `events` (what the log holds), `migrations`, `ids` (global ids),
  `writing` (the write lock), `checks` (what a store is; a backup checked before restore),
  `copies` (the ones the home keeps), `restoring` (a restore's steps on files), `faults`
  (a failure in one line)
"""

from cadence.store.events import AUTO, COLUMNS, Event, NewEvent
from cadence.store.log import DB_NAME, Store, StoreError
from cadence.store.runs import Legacy, RunRecord

__all__ = ["AUTO", "COLUMNS", "DB_NAME", "Event", "Legacy", "NewEvent", "RunRecord", "Store", "StoreError"]
