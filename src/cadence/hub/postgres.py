"""The hub on PostgreSQL: connecting, the `Hub` a member syncs with, the schema, its row-level security and roles.

The only module that imports psycopg. Access is PostgreSQL's own, not
cadence's good manners:

- every member is a login role in the hub's member group; a member may insert
  and read only rows whose `member` is its own role (row-level security, forced
  on the table's owner too), and nothing may be updated or deleted; the hub
  numbers the rows itself (a member inserts an event's own columns only);
- a coach is a login role in the coach group: it reads every row and writes none;
- the owner (who ran `hub init`) keeps the roster of members and coaches.

The schema carries its version (`cadence.hub`), read back by every connection
that uses it: a hub set up by a newer cadence is refused in one line; one set
up by an older cadence still syncs, and its owner's next `hub init` migrates
it, forward only, as the store's migrations do.

A role's password is made here, handed out once in a connection URL, and sent
to the server only as a SCRAM verifier: it is in no log, no home and no table.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import psycopg
from psycopg import sql

from cadence.errors import UserError
from cadence.hub import Refused, Unreachable
from cadence.hub.config import SyncConfig
from cadence.store.sync import HUB_COLUMNS, HubEvent

SCHEMA = "cadence"
CONNECT_TIMEOUT = 10
"""Seconds to wait for a hub that does not answer."""
ROLE_NAME = r"^[a-z][a-z0-9_.-]{0,62}$"

_TRANSIENT = ("starting up", "shutting down", "in recovery mode", "too many connections")


def _answered(error: psycopg.Error) -> str | None:
    """What the server said when it answered no at all (a FATAL at connection time), else None."""
    text = str(error)
    if "FATAL:" not in text or any(word in text for word in _TRANSIENT):
        return None
    return text.split("FATAL:", 1)[1].strip().splitlines()[0]


@contextmanager
def connect(config: SyncConfig, timeout: int = CONNECT_TIMEOUT) -> Iterator[psycopg.Connection[Any]]:
    """A connection to the hub, as the member (or owner) of `config`; one transaction, committed at the end.

    Unreachable: no answer, or the connection was cut off halfway. Refused: the hub answered no.
    """
    options: dict[str, Any] = {"application_name": "cadence"}
    if not config.user_in_url:
        options["user"] = config.member
    if "connect_timeout" not in config.url:
        options["connect_timeout"] = timeout
    try:
        connection = psycopg.connect(config.url, **options)
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
    """The hub's own row: its id, the version of its schema, and its two groups."""

    id: str
    version: int
    members: str
    coaches: str


def newer(where: str, version: int) -> str:
    return f"{where} was set up by a newer cadence (hub version {version}; this one knows up to {HUB_VERSION})"


def _row(db: psycopg.Connection[Any], lock: bool = False) -> HubRow | None:
    found = db.execute(f"SELECT id, version, members, coaches FROM cadence.hub{' FOR UPDATE' if lock else ''}")
    row = found.fetchone()
    return None if row is None else HubRow(str(row[0]), int(row[1]), str(row[2]), str(row[3]))


def hub_row(db: psycopg.Connection[Any], config: SyncConfig) -> HubRow:
    """The hub's row, its version read back: a hub set up by a newer cadence is Refused, in one line."""
    found = _row(db)
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
_INSERT = (
    f"INSERT INTO cadence.events ({', '.join(HUB_COLUMNS)}) SELECT * FROM unnest({_ARRAYS})"
    " ON CONFLICT (member, uid) DO NOTHING RETURNING seq"
)
_PULL = (
    f"SELECT {', '.join(HUB_COLUMNS)}, seq FROM cadence.events WHERE member = current_user AND seq > %s ORDER BY seq"
)
CHUNK = 5000
"""Events sent in one statement (an array per column)."""


