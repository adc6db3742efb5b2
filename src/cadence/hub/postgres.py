"""The hub on PostgreSQL: connecting, the hub's row read back, and the `Hub` a member syncs with.

Access is PostgreSQL's own, not cadence's good manners (`hub.schema` says
how): a member's login calls the hub's functions, which read and add only its
own rows (row-level security still binds them, by `session_user`) and number
them per member; a coach's login reads every row and writes none; nothing may
update or delete an event.

The schema carries its version (`cadence.hub`), read back by every connection
that uses it: a hub set up by a newer cadence is refused in one line; one set
up by an older cadence still syncs, through its tables as that cadence did,
until a superuser's `hub init` migrates it (`hub.admin`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

import psycopg

from cadence.hub import Refused, Unreachable
from cadence.hub.config import SyncConfig
from cadence.store.sync import HUB_COLUMNS, HubEvent

HUB_VERSION = 4
"""The hub's schema this cadence knows up to (`hub.schema` holds one script per version; this module does
not import it, so that a sync loads no more than it needs)."""
KEEPER_VERSION = 3
"""From this version on the hub belongs to its keeper, and a member calls its functions."""
LIVE_VERSION = 4
"""From this version on a push notifies the member's other machines and keeps the member's rollup."""
CONNECT_TIMEOUT = 10
"""Seconds to wait for a hub that does not answer."""

_TRANSIENT = ("starting up", "shutting down", "in recovery mode", "too many connections")


def _answered(error: psycopg.Error) -> str | None:
    """What the server said when it answered no at all (a FATAL at connection time), else None."""
    text = str(error)
    if "FATAL:" not in text or any(word in text for word in _TRANSIENT):
        return None
    return text.split("FATAL:", 1)[1].strip().splitlines()[0]


def options(config: SyncConfig, timeout: int = CONNECT_TIMEOUT) -> dict[str, Any]:
    """How cadence connects, beside the URL: as the member, giving up on a hub that does not answer."""
    found: dict[str, Any] = {"application_name": "cadence"}
    if not config.user_in_url:
        found["user"] = config.member
    if "connect_timeout" not in config.url:
        found["connect_timeout"] = timeout
    return found


@contextmanager
def connect(config: SyncConfig, timeout: int = CONNECT_TIMEOUT) -> Iterator[psycopg.Connection[Any]]:
    """A connection to the hub, as the member (or owner) of `config`; one transaction, committed at the end.

    Unreachable: no answer, or the connection was cut off halfway. Refused: the hub answered no.
    """
    try:
        connection = psycopg.connect(config.url, **options(config, timeout))
    except psycopg.OperationalError as error:
        said = _answered(error)
        if said is None:
            raise Unreachable("hub unreachable") from None
        raise Refused(f"the hub refused: {said}") from None
    except psycopg.ProgrammingError as error:
        raise Refused(f"the hub URL is not one PostgreSQL reads: {str(error).strip()}") from None
    try:
        with connection:
            yield connection
    except psycopg.OperationalError:
        raise Unreachable("hub unreachable") from None
    except psycopg.errors.UndefinedTable:
        raise Refused(f"the hub {config.key} is not set up: its owner runs 'cadence hub init'") from None
    except psycopg.errors.InsufficientPrivilege as error:
        raise Refused(f"the hub refused {config.member}: {error.diag.message_primary or error}") from None
    except psycopg.Error as error:
        raise Refused(f"the hub refused: {error.diag.message_primary or str(error).strip()}") from None
    finally:
        connection.close()


class HubRow(NamedTuple):
    """The hub's own row: its id, the version of its schema and its two groups; and whether the login is in them."""

    id: str
    version: int
    members: str
    coaches: str
    member: bool
    coach: bool


def newer(where: str, version: int) -> str:
    return f"{where} was set up by a newer cadence (hub version {version}; this one knows up to {HUB_VERSION})"


def read_row(db: psycopg.Connection[Any], lock: bool = False) -> HubRow | None:
    found = db.execute(
        "SELECT id, version, members, coaches, pg_has_role(members, 'MEMBER'), pg_has_role(coaches, 'MEMBER')"
        f" FROM cadence.hub{' FOR UPDATE' if lock else ''}"
    ).fetchone()
    return None if found is None else HubRow(str(found[0]), int(found[1]), *found[2:])


