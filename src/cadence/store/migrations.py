"""The store's schema, as forward-only migrations under `PRAGMA user_version`.

Migration N brings a store from version N-1 to N, inside one transaction. A
migration never drops history: a table it rebuilds is copied whole first.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: when each plan without a fixed start began, so it never moves.
    """
    CREATE TABLE plan_start (
        plan     TEXT PRIMARY KEY,
        start    TEXT NOT NULL,
        recorded TEXT NOT NULL
    );
    """,
    # 2: the event log. Every command writes one batch; undo names the batch it reverses.
    """
    CREATE TABLE events (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        batch        INTEGER NOT NULL,
        recorded     TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('checkin', 'skip', 'result', 'undo')),
        task         TEXT,
        day          TEXT,
        until        TEXT,
        metric       TEXT,
        amount       REAL,
        note         TEXT,
        target_batch INTEGER,
        source       TEXT NOT NULL DEFAULT 'cli'
    );
    CREATE INDEX events_day ON events (day);
    CREATE INDEX events_batch ON events (batch);
    CREATE INDEX events_ranges ON events (until) WHERE until IS NOT NULL;
    CREATE INDEX events_undone ON events (target_batch) WHERE kind = 'undo';
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    """,
    # 3: notifications already sent, by alarm key, so that nothing fires twice.
    """
    CREATE TABLE sent (
        key  TEXT PRIMARY KEY,
        sent TEXT NOT NULL
    );
    """,
    # 4: runs. Every event belongs to a run of a plan; 'start' events begin runs,
    # 'shift' and 'repeat' events adjust them. The log is copied whole into a table
    # that allows the new kinds (SQLite cannot change a CHECK in place); events
    # written before runs existed belong to run 0, which the first plan used
    # afterwards takes as its own.
    """
    CREATE TABLE events_with_runs (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        batch        INTEGER NOT NULL,
        recorded     TEXT NOT NULL,
        kind         TEXT NOT NULL
                     CHECK (kind IN ('checkin', 'skip', 'result', 'undo', 'start', 'shift', 'repeat')),
        task         TEXT,
        day          TEXT,
        until        TEXT,
        metric       TEXT,
        amount       REAL,
        note         TEXT,
        target_batch INTEGER,
        source       TEXT NOT NULL DEFAULT 'cli',
        run          INTEGER,
        plan         TEXT
    );
    INSERT INTO events_with_runs
        (id, batch, recorded, kind, task, day, until, metric, amount, note, target_batch, source, run)
        SELECT id, batch, recorded, kind, task, day, until, metric, amount, note, target_batch, source,
               CASE WHEN kind = 'undo' THEN NULL ELSE 0 END
        FROM events ORDER BY id;
    DROP TABLE events;
    ALTER TABLE events_with_runs RENAME TO events;
    CREATE INDEX events_day ON events (day);
    CREATE INDEX events_batch ON events (batch);
    CREATE INDEX events_ranges ON events (until) WHERE until IS NOT NULL;
    CREATE INDEX events_undone ON events (target_batch) WHERE kind = 'undo';
    CREATE INDEX events_run ON events (run, kind, day);
    CREATE INDEX events_starts ON events (run) WHERE kind = 'start';
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    """,
    # 5: readings. A 'reading' is a level read off a dashboard (followers@372), beside
    # a 'result', which counts new results. Copied whole again to widen the CHECK.
    """
    CREATE TABLE events_with_readings (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        batch        INTEGER NOT NULL,
        recorded     TEXT NOT NULL,
        kind         TEXT NOT NULL
                     CHECK (kind IN ('checkin', 'skip', 'result', 'reading', 'undo', 'start', 'shift', 'repeat')),
        task         TEXT,
        day          TEXT,
        until        TEXT,
        metric       TEXT,
        amount       REAL,
        note         TEXT,
        target_batch INTEGER,
        source       TEXT NOT NULL DEFAULT 'cli',
        run          INTEGER,
        plan         TEXT
    );
    INSERT INTO events_with_readings SELECT * FROM events ORDER BY id;
    DROP TABLE events;
    ALTER TABLE events_with_readings RENAME TO events;
    CREATE INDEX events_day ON events (day);
    CREATE INDEX events_batch ON events (batch);
    CREATE INDEX events_ranges ON events (until) WHERE until IS NOT NULL;
    CREATE INDEX events_undone ON events (target_batch) WHERE kind = 'undo';
    CREATE INDEX events_run ON events (run, kind, day);
    CREATE INDEX events_starts ON events (run) WHERE kind = 'start';
    CREATE INDEX events_metrics ON events (metric, kind) WHERE kind IN ('result', 'reading');
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    """,
    # 6: ids beyond one machine. Every event gets a global id (63 random bits), the machine it
    # came from (a number for a row of `machines`, where this home's own machine is 1) and a
    # Lamport number (after everything its home had seen), which orders the log the same way
    # on every machine; a batch is known everywhere by the global id of its first event, so an
    # undo names the batch it reverses by that. Events written before get new ids, this home's
    # new machine, and their local order. Local ids and batches stay. `received` lists the
    # batches pulled from a hub; `sync_state` is how far each hub was synced (never a password).
    # Copied whole again to add the columns.
    """
    CREATE TABLE machines (
        n  INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE
    );
    INSERT INTO machines (n, id) VALUES (1, lower(hex(randomblob(16))));
    CREATE TABLE events_with_ids (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        batch        INTEGER NOT NULL,
        recorded     TEXT NOT NULL,
        kind         TEXT NOT NULL
                     CHECK (kind IN ('checkin', 'skip', 'result', 'reading', 'undo', 'start', 'shift', 'repeat')),
        task         TEXT,
        day          TEXT,
        until        TEXT,
        metric       TEXT,
        amount       REAL,
        note         TEXT,
        target_batch INTEGER,
        source       TEXT NOT NULL DEFAULT 'cli',
        run          INTEGER,
        plan         TEXT,
        uid          INTEGER NOT NULL DEFAULT (random() & 9223372036854775807),
        origin       INTEGER NOT NULL DEFAULT 1,
        lamport      INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO events_with_ids SELECT *, random() & 9223372036854775807, 1, id FROM events ORDER BY id;
    DROP TABLE events;
    ALTER TABLE events_with_ids RENAME TO events;
    CREATE INDEX events_day ON events (day);
    CREATE INDEX events_batch ON events (batch);
    CREATE INDEX events_ranges ON events (until) WHERE until IS NOT NULL;
    CREATE INDEX events_undone ON events (target_batch) WHERE kind = 'undo';
    CREATE INDEX events_run ON events (run, kind, day);
    CREATE INDEX events_starts ON events (run) WHERE kind = 'start';
    CREATE INDEX events_metrics ON events (metric, kind) WHERE kind IN ('result', 'reading');
    CREATE UNIQUE INDEX events_uid ON events (uid);
    CREATE INDEX events_lamport ON events (lamport);
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TABLE received (
        batch INTEGER PRIMARY KEY
    );
    CREATE TABLE sync_state (
        hub       TEXT PRIMARY KEY,
        pushed    INTEGER NOT NULL DEFAULT 0,
        pulled    INTEGER NOT NULL DEFAULT 0,
        outcome   TEXT NOT NULL DEFAULT 'ok',
        told      INTEGER NOT NULL DEFAULT 0,
        tried     TEXT,
        plan_sent TEXT,
        hub_id    TEXT
    );
    """,
    # 7: the phone's check-in page (`cadence serve`). A paired device is known by the SHA-256 of its
    # token, never the token itself; a pairing link by the SHA-256 of its one-time code, until it is
    # used or expires. Not events: a device's pairing and revocation are not the person's history.
    """
    CREATE TABLE devices (
        name      TEXT PRIMARY KEY,
        token     TEXT NOT NULL UNIQUE,
        paired    TEXT NOT NULL,
        last_seen TEXT
    );
    CREATE TABLE pairings (
        code    TEXT PRIMARY KEY,
        expires TEXT NOT NULL,
        used    TEXT
    );
    """,
    # 8: a plan that learns. A 'rating' is an answer of the weekly automaticity check (task, day, amount 1-7,
    # or none: skipped); a 'plan-revised' is `cadence adapt --apply` rewriting the plan file, its note the
    # file's text before and after (JSON), so that undo restores it. Copied whole again to widen the CHECK.
    """
    CREATE TABLE events_that_learn (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        batch        INTEGER NOT NULL,
        recorded     TEXT NOT NULL,
        kind         TEXT NOT NULL
                     CHECK (kind IN ('checkin', 'skip', 'result', 'reading', 'undo', 'start', 'shift', 'repeat',
                                     'rating', 'plan-revised')),
        task         TEXT,
        day          TEXT,
        until        TEXT,
        metric       TEXT,
        amount       REAL,
        note         TEXT,
        target_batch INTEGER,
        source       TEXT NOT NULL DEFAULT 'cli',
        run          INTEGER,
        plan         TEXT,
        uid          INTEGER NOT NULL DEFAULT (random() & 9223372036854775807),
        origin       INTEGER NOT NULL DEFAULT 1,
        lamport      INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO events_that_learn SELECT * FROM events ORDER BY id;
    DROP TABLE events;
    ALTER TABLE events_that_learn RENAME TO events;
    CREATE INDEX events_day ON events (day);
    CREATE INDEX events_batch ON events (batch);
    CREATE INDEX events_ranges ON events (until) WHERE until IS NOT NULL;
    CREATE INDEX events_undone ON events (target_batch) WHERE kind = 'undo';
    CREATE INDEX events_run ON events (run, kind, day);
    CREATE INDEX events_starts ON events (run) WHERE kind = 'start';
    CREATE INDEX events_metrics ON events (metric, kind) WHERE kind IN ('result', 'reading');
    CREATE UNIQUE INDEX events_uid ON events (uid);
    CREATE INDEX events_lamport ON events (lamport);
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    """,
    # 9: the settled past of each run, folded (`store/folds.py`): a cache that is dropped, never trusted, when
    # an event is dated before it, an undo or a redo is written, or the plan or the run's layout is another.
    """
    CREATE TABLE folds (
        run        INTEGER PRIMARY KEY,
        key        TEXT NOT NULL,
        last_event INTEGER NOT NULL,
        through    TEXT NOT NULL,
        state      BLOB NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """The statements of a migration script, run one by one inside its transaction.

    (`executescript` would commit first.) A trigger body keeps its inner semicolons.
    """
    statements: list[str] = []
    current = ""
    for part in script.split(";"):
        current += part + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \n;"):
                statements.append(current.strip())
            current = ""
    return statements