class PostgresHub:
    """The `Hub` of `hub.sync` on PostgreSQL: the member's own rows (row-level security sees to it), in the
    transaction that `member` holds."""

    def __init__(self, db: psycopg.Connection[Any], row: HubRow) -> None:
        self.db = db
        self.row = row

    def identity(self) -> str | None:
        return self.row.id

    def pull(self, after: int) -> list[HubEvent]:
        return [HubEvent(*row) for row in self.db.execute(_PULL, (after,)).fetchall()]

    def push(self, events: Sequence[HubEvent]) -> list[int]:
        numbers: list[int] = []
        for first in range(0, len(events), CHUNK):
            chunk = events[first : first + CHUNK]
            columns = [list(values) for values in zip(*chunk, strict=True)][: len(HUB_COLUMNS)]
            numbers += [row[0] for row in self.db.execute(_INSERT, columns).fetchall()]
        return numbers

    def put_plan(self, name: str, text: str) -> None:
        self.db.execute(
            "INSERT INTO cadence.plans (name, text) VALUES (%s, %s) ON CONFLICT (member, name)"
            " DO UPDATE SET text = excluded.text, updated = now()",
            (name, text),
        )


@contextmanager
def member(config: SyncConfig) -> Iterator[PostgresHub]:
    """The hub as the member of `config` syncs with it: one transaction, under the member's advisory lock (so
    the member's rows are committed in the order of their numbers), committed when `with` ends."""
    with connect(config) as db:
        db.execute("SELECT pg_advisory_xact_lock(hashtextextended('cadence:' || current_user, 0))")
        yield PostgresHub(db, hub_row(db, config))


# --------------------------------------------------------------------------- the schema


_TABLES = """
CREATE TABLE cadence.hub (
    id      text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text),
    version integer NOT NULL,
    members text NOT NULL,
    coaches text NOT NULL
);
CREATE TABLE cadence.members (
    name  text PRIMARY KEY,
    kind  text NOT NULL CHECK (kind IN ('member', 'coach')),
    added timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE cadence.events (
    seq        bigserial PRIMARY KEY,
    member     text NOT NULL DEFAULT current_user,
    uid        bigint NOT NULL,
    origin     text NOT NULL,
    batch_uid  bigint NOT NULL,
    lamport    bigint NOT NULL,
    recorded   text NOT NULL,
    kind       text NOT NULL,
    task       text,
    day        text,
    until      text,
    metric     text,
    amount     double precision,
    note       text,
    target_uid bigint,
    source     text NOT NULL,
    plan       text,
    run        integer,
    run_plan   text,
    run_pass   integer,
    received   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (member, uid)
);
CREATE INDEX events_member_seq ON cadence.events (member, seq);
CREATE TABLE cadence.plans (
    member  text NOT NULL DEFAULT current_user,
    name    text NOT NULL,
    text    text NOT NULL,
    updated timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member, name)
);
"""

_POLICIES = """
ALTER TABLE cadence.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE cadence.events FORCE ROW LEVEL SECURITY;
CREATE POLICY member_reads_own ON cadence.events FOR SELECT TO {members} USING (member = current_user);
CREATE POLICY member_adds_own ON cadence.events FOR INSERT TO {members} WITH CHECK (member = current_user);
CREATE POLICY coach_reads_all ON cadence.events FOR SELECT TO {coaches} USING (true);
ALTER TABLE cadence.plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE cadence.plans FORCE ROW LEVEL SECURITY;
CREATE POLICY member_keeps_own ON cadence.plans FOR ALL TO {members}
    USING (member = current_user) WITH CHECK (member = current_user);
CREATE POLICY coach_reads_plans ON cadence.plans FOR SELECT TO {coaches} USING (true);
ALTER TABLE cadence.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE cadence.members FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_keeps_roster ON cadence.members FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY coach_reads_roster ON cadence.members FOR SELECT TO {coaches} USING (true);
REVOKE ALL ON SCHEMA cadence FROM PUBLIC;
GRANT USAGE ON SCHEMA cadence TO {members}, {coaches};
GRANT SELECT ON cadence.hub TO {members}, {coaches};
GRANT SELECT, INSERT ON cadence.events TO {members};
GRANT USAGE ON SEQUENCE cadence.events_seq_seq TO {members};
GRANT SELECT, INSERT, UPDATE ON cadence.plans TO {members};
GRANT SELECT ON cadence.events, cadence.plans, cadence.members TO {coaches};
"""

