"""The hub's schema on PostgreSQL, one script per version, applied forward only by `hub init`.

Version 1 made the tables, forced row-level security on them, and gave the
member and coach groups their rights; version 2 let a member insert only an
event's own columns. Version 3 makes the promises of docs/hub.md true against
every login cadence hands out, the owner's included:

- the database, the schema, its tables and functions belong to the keeper, a
  role no one logs in as; the owner's login is in the owners group, which may
  read the hub's row and call `cadence.add_person`, and nothing else;
- a member reaches the events only through `cadence.pull`, `cadence.push`,
  `cadence.put_plan` and `cadence.hold` (SECURITY DEFINER, owned by the keeper,
  search_path fixed), whose rows row-level security still limits to the
  login's own (`session_user`), numbered per member, so neither a plan of a
  query nor a row number tells one member how much the others wrote;
- UPDATE, DELETE and TRUNCATE on the events and the roster are refused by a
  trigger, whoever has the privilege;
- what PostgreSQL grants PUBLIC in this database and that tells how much the
  hub holds or who is at work in it (the statistics views and functions, table
  sizes, `pg_class.reltuples`, the sequence, locks, transaction ids, the WAL
  position, the list of roles and their groups) is revoked, in this database
  only (its catalog is its own).

Version 4 makes the hub live and a team fast to read: a push notifies the
member's channel and keeps the member's rollup in the same transaction (`_LIVE`).

Every name in `{braces}` is a role or the database, filled in by `statements`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from psycopg import sql

from cadence.errors import UserError
from cadence.hub.postgres import HUB_VERSION, KEEPER_VERSION, LIVE_VERSION
from cadence.store.sync import HUB_COLUMNS

ROLE_NAME = r"^[a-z][a-z0-9_.-]{0,62}$"

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

_TYPES = {
    "uid": "bigint",
    "batch_uid": "bigint",
    "target_uid": "bigint",
    "lamport": "bigint",
    "amount": "double precision",
    "run": "integer",
    "run_pass": "integer",
}
_ARRAYS = ", ".join(f"{_TYPES.get(column, 'text')}[]" for column in HUB_COLUMNS)
_UNNESTED = ", ".join(f"${n}" for n in range(1, len(HUB_COLUMNS) + 1))
_PULLED = ", ".join(f"{column} {_TYPES.get(column, 'text')}" for column in HUB_COLUMNS)

_STATISTICS = (
    "pg_relation_size pg_total_relation_size pg_table_size pg_indexes_size pg_database_size pg_tablespace_size"
    " pg_sequence_last_value pg_lock_status pg_advisory_lock pg_advisory_lock_shared pg_advisory_xact_lock"
    " pg_advisory_xact_lock_shared pg_try_advisory_lock pg_try_advisory_lock_shared pg_try_advisory_xact_lock"
    " pg_try_advisory_xact_lock_shared pg_current_xact_id pg_current_xact_id_if_assigned txid_current"
    " txid_current_if_assigned pg_current_snapshot txid_current_snapshot pg_current_wal_lsn"
    " pg_current_wal_insert_lsn pg_current_wal_flush_lsn age mxid_age"
)
"""Functions PUBLIC may call that tell how much the hub holds or who is at work in it, beside every
`pg_stat_get_*` (the statistics views read them): sizes, the sequence, locks (a member could also hold another's
sync lock), transaction ids, the WAL position (`age` only in its form over a transaction id)."""

_KEEPER = f"""
ALTER DATABASE {{database}} OWNER TO {{keeper}};
REVOKE ALL ON DATABASE {{database}} FROM PUBLIC;
GRANT CONNECT ON DATABASE {{database}} TO {{members}}, {{coaches}}, {{owners}};
DO $$
BEGIN
    IF to_regnamespace('public') IS NOT NULL THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END
