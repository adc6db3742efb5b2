"""The hub's promises against a real PostgreSQL, tried by each login cadence hands out: its owner's, a member's and
a coach's, with each refusal written out as PostgreSQL words it. No login cadence hands out can turn security off,
alter a table, or update or delete an event; a member learns nothing of how much the others wrote."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import psycopg
import pytest

from cadence.hub import postgres
from cadence.hub.config import parse
from cadence.store.sync import HubEvent
from helpers import Cli
from postgres import Hub, Server


def event(uid: int) -> HubEvent:
    return HubEvent(
        uid, "machine", uid, uid, "2026-12-02T09:00:00+00:00", "checkin", "comment", "2026-12-02", None, None, 1.0,
        None, None, "cli", None, 0, None, None,
    )  # fmt: skip


def push(url: str, uids: range) -> list[int]:
    """Events sent as a member's machine sends them; the numbers the hub gave them."""
    with postgres.member(parse(url, None, {}, "the URL")) as hub:
        return hub.push([event(uid) for uid in uids])


def refused(url: str, statement: str) -> str:
    """What PostgreSQL says when `statement` is run on `url`. The test fails if it is not refused, and the
    statement's transaction is rolled back either way, so a hub can be shared by tests that only try."""
    with psycopg.connect(url) as db:
        try:
            with pytest.raises(psycopg.Error) as error:
                db.execute(statement)
        finally:
            db.rollback()
    return error.value.diag.message_primary or ""


def make_team(hub: Hub, member: str, other: str, coach: str) -> dict[str, str]:
    """A member with 2 events on the hub, another with 40, and a coach: each login's URL, by what it is, and
    the owner's."""
    urls = {"member": hub.add("member", member), "other": hub.add("member", other), "coach": hub.add("coach", coach)}
    push(urls["member"], range(1, 3))
    push(urls["other"], range(101, 141))
    hub.rows("ANALYZE")  # the server's statistics are up to date: there is something to leak
    return {**urls, "owner": hub.owner_url}


class Tried(NamedTuple):
    hub: Hub
    urls: dict[str, str]


@pytest.fixture(scope="module")
def tried(pg_server: Server) -> Iterator[Tried]:
    """One hub for the tests that only try what must be refused (each in a transaction rolled back)."""
    hub = Hub(pg_server, f"hub_tried_{os.getpid()}")
    hub.create()
    try:
        yield Tried(hub, make_team(hub, "mia", "ned", "ola"))
    finally:
        hub.remove()


OWNER_REFUSED = [
    ("ALTER TABLE cadence.events NO FORCE ROW LEVEL SECURITY", "must be owner of table events"),
    ("ALTER TABLE cadence.events DISABLE ROW LEVEL SECURITY", "must be owner of table events"),
    ("DROP POLICY member_reads_own ON cadence.events", "must be owner of relation events"),
    ("CREATE POLICY open ON cadence.events USING (true)", "must be owner of table events"),
    ("ALTER TABLE cadence.events OWNER TO hubowner", "must be owner of table events"),
    ("ALTER TABLE cadence.events DISABLE TRIGGER ALL", "must be owner of table events"),
    ("ALTER TABLE cadence.members NO FORCE ROW LEVEL SECURITY", "must be owner of table members"),
    ("DROP TABLE cadence.events", "must be owner of table events"),
    ("ALTER SCHEMA cadence OWNER TO hubowner", "must be owner of schema cadence"),
    ("ALTER FUNCTION cadence.pull(bigint) SECURITY INVOKER", "must be owner of function cadence.pull"),
    ("SET ROLE {keeper}", 'permission denied to set role "{keeper}"'),
    ("GRANT {keeper} TO hubowner", 'must have admin option on role "{keeper}"'),
    ("ALTER ROLE {keeper} LOGIN PASSWORD 'mine'", "permission denied"),
    ("CREATE ROLE intruder LOGIN", "permission denied to create role"),
    ("ALTER DATABASE {database} OWNER TO hubowner", "must be owner of database {database}"),
    ("CREATE SCHEMA elsewhere", "permission denied for database {database}"),
    ("SELECT count(*) FROM cadence.events", "permission denied for table events"),
    ("UPDATE cadence.events SET amount = 99", "permission denied for table events"),
    ("DELETE FROM cadence.events", "permission denied for table events"),
    ("TRUNCATE cadence.events", "permission denied for table events"),
    ("SELECT * FROM cadence.pull(0)", "permission denied for function pull"),
    ("DELETE FROM cadence.members", "permission denied for table members"),
]