_OWN_COLUMNS = f"""
REVOKE INSERT ON cadence.events FROM {{members}};
GRANT INSERT ({", ".join(HUB_COLUMNS)}, member) ON cadence.events TO {{members}};
"""
"""Version 2: a member inserts an event's own columns, never the hub's row number or time of arrival, so no
machine of the member's can number a row past the others' marks."""

MIGRATIONS = (_TABLES + _POLICIES, _OWN_COLUMNS)
"""The hub's schema, one script per version, applied forward only by `hub init`."""
HUB_VERSION = len(MIGRATIONS)


def statements(script: str, **roles: str) -> Iterator[sql.Composed]:
    names = {name: sql.Identifier(role) for name, role in roles.items()}
    for statement in script.split(";"):
        if statement.strip():
            yield sql.SQL(statement.strip()).format(**names)


def group_roles(database: str) -> tuple[str, str]:
    """The hub's member and coach groups, one pair per database, so two hubs on one server stay apart."""
    members, coaches = f"{database}_cadence_members", f"{database}_cadence_coaches"
    if len(coaches.encode()) > 63:
        raise UserError(f"the database name '{database}' is too long for the hub's role names; use a shorter one")
    return members, coaches


def init(config: SyncConfig) -> str:
    """Create the schema, its policies and the two group roles, or bring a hub that an older cadence set up
    to this version; what was done, in words."""
    with connect(config) as db:
        database = db.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        if db.execute("SELECT to_regclass('cadence.hub')").fetchone()[0]:  # type: ignore[index]
            found = _row(db, lock=True)  # held until the end: two owners migrate one after the other
            assert found is not None
            where = f"the hub in database {database}"
            if found.version > HUB_VERSION:
                raise UserError(f"{newer(where, found.version)}; nothing changed; upgrade cadence to manage it")
            if found.version == HUB_VERSION:
                return f"The hub in database {database} is already set up; nothing changed."
            _migrate(db, found.version, found.members, found.coaches)
            return (
                f"Brought the hub in database {database} from version {found.version} to {HUB_VERSION};"
                " its members and coaches keep their URLs."
            )
        members, coaches = group_roles(database)
        for role in (members, coaches):
            if not db.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                db.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        db.execute("CREATE SCHEMA cadence")
        _migrate(db, 0, members, coaches)
    return (
        f"Set up the hub in database {database}: its tables, row-level security, and the roles"
        f" {members} and {coaches}. Add people with 'cadence hub add-member NAME' and 'add-coach NAME'."
    )


def _migrate(db: psycopg.Connection[Any], version: int, members: str, coaches: str) -> None:
    """The migrations after `version`, and this version written: in the owner's one transaction."""
    for script in MIGRATIONS[version:]:
        for statement in statements(script, members=members, coaches=coaches):
            db.execute(statement)
    if version == 0:
        db.execute(
            "INSERT INTO cadence.hub (version, members, coaches) VALUES (%s, %s, %s)", (HUB_VERSION, members, coaches)
        )
    else:
        db.execute("UPDATE cadence.hub SET version = %s", (HUB_VERSION,))


def add_role(config: SyncConfig, name: str, kind: str) -> str:
    """A login role for a member or a coach, with a new password; the connection URL to hand out."""
    import re

    if not re.match(ROLE_NAME, name):
        raise UserError(
            f"'{name}' cannot be a {kind}'s name: lower-case letters, digits, '_', '.' or '-', starting with a letter"
        )
    password = secrets.token_urlsafe(18)
    with connect(config) as db:
        found = hub_row(db, config)
        group = found.members if kind == "member" else found.coaches
        if db.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            raise UserError(f"a role named '{name}' already exists on this server; choose another name")
        verifier = db.pgconn.encrypt_password(password.encode(), name.encode()).decode()
        db.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(name), sql.Literal(verifier), sql.Identifier(group)
            )
        )
        db.execute("INSERT INTO cadence.members (name, kind) VALUES (%s, %s)", (name, kind))
    return handed_out(config.url, name, password)


def handed_out(url: str, name: str, password: str) -> str:
    """The owner's URL with another role and its password: where and how the new role connects."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in ("user", "password")], safe="/")
    return parts._replace(netloc=f"{quote(name, safe='')}:{quote(password, safe='')}@{host}", query=query).geturl()
