"""A real PostgreSQL server for the hub's tests and benchmarks: initdb and pg_ctl into a temporary folder.

It listens on a Unix socket in that folder only (`listen_addresses=''`: no
network), with password (SCRAM) authentication, so that the roles cadence makes
log in as a member's or a coach's machine would. initdb refuses to run as root:
as root, the server runs as the `postgres` user (the Debian package makes it),
which is given the folder.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

PORT = 5432
SUPERUSER = "postgres"
SUPERUSER_PASSWORD = "postgres-test-password"
OWNER = "hubowner"
OWNER_PASSWORD = "owner-test-password"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else where Debian puts them (/usr/lib/postgresql/N/bin)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name))
    for folder in reversed(folders):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


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
    """A running server with an owner role that may create roles (as a hub's owner on a shared server), or None."""
    bin = binaries()
    if bin is None:
        return None
    server = Server(bin)
    server.initialise()
    server.start()
    server.execute(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'")
    return server


class Hub:
    """A hub set up by `cadence hub init` in a database of its own on the server; removed after its test."""

    def __init__(self, server: Server, database: str) -> None:
        self.server = server
        self.database = database
        self.owner_url = server.owner_url(database)

    def create(self) -> None:
        from cadence.hub.config import owner_config
        from cadence.hub.postgres import init

        self.server.execute(f"CREATE DATABASE {self.database} OWNER {OWNER}")
        init(owner_config(self.owner_url, {}))

    def create_at_version(self, version: int) -> None:
        """The hub as an older cadence set it up: its first `version` migrations, by hand, as its owner."""
        import psycopg
        from psycopg import sql

        from cadence.hub.postgres import MIGRATIONS, group_roles, statements

        self.server.execute(f"CREATE DATABASE {self.database} OWNER {OWNER}")
        members, coaches = group_roles(self.database)
        with psycopg.connect(self.owner_url) as db:
            for role in (members, coaches):
                db.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            db.execute("CREATE SCHEMA cadence")
            for script in MIGRATIONS[:version]:
                for statement in statements(script, members=members, coaches=coaches):
                    db.execute(statement)
            db.execute(
                "INSERT INTO cadence.hub (version, members, coaches) VALUES (%s, %s, %s)", (version, members, coaches)
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

    def rows(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.server.execute(statement, *params, database=self.database)

    def remove(self) -> None:
        from cadence.hub.postgres import group_roles

        self.server.execute(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        for group in group_roles(self.database):
            members = self.server.execute(
                "SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
                " JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = %s",
                group,
            )
            for (name,) in members:
                self.server.execute(f'DROP ROLE IF EXISTS "{name}"')
            self.server.execute(f'DROP ROLE IF EXISTS "{group}"')