@pytest.mark.parametrize(("statement", "message"), OWNER_REFUSED, ids=[row[0] for row in OWNER_REFUSED])
def test_the_owners_login_cannot_turn_security_off_alter_the_tables_or_touch_an_event(
    tried: Tried, statement: str, message: str
) -> None:
    names = {"keeper": tried.hub.roles.keeper, "database": tried.hub.database}
    assert refused(tried.urls["owner"], statement.format(**names)) == message.format(**names)
    assert tried.hub.rows("SELECT member, count(*) FROM cadence.events GROUP BY member ORDER BY member") == [
        ("mia", 2),
        ("ned", 40),
    ]
    assert tried.hub.rows(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'cadence.events'::regclass"
    ) == [("events", True, True)]


CHANGES = ["UPDATE cadence.events SET amount = 99", "DELETE FROM cadence.events", "TRUNCATE cadence.events"]


@pytest.mark.parametrize("login", ["member", "coach", "owner"])
@pytest.mark.parametrize("statement", CHANGES)
def test_no_login_cadence_hands_out_updates_or_deletes_an_event(tried: Tried, login: str, statement: str) -> None:
    assert refused(tried.urls[login], statement) == "permission denied for table events"
    assert refused(tried.urls[login], "ALTER TABLE cadence.events NO FORCE ROW LEVEL SECURITY") == (
        "must be owner of table events"
    )
    assert tried.hub.rows("SELECT count(*), sum(amount) FROM cadence.events") == [(42, 42.0)]


@pytest.mark.parametrize(
    "statement", [*CHANGES, "UPDATE cadence.members SET kind = 'coach'", "DELETE FROM cadence.members"]
)
def test_the_schema_refuses_to_update_or_delete_an_event_or_a_roster_line_whoever_may(
    tried: Tried, statement: str
) -> None:
    table = statement.split("cadence.")[1].split()[0]
    assert (
        refused(tried.hub.superuser_url, statement)
        == f"the hub keeps its {table} for good: no row is changed or removed"
    )
    assert tried.hub.rows("SELECT count(*) FROM cadence.events") == [(42,)]
    assert tried.hub.rows("SELECT name, kind FROM cadence.members ORDER BY name") == [
        ("mia", "member"),
        ("ned", "member"),
        ("ola", "coach"),
    ]


COUNTS = [
    ("SELECT relname, n_live_tup FROM pg_stat_user_tables", "permission denied for function pg_stat_get_live_tuples"),
    ("SELECT * FROM pg_stat_all_tables", "permission denied for function pg_stat_get_numscans"),
    ("SELECT * FROM pg_stat_xact_user_tables", "permission denied for function pg_stat_get_xact_numscans"),
    ("SELECT * FROM pg_statio_user_tables", "permission denied for function pg_stat_get_blocks_fetched"),
    ("SELECT * FROM pg_stat_user_indexes", "permission denied for function pg_stat_get_numscans"),
    ("SELECT * FROM pg_stat_database", "permission denied for function pg_stat_get_db_numbackends"),
    ("SELECT pg_stat_get_tuples_inserted('cadence.events'::regclass)", "permission denied for function pg_stat_get_tuples_inserted"),
    ("SELECT * FROM pg_stat_activity", "permission denied for function pg_stat_get_activity"),
    ("SELECT * FROM pg_locks", "permission denied for function pg_lock_status"),
    ("SELECT reltuples FROM pg_class WHERE relname = 'events'", "permission denied for table pg_class"),
    ("SELECT relpages FROM pg_class WHERE relname = 'events'", "permission denied for table pg_class"),
    ("SELECT pg_relation_size('cadence.events')", "permission denied for function pg_relation_size"),
    ("SELECT pg_total_relation_size('cadence.events')", "permission denied for function pg_total_relation_size"),
    ("SELECT pg_table_size('cadence.events')", "permission denied for function pg_table_size"),
    ("SELECT pg_indexes_size('cadence.events')", "permission denied for function pg_indexes_size"),
    ("SELECT pg_database_size(current_database())", "permission denied for function pg_database_size"),
    ("SELECT pg_sequence_last_value('cadence.events_seq_seq')", "permission denied for function pg_sequence_last_value"),
    ("EXPLAIN SELECT * FROM cadence.events", "permission denied for table events"),
    ("SELECT count(*) FROM cadence.events", "permission denied for table events"),
    ("SELECT pg_try_advisory_xact_lock(hashtextextended('cadence:ned', 0))", "permission denied for function pg_try_advisory_xact_lock"),
    ("SELECT txid_current()", "permission denied for function txid_current"),
    ("SELECT pg_current_xact_id()", "permission denied for function pg_current_xact_id"),
    ("SELECT pg_current_wal_lsn()", "permission denied for function pg_current_wal_lsn"),
    ("SELECT age('3'::xid)", "permission denied for function age"),
    ("SELECT count(*) FROM pg_auth_members", "permission denied for table pg_auth_members"),
    ("SELECT rolname FROM pg_roles", "permission denied for view pg_roles"),
    ("SELECT * FROM pg_group", "permission denied for view pg_group"),
    ("SELECT * FROM pg_user", "permission denied for view pg_user"),
]  # fmt: skip


