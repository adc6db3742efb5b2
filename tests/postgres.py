"""A real PostgreSQL server for the hub's tests and benchmarks: initdb and pg_ctl into a temporary folder.

It listens on a Unix socket in that folder only (`listen_addresses=''`: no
network), with password (SCRAM) authentication, so that the roles cadence makes
log in as a member's or a coach's machine would. initdb refuses to run as root:
as root, the server runs as the `postgres` user (the Debian package makes it),
which is given the folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from programs import find

PORT = 5432
SUPERUSER = "postgres"
SUPERUSER_PASSWORD = "postgres-test-password"
OWNER = "hubowner"
OWNER_PASSWORD = "owner-test-password"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else where Debian puts them (/usr/lib/postgresql/N/bin)."""
    found = find("initdb")
    if found is None:
        return None
    folder = Path(os.path.realpath(found)).parent
    return folder if (folder / "pg_ctl").exists() else None


class Server:
    """One server in a folder of its own; `start`, `stop`, and URLs for its roles."""

    def __init__(self, bin: Path) -> None:
        self.bin = bin
        self.folder = Path(tempfile.mkdtemp(prefix="cadence-pg-"))
        self.data = self.folder / "data"
        self.socket = self.folder / "socket"
        self.socket.mkdir()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.socket, "postgres")
            self.folder.chmod(0o755)

    def _run(self, program: str, *args: str) -> None:
        argv = [str(self.bin / program), *args]
        if self.as_root:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stdout}{done.stderr}")

    def initialise(self) -> None:
        password = self.folder / "password"
        password.write_text(SUPERUSER_PASSWORD + "\n")
        if self.as_root:
            shutil.chown(password, "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256",
            f"--pwfile={password}",
            "--no-sync",
        )
        password.unlink()

    def start(self) -> None:
        options = f"-k {self.socket} -p {PORT} -c listen_addresses='' -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.folder / "server.log"), "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, user: str, password: str, database: str = "postgres") -> str:
        return f"postgresql://{user}:{password}@/{database}?host={self.socket}&port={PORT}"

    def superuser_url(self, database: str = "postgres") -> str:
        return self.url(SUPERUSER, SUPERUSER_PASSWORD, database)

    def owner_url(self, database: str) -> str:
        return self.url(OWNER, OWNER_PASSWORD, database)

    def execute(self, statement: str, *params: Any, database: str = "postgres") -> list[tuple[Any, ...]]:
        """One statement as the superuser, outside cadence; its rows (none for a command)."""
        import psycopg

        with psycopg.connect(self.superuser_url(database), autocommit=True) as db:
            cursor = db.execute(statement, params or None)
            return list(cursor.fetchall()) if cursor.description else []


def started() -> Server | None:
    """A running server with an ordinary login, the owner of its hubs, or None."""
    bin = binaries()
    if bin is None:
        return None
    server = Server(bin)
    server.initialise()
    server.start()
    server.execute(f"CREATE ROLE {OWNER} LOGIN PASSWORD '{OWNER_PASSWORD}'")
    return server


class Hub:
    """A hub in a database of its own on the server, set up by `cadence hub init` as a superuser, owned by the
    login `hubowner`; removed after its test."""

    def __init__(self, server: Server, database: str) -> None:
        from cadence.hub.schema import hub_roles

        self.server = server
        self.database = database
        self.roles = hub_roles(database)
        self.owner = OWNER
        self.owner_url = server.owner_url(database)
        self.superuser_url = server.superuser_url(database)

    def create(self) -> None:
        from cadence.hub.admin import init
        from cadence.hub.config import owner_config

        self.server.execute(f"CREATE DATABASE {self.database}")
        init(owner_config(self.superuser_url, {}), OWNER)

    def create_at_version(self, version: int) -> None:
        """The hub as an older cadence set it up, by its owner's login that may create roles and owns the
        database (as cadence's docs said then): its first `version` migrations, by hand."""
        import psycopg
        from psycopg import sql

        from cadence.hub.schema import MIGRATIONS, statements

        self.owner = f"{self.database}_owner"
        self.owner_url = self.server.url(self.owner, OWNER_PASSWORD, self.database)
        self.server.execute(f"CREATE ROLE {self.owner} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'")
        self.server.execute(f"CREATE DATABASE {self.database} OWNER {self.owner}")
        with psycopg.connect(self.owner_url) as db:
            for role in (self.roles.members, self.roles.coaches):
                db.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            db.execute("CREATE SCHEMA cadence")
            for script in MIGRATIONS[:version]:
                for statement in statements(script, members=self.roles.members, coaches=self.roles.coaches):
                    db.execute(statement)
            db.execute(
                "INSERT INTO cadence.hub (version, members, coaches) VALUES (%s, %s, %s)",
                (version, self.roles.members, self.roles.coaches),
            )

    def add(self, kind: str, name: str) -> str:
        """A member or a coach, as `cadence hub add-member|add-coach` makes them; the URL it printed."""
        import contextlib
        import io

        from cadence.cli import main

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["hub", f"add-{kind}", name, "--url", self.owner_url], {})
        assert code == 0, out.getvalue()
        return out.getvalue().splitlines()[-1]

    def add_as_before(self, kind: str, name: str) -> str:
        """A member or a coach of a hub an older cadence set up, as its owner's login made them then."""
        import psycopg
        from psycopg import sql

        group = self.roles.members if kind == "member" else self.roles.coaches
        with psycopg.connect(self.owner_url) as db:
            db.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(name), sql.Literal(OWNER_PASSWORD), sql.Identifier(group)
                )
            )
            db.execute("INSERT INTO cadence.members (name, kind) VALUES (%s, %s)", (name, kind))
        return self.server.url(name, OWNER_PASSWORD, self.database)

    def rows(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.server.execute(statement, *params, database=self.database)

    def remove(self) -> None:
        self.server.execute(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        for group in (self.roles.members, self.roles.coaches):
            people = self.server.execute(
                "SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
                " JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = %s",
                group,
            )
            for (name,) in people:
                self.server.execute(f'DROP ROLE IF EXISTS "{name}"')
        for role in (*self.roles, f"{self.database}_owner"):
            self.server.execute(f'DROP ROLE IF EXISTS "{role}"')