$$;
ALTER SCHEMA cadence OWNER TO {{keeper}};
ALTER TABLE cadence.hub OWNER TO {{keeper}};
ALTER TABLE cadence.members OWNER TO {{keeper}};
ALTER TABLE cadence.events OWNER TO {{keeper}};
ALTER TABLE cadence.plans OWNER TO {{keeper}};
ALTER TABLE cadence.hub ADD COLUMN owners text, ADD COLUMN keeper text;
ALTER TABLE cadence.events ADD COLUMN number bigint;
UPDATE cadence.events SET number = seq;
ALTER TABLE cadence.events ALTER COLUMN number SET NOT NULL;
ALTER TABLE cadence.events ADD CONSTRAINT events_member_number UNIQUE (member, number);
DROP INDEX cadence.events_member_seq;
DROP POLICY owner_keeps_roster ON cadence.members;
REVOKE ALL ON cadence.events, cadence.plans FROM {{members}};
REVOKE ALL ON SEQUENCE cadence.events_seq_seq FROM {{members}};
GRANT USAGE ON SCHEMA cadence TO {{owners}};
GRANT SELECT ON cadence.hub TO {{owners}};
DO $$
DECLARE
    found regprocedure;
BEGIN
    FOR found IN
        SELECT oid::regprocedure FROM pg_catalog.pg_proc
        WHERE pronamespace = 'pg_catalog'::regnamespace
          AND (proname LIKE 'pg\\_stat\\_get\\_%' OR proname = ANY (string_to_array('{_STATISTICS}', ' ')))
          AND NOT (proname = 'age' AND proargtypes <> '28'::oidvector)
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', found);
    END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(bigint) TO {{keeper}};
REVOKE SELECT ON pg_catalog.pg_roles, pg_catalog.pg_user, pg_catalog.pg_group, pg_catalog.pg_auth_members FROM PUBLIC;
REVOKE SELECT ON pg_catalog.pg_class FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('GRANT SELECT (%s) ON pg_catalog.pg_class TO PUBLIC', (
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_catalog.pg_attribute
        WHERE attrelid = 'pg_catalog.pg_class'::regclass AND attnum > 0 AND NOT attisdropped
          AND attname NOT IN ('reltuples', 'relpages', 'relallvisible')
    ));
END
$$;
SET LOCAL ROLE {{keeper}};
CREATE POLICY keeper_reads_the_callers ON cadence.events FOR SELECT TO {{keeper}} USING (member = session_user);
CREATE POLICY keeper_adds_the_callers ON cadence.events FOR INSERT TO {{keeper}}
    WITH CHECK (member = session_user);
CREATE POLICY keeper_keeps_the_callers ON cadence.plans FOR ALL TO {{keeper}}
    USING (member = session_user) WITH CHECK (member = session_user);
CREATE POLICY keeper_adds_to_roster ON cadence.members FOR INSERT TO {{keeper}} WITH CHECK (true);
CREATE FUNCTION cadence.kept_for_good() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'the hub keeps its % for good: no row is changed or removed', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER kept_for_good BEFORE UPDATE OR DELETE OR TRUNCATE ON cadence.events
    FOR EACH STATEMENT EXECUTE FUNCTION cadence.kept_for_good();
CREATE TRIGGER kept_for_good BEFORE UPDATE OR DELETE OR TRUNCATE ON cadence.members
    FOR EACH STATEMENT EXECUTE FUNCTION cadence.kept_for_good();
CREATE FUNCTION cadence.hold() RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
SELECT pg_advisory_xact_lock(hashtextextended('cadence:' || session_user, 0));
$$;
CREATE FUNCTION cadence.pull(after bigint) RETURNS TABLE ({_PULLED}, seq bigint)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
SELECT {", ".join(HUB_COLUMNS)}, number FROM cadence.events
WHERE member = session_user AND number > $1 ORDER BY number;
$$;
CREATE FUNCTION cadence.push({_ARRAYS}) RETURNS SETOF bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
SELECT cadence.hold();
INSERT INTO cadence.events (member, number, {", ".join(HUB_COLUMNS)})
SELECT session_user,
    coalesce((SELECT max(number) FROM cadence.events WHERE member = session_user), 0)
        + row_number() OVER (ORDER BY sent.position),
    {", ".join(f"sent.{column}" for column in HUB_COLUMNS)}