@pytest.mark.parametrize(("statement", "message"), COUNTS, ids=[row[0] for row in COUNTS])
def test_a_member_sees_no_count_of_the_hub(tried: Tried, statement: str, message: str) -> None:
    assert refused(tried.urls["member"], statement) == message


def test_a_member_sees_no_statistics_of_the_hubs_columns_and_only_its_own_rows(tried: Tried) -> None:
    with psycopg.connect(tried.urls["member"]) as db:
        tables = "SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = 'cadence'"
        assert db.execute(tables).fetchall() == [("hub",)]  # the one row every login reads, and nothing else
        assert db.execute("SELECT uid, seq FROM cadence.pull(0)").fetchall() == [(1, 1), (2, 2)]
        # What the plan of a call shows is the call's own: no scan of the table, no row another member wrote.
        plan = [line for (line,) in db.execute("EXPLAIN ANALYZE SELECT * FROM cadence.pull(0)")]
        assert plan[0].startswith("Function Scan on pull") and plan[0].endswith("rows=2 loops=1)")
        assert not any("Removed" in line or "events" in line for line in plan)


def test_a_members_row_numbers_count_only_its_own_events(hub: Hub) -> None:
    team = make_team(hub, "ana", "bob", "carla")
    # bob's 40 events arrived between ana's first two and her next: her numbers go on as if he wrote nothing.
    assert push(team["member"], range(3, 5)) == [3, 4]
    assert push(team["other"], range(141, 142)) == [41]
    with postgres.member(parse(team["member"], None, {}, "the URL")) as ana:
        assert [(row.uid, row.seq) for row in ana.pull(0)] == [(1, 1), (2, 2), (3, 3), (4, 4)]


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("INSERT INTO cadence.events (member, uid, origin, batch_uid, lamport, recorded, kind, source)"
         " VALUES ('ana', 9, 'm', 9, 1, '2026-12-02T09:00:00+00:00', 'checkin', 'cli')",
         "permission denied for table events"),
        ("INSERT INTO cadence.plans (name, text) VALUES ('x', 'y')", "permission denied for table plans"),
        ("SELECT * FROM cadence.push(ARRAY[9], ARRAY['m'], ARRAY[9], ARRAY[1], ARRAY['r'], ARRAY['checkin'], NULL,"
         " NULL, NULL, NULL, NULL, NULL, NULL, ARRAY['cli'], NULL, NULL, NULL, NULL)",
         "permission denied for function push"),
        ("SELECT cadence.put_plan('x', 'y')", "permission denied for function put_plan"),
        ("SELECT cadence.add_person('eve', 'coach', 'SCRAM-SHA-256$x')", "permission denied for function add_person"),
        ("ALTER TABLE cadence.events NO FORCE ROW LEVEL SECURITY", "must be owner of table events"),
    ],
)  # fmt: skip
def test_a_coach_reads_every_member_and_calls_nothing_that_writes(tried: Tried, statement: str, message: str) -> None:
    with psycopg.connect(tried.urls["coach"]) as db:
        counts = "SELECT member, count(*) FROM cadence.events GROUP BY member ORDER BY member"
        assert db.execute(counts).fetchall() == [("mia", 2), ("ned", 40)]
    assert refused(tried.urls["coach"], statement) == message
    assert tried.hub.rows("SELECT count(*) FROM cadence.events") == [(42,)]