def hub_row(db: psycopg.Connection[Any], config: SyncConfig) -> HubRow:
    """The hub's row, its version read back: a hub set up by a newer cadence is Refused, in one line."""
    found = read_row(db)
    if found is None:
        raise Refused(f"the hub {config.key} is not set up: its owner runs 'cadence hub init'")
    if found.version > HUB_VERSION:
        raise Refused(f"{newer(f'the hub {config.key}', found.version)}; upgrade cadence to use it")
    return found


_TYPES = {
    "uid": "bigint",
    "batch_uid": "bigint",
    "target_uid": "bigint",
    "lamport": "bigint",
    "amount": "float8",
    "run": "integer",
    "run_pass": "integer",
}
_ARRAYS = ", ".join("%s::" + _TYPES.get(column, "text") + "[]" for column in HUB_COLUMNS)


class Statements(NamedTuple):
    """How a member's machine holds, reads and adds to its rows, on a hub of some version."""

    hold: str
    pull: str
    push: str
    put_plan: str


FUNCTIONS = Statements(
    "SELECT cadence.hold()",
    "SELECT * FROM cadence.pull(%s)",
    f"SELECT * FROM cadence.push({_ARRAYS})",
    "SELECT cadence.put_plan(%s, %s)",
)
"""From version 3: the hub's functions, which see the member's own rows only and number them per member."""
TABLES = Statements(
    "SELECT pg_advisory_xact_lock(hashtextextended('cadence:' || current_user, 0))",
    f"SELECT {', '.join(HUB_COLUMNS)}, seq FROM cadence.events WHERE member = current_user AND seq > %s ORDER BY seq",
    f"INSERT INTO cadence.events ({', '.join(HUB_COLUMNS)}) SELECT * FROM unnest({_ARRAYS})"
    " ON CONFLICT (member, uid) DO NOTHING RETURNING seq",
    "INSERT INTO cadence.plans (name, text) VALUES (%s, %s) ON CONFLICT (member, name)"
    " DO UPDATE SET text = excluded.text, updated = now()",
)
"""Versions 1 and 2, until a superuser's `hub init` migrates them: the tables, under row-level security."""
CHUNK = 5000
"""Events sent in one statement (an array per column)."""


class PostgresHub:
    """The `Hub` of `hub.sync` on PostgreSQL: the member's own rows, in the transaction that `member` holds."""

    def __init__(self, db: psycopg.Connection[Any], row: HubRow) -> None:
        self.db = db
        self.row = row
        self.sql = FUNCTIONS if row.version >= KEEPER_VERSION else TABLES

    def identity(self) -> str | None:
        return self.row.id

    def pull(self, after: int) -> list[HubEvent]:
        return [HubEvent(*row) for row in self.db.execute(self.sql.pull, (after,)).fetchall()]

    def push(self, events: Sequence[HubEvent]) -> list[int]:
        numbers: list[int] = []
        for first in range(0, len(events), CHUNK):
            chunk = events[first : first + CHUNK]
            columns = [list(values) for values in zip(*chunk, strict=True)][: len(HUB_COLUMNS)]
            numbers += [row[0] for row in self.db.execute(self.sql.push, columns).fetchall()]
        return numbers

    def put_plan(self, name: str, text: str) -> None:
        self.db.execute(self.sql.put_plan, (name, text))

    def put_summary(self, text: str) -> None:
        if self.row.version >= LIVE_VERSION:  # an older hub keeps no rollups: its coach counts from events
            self.db.execute("SELECT cadence.put_summary(%s)", (text,))


@contextmanager
def member(config: SyncConfig) -> Iterator[PostgresHub]:
    """The hub as the member of `config` syncs with it: one transaction, under the member's lock (so the
    member's rows are committed in the order of their numbers), committed when `with` ends."""
    with connect(config) as db:
        row = hub_row(db, config)
        if not row.member:
            raise Refused(
                f"the hub refused {config.member}: {config.member} is not a member of this hub (a coach syncs no events)"
            )
        hub = PostgresHub(db, row)
        db.execute(hub.sql.hold)
        yield hub
