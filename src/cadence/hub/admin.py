"""Setting up a hub and keeping its roster: `hub init` (a superuser's), `add-member` and `add-coach` (its owner's).

A hub belongs to its keeper, a role no one logs in as (`hub.schema`). Only a
superuser of the server can make one and give it the hub's tables, so a
superuser sets a hub up, naming its owner: an ordinary login, which from then
on may add members and coaches through `cadence.add_person` and nothing else.
What would let the owner's login take the hub back (making roles, bypassing
row-level security, owning the database) is taken from it, and `init` says so.
An older hub is brought to this version by a superuser's `hub init` once; the
owner's `hub init` on a hub already set up changes nothing.

A person's password is made here, handed out once in a connection URL, and
sent to the server only as a SCRAM verifier: it is in no log, no home and no
table.
"""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import psycopg
from psycopg import sql

from cadence.errors import UserError
from cadence.hub.config import SyncConfig
from cadence.hub.postgres import HUB_VERSION, KEEPER_VERSION, LIVE_VERSION, connect, hub_row, newer, read_row
from cadence.hub.schema import MIGRATIONS, ROLE_NAME, Roles, hub_roles, statements

_SUPERUSER = "only a superuser of the server may give a hub's tables to a role no one logs in as"


def init(config: SyncConfig, owner: str | None) -> str:
    """Set the hub up in the database of `config`, owned by the login `owner`, or bring a hub that an older
    cadence set up to this version; what was done, in words."""
    with connect(config) as db:
        database = _one(db, "SELECT current_database()")
        superuser = _one(db, "SELECT current_setting('is_superuser') = 'on'")
        roles = hub_roles(database)
        where = f"the hub in database {database}"
        if not _one(db, "SELECT to_regclass('cadence.hub') IS NOT NULL"):
            if not superuser:
                raise UserError(
                    f"{where} is not set up, and {_SUPERUSER}: run 'cadence hub init --owner LOGIN' with a"
                    " superuser's URL; LOGIN, an ordinary login, then adds members and coaches"
                )
            if owner is None:
                raise UserError(
                    "setting up a hub names its owner, the login that adds members and coaches: --owner LOGIN"
                )
            taken = _owner(db, owner, roles)
            db.execute("CREATE SCHEMA cadence")
            _migrate(db, 0, roles, database)
            return (
                f"Set up {where}: its tables, row-level security and functions, which belong to {roles.keeper},"
                f" a role no one logs in as, and the roles {roles.members} and {roles.coaches}. Its owner {owner}"
                f" adds people with 'cadence hub add-member NAME' and 'add-coach NAME'.{_taken(owner, taken)}"
            )
        found = read_row(db, lock=superuser)  # held until the end: two superusers migrate one after the other
        assert found is not None
        if found.version > HUB_VERSION:
            raise UserError(f"{newer(where, found.version)}; nothing changed; upgrade cadence to manage it")
        if found.version == HUB_VERSION:
            if owner is not None and not _one(db, "SELECT pg_has_role(%s, %s, 'MEMBER')", owner, roles.owners):
                raise UserError(
                    f"{where} is already set up, and {owner} is not its owner; nothing changed (a superuser makes"
                    f" another login an owner with GRANT {roles.owners} TO LOGIN)"
                )
            return f"The hub in database {database} is already set up; nothing changed."
        if not superuser:
            why = "gives its tables to" if found.version < KEEPER_VERSION else "changes the tables of"
            raise UserError(
                f"{where} is at version {found.version}, and bringing it to {HUB_VERSION} {why} a role"
                f" no one logs in as, which only a superuser of the server may do: run 'cadence hub init' once"
                " with a superuser's URL; nothing changed"
            )
        owner = owner or _one(db, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'cadence'")
        taken = _owner(db, owner, roles)
        _migrate(db, found.version, roles, database)
    said = f"Brought {where} from version {found.version} to {HUB_VERSION}; its members and coaches keep their URLs."
    if found.version < KEEPER_VERSION:
        said += (
            f" Its tables now belong to {roles.keeper}, a role no one logs in as; its owner {owner} adds members"
            f" and coaches.{_taken(owner, taken)}"
        )
    if found.version < LIVE_VERSION:
        said += " A push now reaches the member's other machines at once, and 'team' reads each member's rollup."
    return said


def _one(db: psycopg.Connection[Any], query: str, *params: Any) -> Any:
    found = db.execute(query, params or None).fetchone()
    assert found is not None
    return found[0]


def _owner(db: psycopg.Connection[Any], owner: str, roles: Roles) -> list[str]:
    """The hub's groups and keeper made, and `owner` made the hub's owner: what was taken from its login that
    would have let it take the hub back."""
    found = db.execute("SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = %s", (owner,))
    attributes = found.fetchone()
    if attributes is None:
        raise UserError(
            f"no login named '{owner}' on this server: make it first (CREATE ROLE \"{owner}\" LOGIN PASSWORD"
            " '...'); nothing changed"
        )
    if attributes[0]:
        raise UserError(
            f"the hub's owner cannot be '{owner}', a superuser of the server: name an ordinary login; nothing changed"
        )
    for role in roles:
        if not db.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            db.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    db.execute(sql.SQL("ALTER ROLE {} NOLOGIN CREATEROLE NOBYPASSRLS").format(sql.Identifier(roles.keeper)))
    if _one(db, "SELECT current_setting('server_version_num')::int >= 160000"):  # CREATEROLE needs ADMIN there
        db.execute(
            sql.SQL("GRANT {}, {} TO {} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE").format(
                sql.Identifier(roles.members), sql.Identifier(roles.coaches), sql.Identifier(roles.keeper)
            )
        )
    db.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.owners), sql.Identifier(owner)))
    taken = [
        what for what, has in (("create roles", attributes[1]), ("bypass row-level security", attributes[2])) if has
    ]
    if taken:
        db.execute(sql.SQL("ALTER ROLE {} NOCREATEROLE NOBYPASSRLS").format(sql.Identifier(owner)))
    return taken