@pytest.mark.parametrize(
    ("login", "arguments", "message"),
    [
        ("owner", "'eve', 'coach', 'a-password-in-clear'", "a password reaches the hub only as a SCRAM-SHA-256 verifier"),
        ("owner", "'Eve Smith', 'coach', 'SCRAM-SHA-256$x'", "'Eve Smith' cannot be a login's name on the hub"),
        ("owner", "'eve', 'superuser', 'SCRAM-SHA-256$x'", "a person joins the hub as a member or a coach"),
        ("owner", "'hubowner', 'coach', 'SCRAM-SHA-256$x'", 'role "hubowner" already exists'),
        ("member", "'eve', 'coach', 'SCRAM-SHA-256$x'", "permission denied for function add_person"),
    ],
)  # fmt: skip
def test_the_owner_adds_people_only_as_the_hubs_function_lets_it(
    tried: Tried, login: str, arguments: str, message: str
) -> None:
    assert refused(tried.urls[login], f"SELECT cadence.add_person({arguments})") == message
    assert tried.hub.rows("SELECT count(*) FROM cadence.members") == [(3,)]
    assert tried.hub.rows("SELECT rolname FROM pg_roles WHERE rolname IN ('eve', 'Eve Smith')") == []


def test_init_sets_up_a_hub_only_as_a_superuser_naming_an_ordinary_login(cli: Cli, pg_server: Server) -> None:
    pg_server.execute("CREATE DATABASE owned_right")
    pg_server.execute("CREATE ROLE mighty LOGIN CREATEROLE BYPASSRLS PASSWORD 'mighty-password'")
    url = pg_server.superuser_url("owned_right")
    try:
        as_owner = cli("hub", "init", "--owner", "hubowner", "--url", pg_server.owner_url("owned_right"))
        assert (as_owner.code, as_owner.out, as_owner.err) == (
            1,
            "",
            "cadence: error: the hub in database owned_right is not set up, and only a superuser of the server may"
            " give a hub's tables to a role no one logs in as: run 'cadence hub init --owner LOGIN' with a"
            " superuser's URL; LOGIN, an ordinary login, then adds members and coaches\n",
        )
        nameless = cli("hub", "init", "--url", url)
        assert nameless.err == (
            "cadence: error: setting up a hub names its owner, the login that adds members and coaches: --owner LOGIN\n"
        )
        almighty = cli("hub", "init", "--owner", "postgres", "--url", url)
        assert almighty.err == (
            "cadence: error: the hub's owner cannot be 'postgres', a superuser of the server: name an ordinary"
            " login; nothing changed\n"
        )
        nobody = cli("hub", "init", "--owner", "nobody", "--url", url)
        assert nobody.err == (
            "cadence: error: no login named 'nobody' on this server: make it first (CREATE ROLE \"nobody\" LOGIN"
            " PASSWORD '...'); nothing changed\n"
        )
        assert pg_server.execute("SELECT to_regnamespace('cadence')", database="owned_right") == [(None,)]
        done = cli("hub", "init", "--owner", "mighty", "--url", url)
        assert (done.code, done.err) == (0, "")
        assert done.out == (
            "Set up the hub in database owned_right: its tables, row-level security and functions, which belong to"
            " owned_right_cadence_keeper, a role no one logs in as, and the roles owned_right_cadence_members and"
            " owned_right_cadence_coaches. Its owner mighty adds people with 'cadence hub add-member NAME' and"
            " 'add-coach NAME'. mighty may no longer create roles or bypass row-level security.\n"
        )
        assert pg_server.execute("SELECT rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = 'mighty'") == [
            (False, False)
        ]
        owners = pg_server.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relnamespace = 'cadence'::regnamespace"
            " UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'cadence'"
            " UNION SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
            " UNION SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'cadence'::regnamespace",
            database="owned_right",
        )
        assert owners == [("owned_right_cadence_keeper",)]
        assert pg_server.execute(
            "SELECT rolcanlogin, rolcreaterole, rolsuper FROM pg_roles WHERE rolname = 'owned_right_cadence_keeper'"
        ) == [(False, True, False)]
        other = cli("hub", "init", "--owner", "hubowner", "--url", url)
        assert (other.code, other.err) == (
            1,
            "cadence: error: the hub in database owned_right is already set up, and hubowner is not its owner;"
            " nothing changed (a superuser makes another login an owner with GRANT owned_right_cadence_owners TO"
            " LOGIN)\n",
        )
        mighty = pg_server.url("mighty", "mighty-password", "owned_right")
        again = cli("hub", "init", "--url", mighty)
        assert (again.code, again.out) == (0, "The hub in database owned_right is already set up; nothing changed.\n")
        assert refused(mighty, "CREATE ROLE intruder LOGIN") == "permission denied to create role"
    finally:
        pg_server.execute("DROP DATABASE owned_right WITH (FORCE)")
        for kind in ("members", "coaches", "owners", "keeper"):
            pg_server.execute(f"DROP ROLE IF EXISTS owned_right_cadence_{kind}")
        pg_server.execute("DROP ROLE mighty")