FROM unnest({_UNNESTED}) WITH ORDINALITY AS sent ({", ".join(HUB_COLUMNS)}, position)
ON CONFLICT (member, uid) DO NOTHING
RETURNING number;
$$;
CREATE FUNCTION cadence.put_plan(plan text, body text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
INSERT INTO cadence.plans (member, name, text) VALUES (session_user, $1, $2)
ON CONFLICT (member, name) DO UPDATE SET text = excluded.text, updated = now();
$$;
CREATE FUNCTION cadence.add_person(login text, person text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    grp text;
BEGIN
    IF login !~ '{ROLE_NAME.replace("{", "{{").replace("}", "}}")}' THEN
        RAISE EXCEPTION '''%'' cannot be a login''s name on the hub', login USING ERRCODE = 'invalid_name';
    END IF;
    IF verifier !~ '^SCRAM-SHA-256\\$' THEN
        RAISE EXCEPTION 'a password reaches the hub only as a SCRAM-SHA-256 verifier'
            USING ERRCODE = 'invalid_password';
    END IF;
    SELECT CASE person WHEN 'member' THEN members WHEN 'coach' THEN coaches END INTO grp FROM cadence.hub;
    IF grp IS NULL THEN
        RAISE EXCEPTION 'a person joins the hub as a member or a coach' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', login, verifier, grp);
    INSERT INTO cadence.members (name, kind) VALUES (login, person);
END
$$;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA cadence FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cadence.hold(), cadence.pull(bigint), cadence.push({_ARRAYS}),
    cadence.put_plan(text, text) TO {{members}};
GRANT EXECUTE ON FUNCTION cadence.add_person(text, text, text) TO {{owners}};
RESET ROLE;
"""
"""Version 3: the hub belongs to a role no one logs in as; members, coaches and the owner reach it only as
their groups may; events and the roster are kept for good; the database's statistics are closed to PUBLIC."""

_COLUMNS = ", ".join(HUB_COLUMNS)
_LIVE = f"""
SET LOCAL ROLE {{keeper}};
CREATE TABLE cadence.secret (value text NOT NULL);
INSERT INTO cadence.secret (value) VALUES (md5(random()::text || clock_timestamp()::text) || md5(random()::text));
ALTER TABLE cadence.secret ENABLE ROW LEVEL SECURITY;
ALTER TABLE cadence.secret FORCE ROW LEVEL SECURITY;
CREATE POLICY keeper_reads_secret ON cadence.secret FOR SELECT TO {{keeper}} USING (true);
CREATE TABLE cadence.rollups (
    member        text PRIMARY KEY,
    events        bigint NOT NULL DEFAULT 0,
    last_number   bigint NOT NULL DEFAULT 0,
    last_recorded text,
    summary       text,
    updated       timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE cadence.rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE cadence.rollups FORCE ROW LEVEL SECURITY;
CREATE POLICY keeper_keeps_the_callers ON cadence.rollups FOR ALL TO {{keeper}}
    USING (member = session_user) WITH CHECK (member = session_user);
CREATE POLICY coach_reads_rollups ON cadence.rollups FOR SELECT TO {{coaches}} USING (true);
GRANT SELECT ON cadence.rollups TO {{coaches}};
CREATE FUNCTION cadence.channel() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
SELECT 'cadence_' || md5(value || ':' || session_user) FROM cadence.secret;
$$;
CREATE OR REPLACE FUNCTION cadence.push({_ARRAYS}) RETURNS SETOF bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    added bigint[];
BEGIN
    PERFORM cadence.hold();
    WITH inserted AS (
        INSERT INTO cadence.events (member, number, {_COLUMNS})
        SELECT session_user,
            coalesce((SELECT max(number) FROM cadence.events WHERE member = session_user), 0)
                + row_number() OVER (ORDER BY sent.position),
            {", ".join(f"sent.{column}" for column in HUB_COLUMNS)}
        FROM unnest({_UNNESTED}) WITH ORDINALITY AS sent ({_COLUMNS}, position)
        ON CONFLICT (member, uid) DO NOTHING
        RETURNING number, recorded
    ), rolled AS (
        INSERT INTO cadence.rollups AS r (member, events, last_number, last_recorded)
        SELECT session_user, count(*), max(number), max(recorded) FROM inserted HAVING count(*) > 0
        ON CONFLICT (member) DO UPDATE SET events = r.events + excluded.events,
            last_number = greatest(r.last_number, excluded.last_number),
            last_recorded = greatest(r.last_recorded, excluded.last_recorded), updated = now()
    )
    SELECT array_agg(number ORDER BY number) INTO added FROM inserted;
    IF added IS NOT NULL THEN
        PERFORM pg_notify(cadence.channel(), added[array_length(added, 1)]::text);
        RETURN QUERY SELECT unnest(added);
    END IF;
END
$$;
CREATE FUNCTION cadence.put_summary(summary text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
INSERT INTO cadence.rollups AS r (member, summary) VALUES (session_user, $1)
ON CONFLICT (member) DO UPDATE SET summary = excluded.summary, updated = now();
$$;
REVOKE ALL ON FUNCTION cadence.channel(), cadence.put_summary(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cadence.channel(), cadence.put_summary(text) TO {{members}};
RESET ROLE;
INSERT INTO cadence.rollups (member, events, last_number, last_recorded)
SELECT member, count(*), max(number), max(recorded) FROM cadence.events GROUP BY member;
"""
"""Version 4: a push tells the member's other machines at once (NOTIFY on a channel only the member's login can
name: a digest of the hub's secret and the login), and keeps each member's rollup (how many events, the last
row and when the latest was written, and the summary the member's machine counted) in the same transaction,
so a coach's `team` reads one row per member; the rollups of the events already there are counted once here."""

MIGRATIONS = (_TABLES + _POLICIES, _OWN_COLUMNS, _KEEPER, _LIVE)
"""The hub's schema, one script per version, applied forward only by `hub init`."""
assert len(MIGRATIONS) == HUB_VERSION, "a new version of the hub's schema is HUB_VERSION in hub.postgres too"
assert MIGRATIONS[KEEPER_VERSION - 1] is _KEEPER
assert MIGRATIONS[LIVE_VERSION - 1] is _LIVE


def statements(script: str, **names: str) -> Iterator[sql.Composed]:
    """The statements of a script, each ending a line with `;` outside a `$$` body, with the roles and the
    database named in `{braces}` filled in as identifiers."""
    identifiers = {name: sql.Identifier(value) for name, value in names.items()}
    pending: list[str] = []
    for line in script.splitlines():
        pending.append(line)
        text = "\n".join(pending).strip()
        if text.endswith(";") and text.count("$$") % 2 == 0:
            yield sql.SQL(text.removesuffix(";")).format(**identifiers)
            pending = []
    assert not "".join(pending).strip(), f"a statement without its ';': {pending}"


class Roles(NamedTuple):
    """The hub's roles, one set per database, so two hubs on one server stay apart."""

    members: str
    coaches: str
    owners: str
    keeper: str


def hub_roles(database: str) -> Roles:
    roles = Roles(*(f"{database}_cadence_{kind}" for kind in ("members", "coaches", "owners", "keeper")))
    if max(len(role.encode()) for role in roles) > 63:
        raise UserError(f"the database name '{database}' is too long for the hub's role names; use a shorter one")
    return roles