def _taken(owner: str, taken: list[str]) -> str:
    return f" {owner} may no longer {' or '.join(taken)}." if taken else ""


def _migrate(db: psycopg.Connection[Any], version: int, roles: Roles, database: str) -> None:
    """The migrations after `version`, and this version written: in the superuser's one transaction."""
    for script in MIGRATIONS[version:]:
        for statement in statements(script, database=database, **roles._asdict()):
            db.execute(statement)
    if version == 0:
        db.execute(
            "INSERT INTO cadence.hub (version, members, coaches, owners, keeper) VALUES (%s, %s, %s, %s, %s)",
            (HUB_VERSION, roles.members, roles.coaches, roles.owners, roles.keeper),
        )
    else:
        db.execute(
            "UPDATE cadence.hub SET version = %s, owners = %s, keeper = %s", (HUB_VERSION, roles.owners, roles.keeper)
        )


def add_role(config: SyncConfig, name: str, kind: str) -> str:
    """A login role for a member or a coach, with a new password, made by the hub's own function as its owner
    asks; the connection URL to hand out."""
    if not re.match(ROLE_NAME, name):
        raise UserError(
            f"'{name}' cannot be a {kind}'s name: lower-case letters, digits, '_', '.' or '-', starting with a letter"
        )
    password = secrets.token_urlsafe(18)
    with connect(config) as db:
        found = hub_row(db, config)
        if found.version < KEEPER_VERSION:
            raise UserError(
                f"the hub {config.key} is at version {found.version}: a superuser of the server brings it to"
                f" version {HUB_VERSION} with 'cadence hub init' first; nothing changed"
            )
        if _one(db, "SELECT to_regrole(%s) IS NOT NULL", quote_ident(name)):
            raise UserError(f"a role named '{name}' already exists on this server; choose another name")
        verifier = db.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
        db.execute("SELECT cadence.add_person(%s, %s, %s)", (name, kind, verifier))
    return handed_out(config.url, name, password)


def quote_ident(name: str) -> str:
    """`name` as to_regrole reads a role's name exactly (it folds an unquoted one to lower case)."""
    return '"' + name.replace('"', '""') + '"'


def handed_out(url: str, name: str, password: str) -> str:
    """The owner's URL with another role and its password: where and how the new role connects."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in ("user", "password")], safe="/")
    return parts._replace(netloc=f"{quote(name, safe='')}:{quote(password, safe='')}@{host}", query=query).geturl()
