"""The hub's setup and its security, against a real PostgreSQL server: roles, URLs, row-level security."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from helpers import Cli
from postgres import Hub, Server


def test_init_sets_up_a_hub_once(cli: Cli, pg_server: Server) -> None:
    pg_server.execute("CREATE DATABASE setup_once")
    url = pg_server.superuser_url("setup_once")
    try:
        first = cli("hub", "init", "--owner", "hubowner", "--url", url)
        assert (first.code, first.err) == (0, "")
        assert first.out == (
            "Set up the hub in database setup_once: its tables, row-level security and functions, which belong to"
            " setup_once_cadence_keeper, a role no one logs in as, and the roles setup_once_cadence_members and"
            " setup_once_cadence_coaches. Its owner hubowner adds people with 'cadence hub add-member NAME' and"
            " 'add-coach NAME'.\n"
        )
        again = cli("hub", "init", "--url", pg_server.owner_url("setup_once"))
        assert (again.code, again.out) == (0, "The hub in database setup_once is already set up; nothing changed.\n")
        by_superuser = cli("hub", "init", "--owner", "hubowner", "--url", url)
        assert by_superuser.out == "The hub in database setup_once is already set up; nothing changed.\n"
        forced = pg_server.execute(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relnamespace ="
            " 'cadence'::regnamespace AND relkind = 'r' ORDER BY relname",
            database="setup_once",
        )
        assert forced == [
            ("events", True, True),
            ("hub", False, False),
            ("members", True, True),
            ("plans", True, True),
            ("rollups", True, True),
            ("secret", True, True),
        ]
    finally:
        pg_server.execute("DROP DATABASE setup_once WITH (FORCE)")
        for kind in ("members", "coaches", "owners", "keeper"):
            pg_server.execute(f"DROP ROLE setup_once_cadence_{kind}")


def test_add_member_prints_the_url_to_hand_out_and_keeps_no_password(
    cli: Cli, hub: Hub, tmp_path: Path, pg_server: Server
) -> None:
    added = cli("hub", "add-member", "ana", "--url", hub.owner_url)
    assert added.code == 0, added.err
    intro, url = added.out.splitlines()
    assert (
        intro == "Added ana to the hub as a member, who syncs their own events. The URL to hand to ana, shown only now:"
    )
    parts = urlsplit(url)
    assert (parts.scheme, parts.username, parts.path) == ("postgresql", "ana", f"/{hub.database}")
    assert parts.query == f"host={pg_server.socket}&port=5432"
    password = parts.password
    assert password is not None and len(password) == 24
    with psycopg.connect(url) as db:  # the URL works, as ana
        assert db.execute("SELECT current_user").fetchone() == ("ana",)
    # The server holds a SCRAM verifier, not the password; nothing of cadence's holds it either.
    (verifier,) = hub.rows("SELECT rolpassword FROM pg_authid WHERE rolname = 'ana'")[0]
    assert verifier.startswith("SCRAM-SHA-256$") and password not in verifier
    home = tmp_path / "home"
    synced = cli("check", "comment", CADENCE_SYNC_URL=url)
    assert synced.code == 0
    for path in [*home.rglob("*"), *(tmp_path / "config").rglob("*")]:
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path
    assert hub.rows("SELECT name, kind FROM cadence.members") == [("ana", "member")]


def test_add_refuses_a_role_that_exists_and_a_name_that_cannot_be_one(cli: Cli, hub: Hub) -> None:
    hub.add("member", "ana")
    again = cli("hub", "add-coach", "ana", "--url", hub.owner_url)
    assert (again.code, again.out, again.err) == (
        1,
        "",
        "cadence: error: a role named 'ana' already exists on this server; choose another name\n",
    )
    odd = cli("hub", "add-member", "Ana Maria", "--url", hub.owner_url)
    assert odd.err == (
        "cadence: error: 'Ana Maria' cannot be a member's name: lower-case letters, digits, '_', '.' or '-',"
        " starting with a letter\n"
    )


def test_a_hub_command_without_an_url_says_where_to_give_one(cli: Cli) -> None:
    result = cli("hub", "init")
    assert (result.code, result.err) == (
        1,
        "cadence: error: no hub to connect to: give --url postgresql://OWNER@HOST/DATABASE, or set [sync] url"
        " in config.toml\n",
    )


def test_a_member_reads_and_inserts_only_its_own_events(cli: Cli, hub: Hub, tmp_path: Path) -> None:
    ana, bob = hub.add("member", "ana"), hub.add("member", "bob")
    assert cli("check", "comment", "--home", str(tmp_path / "ana"), CADENCE_SYNC_URL=ana).code == 0
    assert cli("sync", "--home", str(tmp_path / "ana"), CADENCE_SYNC_URL=ana).code == 0
    assert cli("check", "post", "--home", str(tmp_path / "bob"), CADENCE_SYNC_URL=bob).code == 0
    assert cli("sync", "--home", str(tmp_path / "bob"), CADENCE_SYNC_URL=bob).code == 0
    with psycopg.connect(bob) as db:  # the hub's functions give bob his own rows, and ana's are not there for him
        assert db.execute("SELECT kind, task FROM cadence.pull(0) WHERE kind = 'checkin'").fetchall() == [
            ("checkin", "post")
        ]
    for statement in (
        "SELECT member, task FROM cadence.events",
        "INSERT INTO cadence.events (member, uid, origin, batch_uid, lamport, recorded, kind, source)"
        " VALUES ('ana', 7, 'm', 7, 1, '2026-12-02T09:00:00+00:00', 'checkin', 'cli')",
        "UPDATE cadence.events SET amount = 99",
        "DELETE FROM cadence.events",
    ):
        with psycopg.connect(bob) as db, pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            db.execute(statement)
        assert str(refused.value) == "permission denied for table events"
    assert hub.rows("SELECT member, task FROM cadence.events WHERE kind = 'checkin' ORDER BY member") == [
        ("ana", "comment"),
        ("bob", "post"),
    ]


def test_a_coach_reads_every_member_and_writes_none(cli: Cli, hub: Hub, tmp_path: Path) -> None:
    ana, coach = hub.add("member", "ana"), hub.add("coach", "carla")
    assert cli("check", "comment", "--home", str(tmp_path / "ana"), CADENCE_SYNC_URL=ana).code == 0
    assert cli("sync", "--home", str(tmp_path / "ana"), CADENCE_SYNC_URL=ana).code == 0
    with psycopg.connect(coach) as db:
        assert db.execute("SELECT member, task FROM cadence.events WHERE kind = 'checkin'").fetchall() == [
            ("ana", "comment")
        ]
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            db.execute(
                "INSERT INTO cadence.events (member, uid, origin, batch_uid, lamport, recorded, kind, source)"
                " VALUES ('carla', 8, 'm', 8, 1, '2026-12-02T09:00:00+00:00', 'checkin', 'cli')"
            )
        assert str(refused.value) == "permission denied for table events"
    with psycopg.connect(coach) as db, pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.execute("INSERT INTO cadence.plans (name, text) VALUES ('x', 'y')")
    # A coach's own check-in stays in the coach's home: the hub refuses it, in one line.
    assert cli("check", "comment", "--home", str(tmp_path / "carla")).code == 0
    synced = cli("sync", "--home", str(tmp_path / "carla"), CADENCE_SYNC_URL=coach)
    assert (synced.code, synced.out, synced.err) == (
        1,
        "",
        "sync: the hub refused carla: carla is not a member of this hub (a coach syncs no events); 2 events waiting\n",
    )


def test_a_member_is_not_a_coach(cli: Cli, hub: Hub) -> None:
    ana = hub.add("member", "ana")
    result = cli("team", CADENCE_SYNC_URL=ana)
    key = f"ana@{hub.server.socket}:5432/{hub.database}"
    assert (result.code, result.err) == (
        1,
        f"cadence: error: ana is not a coach of the hub {key}: 'team' and 'review --member' need a coach's URL in"
        " [sync] url (the hub's owner makes one with 'cadence hub add-coach NAME')\n",
    )


def test_a_wrong_password_is_refused_in_one_line(cli: Cli, hub: Hub) -> None:
    url = hub.add("member", "ana")
    parts = urlsplit(url)
    wrong = url.replace(f":{parts.password}@", ":not-the-password@")
    result = cli("sync", CADENCE_SYNC_URL=wrong)
    assert (result.code, result.out) == (1, "")
    assert result.err == 'sync: the hub refused: password authentication failed for user "ana"; 0 events waiting\n'


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '[sync]\nurl = "postgresql://ana@hub/cadence"\nmembr = "ana"\n',
            "3:1: error: unknown key 'membr' in [sync]; it may hold: url, member",
        ),
        (
            '[sync]\nurl = "https://hub.example"\n',
            "2:1: error: [sync] url must be a postgresql:// URL, like postgresql://ana@hub/cadence",
        ),
        ("[sync]\nmember = 3\n", "2:1: error: [sync] 'member' must be a string that is not empty"),
    ],
)
def test_a_sync_table_with_errors_is_one_line_for_every_command(
    cli: Cli, tmp_path: Path, config: str, message: str
) -> None:
    path = tmp_path / "config" / "cadence" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(config)
    for args in (["today"], ["sync"]):
        result = cli(*args)
        assert (result.code, result.out, result.err) == (1, "", f"cadence: error: {path}:{message}\n")


def test_a_member_that_is_not_the_urls_user_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "config" / "cadence" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('[sync]\nurl = "postgresql://ana@hub.example/cadence"\nmember = "bob"\n')
    result = cli("sync")
    assert result.err == (
        "cadence: error: [sync] member is 'bob' but [sync] url connects as 'ana'; a member syncs as its own role\n"
    )


def test_sync_without_a_hub_says_how_to_name_one(cli: Cli) -> None:
    result = cli("sync")
    assert (result.code, result.err) == (
        1,
        'cadence: error: no hub to sync with: set [sync] url = "postgresql://..." in config.toml, or'
        " $CADENCE_SYNC_URL\n",
    )


def test_without_psycopg_the_hub_commands_say_how_to_install_it(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "sys.modules['psycopg'] = None  # as if cadence was installed without [hub]\n"
        "from cadence.cli import main\n"
        "sys.exit(main(['sync', '--home', sys.argv[1]], {'CADENCE_SYNC_URL': 'postgresql://ana@/x?host=/none'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (
        1,
        "cadence: error: the hub needs psycopg, which this cadence was installed without: pip install 'cadence[hub]'\n",
    )


def test_a_database_without_a_hub_says_who_sets_it_up(cli: Cli, pg_server: Server) -> None:
    pg_server.execute("CREATE DATABASE not_a_hub OWNER hubowner")
    try:
        result = cli("sync", CADENCE_SYNC_URL=pg_server.owner_url("not_a_hub"))
        assert (result.code, result.err) == (
            1,
            f"sync: the hub hubowner@{pg_server.socket}:5432/not_a_hub is not set up: its owner runs"
            " 'cadence hub init'; 0 events waiting\n",
        )
    finally:
        pg_server.execute("DROP DATABASE not_a_hub WITH (FORCE)")


# --------------------------------------------------------------------------- the hub's version, read back


def test_a_hub_a_newer_cadence_set_up_is_refused_in_one_line(cli: Cli, hub: Hub) -> None:
    url = hub.add("member", "ana")
    hub.rows("UPDATE cadence.hub SET version = 9")
    key = f"ana@{hub.server.socket}:5432/{hub.database}"
    synced = cli("sync", CADENCE_SYNC_URL=url)
    assert (synced.code, synced.out, synced.err) == (
        1,
        "",
        f"sync: the hub {key} was set up by a newer cadence (hub version 9; this one knows up to 4);"
        " upgrade cadence to use it; 0 events waiting\n",
    )
    init = cli("hub", "init", "--url", hub.owner_url)
    assert (init.code, init.out, init.err) == (
        1,
        "",
        f"cadence: error: the hub in database {hub.database} was set up by a newer cadence (hub version 9;"
        " this one knows up to 4); nothing changed; upgrade cadence to manage it\n",
    )
    assert hub.rows("SELECT version FROM cadence.hub") == [(9,)]
    assert hub.rows("SELECT count(*) FROM cadence.events") == [(0,)]


def test_a_hub_an_older_cadence_set_up_syncs_and_init_brings_it_to_this_version(
    cli: Cli, pg_server: Server, tmp_path: Path
) -> None:
    older = Hub(pg_server, "hub_version_1")
    older.create_at_version(1)
    try:
        url = older.add_as_before("member", "ana")
        assert cli("check", "comment").code == 0  # offline: only `sync` is given the hub
        assert cli("sync", CADENCE_SYNC_URL=url).out.endswith(": sent 2 events, received 0 events.\n")
        with psycopg.connect(url) as db:  # version 1 let a member's machine number its own rows
            db.execute(
                "INSERT INTO cadence.events (seq, uid, origin, batch_uid, lamport, recorded, kind, source)"
                " VALUES (1000, 7, 'm', 7, 1, '2026-12-02T09:00:00+00:00', 'checkin', 'cli')"
            )
        upgraded = cli("hub", "init", "--url", older.superuser_url)
        assert (upgraded.code, upgraded.out, upgraded.err) == (
            0,
            "Brought the hub in database hub_version_1 from version 1 to 4; its members and coaches keep their URLs."
            " Its tables now belong to hub_version_1_cadence_keeper, a role no one logs in as; its owner"
            " hub_version_1_owner adds members and coaches. hub_version_1_owner may no longer create roles."
            " A push now reaches the member's other machines at once, and 'team' reads each member's rollup.\n",
            "",
        )
        assert older.rows("SELECT version FROM cadence.hub") == [(4,)]
        with psycopg.connect(url) as db, pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            db.execute(
                "INSERT INTO cadence.events (seq, uid, origin, batch_uid, lamport, recorded, kind, source)"
                " VALUES (2000, 8, 'm', 8, 1, '2026-12-02T09:00:00+00:00', 'checkin', 'cli')"
            )
        assert str(refused.value) == "permission denied for table events"
        assert cli("check", "post").code == 0
        assert cli("sync", CADENCE_SYNC_URL=url).out.endswith(": sent 1 event, received 1 event.\n")
        again = cli("hub", "init", "--url", older.owner_url)
        assert again.out == "The hub in database hub_version_1 is already set up; nothing changed.\n"
    finally:
        older.remove()