def test_a_superusers_init_takes_an_older_hub_from_its_owner_and_its_members_sync_on(
    cli: Cli, pg_server: Server, tmp_path: Path
) -> None:
    older = Hub(pg_server, "hub_version_2")
    older.create_at_version(2)
    try:
        ana, bob = older.add_as_before("member", "ana"), older.add_as_before("member", "bob")
        laptop = ["--home", str(tmp_path / "laptop")]
        assert cli("check", "comment", *laptop).code == 0  # offline: only `sync` is given the hub
        assert cli("sync", *laptop, CADENCE_SYNC_URL=ana).out.endswith(": sent 2 events, received 0 events.\n")
        push(bob, range(101, 111))
        # Version 2 let the owner's login take its own row-level security off and read every member's events.
        with psycopg.connect(older.owner_url) as db:
            db.execute("ALTER TABLE cadence.events NO FORCE ROW LEVEL SECURITY")
            assert db.execute("SELECT count(*) FROM cadence.events").fetchall() == [(12,)]
            db.rollback()
        by_owner = cli("hub", "init", "--url", older.owner_url)
        assert (by_owner.code, by_owner.out, by_owner.err) == (
            1,
            "",
            "cadence: error: the hub in database hub_version_2 is at version 2, and bringing it to 4 gives its tables"
            " to a role no one logs in as, which only a superuser of the server may do: run 'cadence hub init'"
            " once with a superuser's URL; nothing changed\n",
        )
        added = cli("hub", "add-member", "cleo", "--url", older.owner_url)
        assert added.err == (
            f"cadence: error: the hub hub_version_2_owner@{pg_server.socket}:5432/hub_version_2 is at version 2:"
            " a superuser of the server brings it to version 4 with 'cadence hub init' first; nothing changed\n"
        )
        assert older.rows("SELECT version FROM cadence.hub") == [(2,)]
        upgraded = cli("hub", "init", "--url", older.superuser_url)
        assert (upgraded.code, upgraded.err) == (0, "")
        assert upgraded.out == (
            "Brought the hub in database hub_version_2 from version 2 to 4; its members and coaches keep their URLs."
            " Its tables now belong to hub_version_2_cadence_keeper, a role no one logs in as; its owner"
            " hub_version_2_owner adds members and coaches. hub_version_2_owner may no longer create roles."
            " A push now reaches the member's other machines at once, and 'team' reads each member's rollup.\n"
        )
        for statement, message in [
            ("ALTER TABLE cadence.events NO FORCE ROW LEVEL SECURITY", "must be owner of table events"),
            ("SELECT count(*) FROM cadence.events", "permission denied for table events"),
            ("DELETE FROM cadence.events", "permission denied for table events"),
            ("GRANT hub_version_2_cadence_keeper TO hub_version_2_owner",
             'must have admin option on role "hub_version_2_cadence_keeper"'),
            ("ALTER DATABASE hub_version_2 OWNER TO hub_version_2_owner", "must be owner of database hub_version_2"),
        ]:  # fmt: skip
            assert refused(older.owner_url, statement) == message
        assert refused(ana, "SELECT count(*) FROM cadence.events") == "permission denied for table events"
        # The members' URLs and marks still hold: nothing is sent or received twice, nothing is missed.
        assert cli("check", "post", *laptop).code == 0
        assert cli("sync", *laptop, CADENCE_SYNC_URL=ana).out.endswith(": sent 1 event, received 0 events.\n")
        desktop = ["--home", str(tmp_path / "desktop")]
        assert cli("sync", *desktop, CADENCE_SYNC_URL=ana).out.endswith(": sent 0 events, received 3 events.\n")
        assert push(bob, range(111, 112)) == [13]  # bob's rows keep their numbers; his next follows his own last
        assert older.add("member", "cleo").startswith("postgresql://cleo:")  # the owner keeps the roster
        again = cli("hub", "init", "--url", older.superuser_url)
        assert again.out == "The hub in database hub_version_2 is already set up; nothing changed.\n"
    finally:
        older.remove()
