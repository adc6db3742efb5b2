"""The hub live across machines, against a real PostgreSQL: a push notifies the member's listener, a lost
listener says so once and comes back by itself after the hub restarts, and a hub at version 3 is brought to 4."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from cadence.hub.config import parse
from cadence.hub.listen import Listener
from helpers import Cli
from machines import Machine, write_plan
from postgres import OWNER, Hub, Server, started


def until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


class Heard:
    """What a listener said and woke for, from its thread."""

    def __init__(self) -> None:
        self.woken: list[int] = []
        self.told: list[str] = []
        self.reported: list[str] = []


@pytest.fixture
def heard() -> Heard:
    return Heard()


def listener(url: str, heard: Heard) -> Listener:
    return Listener(
        parse(url, None, {}, "url"), heard.woken.append, heard.told.append, heard.reported.append, retry=0.2
    )


@pytest.fixture
def listening(hub: Hub, heard: Heard) -> Iterator[tuple[Listener, str]]:
    url = hub.add("member", "ana")
    found = listener(url, heard).start()
    until(lambda: found.listening)
    yield found, url
    found.stop()


def test_another_machines_push_reaches_the_listener_with_its_row(
    cli: Cli, tmp_path: Path, listening: tuple[Listener, str], heard: Heard
) -> None:
    _, url = listening
    until(lambda: heard.woken == [0])  # on listening: catch up once
    desktop = Machine(cli, tmp_path / "desktop", write_plan(tmp_path), url)
    desktop.offline("check", "comment", "2")
    assert desktop.sync().code == 0
    until(lambda: len(heard.woken) == 2)
    assert heard.woken == [0, 2]  # the run's start and the check-in: rows 1 and 2
    assert desktop.sync().code == 0  # nothing new: no notification
    desktop.offline("check", "comment", "1")
    assert desktop.sync().code == 0
    until(lambda: len(heard.woken) == 3)
    assert heard.woken == [0, 2, 3]
    assert heard.told == []


def test_no_other_login_can_name_the_members_channel(
    cli: Cli, tmp_path: Path, hub: Hub, listening: tuple[Listener, str], heard: Heard
) -> None:
    _, ana = listening
    bob = hub.add("member", "bob")
    with psycopg.connect(ana) as db:
        channel = db.execute("SELECT cadence.channel()").fetchone()
    with psycopg.connect(bob, autocommit=True) as db:
        other = db.execute("SELECT cadence.channel()").fetchone()
        assert other != channel
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("SELECT value FROM cadence.secret")
        db.execute(sql.SQL("LISTEN {}").format(sql.Identifier(str(other[0]) if other else "")))
        machine = Machine(cli, tmp_path / "ana", write_plan(tmp_path), ana)
        machine.offline("check", "comment", "2")
        assert machine.sync().code == 0
        until(lambda: len(heard.woken) == 2)
        assert list(db.notifies(timeout=0.5, stop_after=1)) == []  # bob hears nothing of ana's writes


def test_a_lost_listener_says_so_once_and_comes_back_when_the_hub_does(cli: Cli, tmp_path: Path, heard: Heard) -> None:
    server = started()
    if server is None:
        pytest.skip("no PostgreSQL server programs")
    try:
        hub = Hub(server, "live_restart")
        hub.create()
        url = hub.add("member", "ana")
        found = listener(url, heard).start()
        until(lambda: found.listening)
        server.stop()
        until(lambda: len(heard.told) == 1)
        key = parse(url, None, {}, "url").key
        assert heard.told == [
            f"sync: not listening to {key} (hub unreachable); syncing every five minutes until it answers"
        ]
        attempts = len(heard.woken)
        time.sleep(1.0)  # five retries at least, with the hub still down
        assert len(heard.told) == 1 and not found.listening
        server.start()
        until(lambda: found.listening)
        assert heard.reported == [f"sync: listening to {key} again; other machines' writes arrive at once"]
        assert heard.woken[attempts:] == [0]  # catching up on what came while it was not listening
        machine = Machine(cli, tmp_path / "desktop", write_plan(tmp_path), url)
        machine.offline("check", "comment", "2")
        assert machine.sync().code == 0
        until(lambda: heard.woken[-1] == 2)
        assert len(heard.told) == 1
        found.stop()
    finally:
        server.stop()
        server.remove()


def test_a_listener_on_a_version_3_hub_says_once_why_and_a_superusers_init_brings_it_to_4(
    cli: Cli, tmp_path: Path, pg_server: Server, heard: Heard
) -> None:
    from cadence.hub.admin import _owner
    from cadence.hub.schema import MIGRATIONS, hub_roles, statements

    hub = Hub(pg_server, "hub_version_3")
    pg_server.execute("CREATE DATABASE hub_version_3")
    try:
        with psycopg.connect(hub.superuser_url) as db:  # as cadence 3's `hub init` set it up
            db.execute("CREATE SCHEMA cadence")
            roles = hub_roles("hub_version_3")
            _owner(db, OWNER, roles)
            for script in MIGRATIONS[:3]:
                for statement in statements(script, database="hub_version_3", **roles._asdict()):
                    db.execute(statement)
            db.execute(
                "INSERT INTO cadence.hub (version, members, coaches, owners, keeper) VALUES (3, %s, %s, %s, %s)",
                (roles.members, roles.coaches, roles.owners, roles.keeper),
            )
        url = hub.add("member", "ana")
        machine = Machine(cli, tmp_path / "laptop", write_plan(tmp_path), url)
        machine.offline("check", "comment", "2")
        assert machine.sync().code == 0
        found = listener(url, heard).start()
        until(lambda: len(heard.told) == 1)
        assert "the hub is at version 3, which cannot tell this machine of another's writes" in heard.told[0]
        assert not found.listening
        upgraded = cli("hub", "init", "--url", hub.superuser_url)
        assert (upgraded.code, upgraded.err) == (0, "")
        assert upgraded.out == (
            "Brought the hub in database hub_version_3 from version 3 to 4; its members and coaches keep their URLs."
            " A push now reaches the member's other machines at once, and 'team' reads each member's rollup.\n"
        )
        assert hub.rows("SELECT member, events, last_number FROM cadence.rollups") == [("ana", 2, 2)]
        again = cli("hub", "init", "--url", hub.superuser_url)
        assert again.out == "The hub in database hub_version_3 is already set up; nothing changed.\n"
        found = listener(url, heard).start()
        until(lambda: found.listening)
        machine.offline("check", "comment", "1")
        assert machine.sync().code == 0
        until(lambda: heard.woken[-1:] == [3])
        assert hub.rows("SELECT member, events, last_number FROM cadence.rollups") == [("ana", 3, 3)]
        found.stop()
    finally:
        hub.remove()
