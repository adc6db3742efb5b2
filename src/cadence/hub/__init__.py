"""Beyond one machine: syncing a home with a hub on PostgreSQL, and a coach's view of a team.

- `config`: `[sync]` of config.toml and `$CADENCE_SYNC_URL` (no driver loaded)
- `postgres`: the driver (psycopg), the hub's schema and its row-level security, roles
- `sync`: one sync of a home: push what the hub lacks, pull the member's other machines
- `background`: syncing after a command's write, in a process of its own
- `live`: syncing in the daemon and the open TUI, every five minutes and after each write
- `team`: a coach's view: each member's events pulled into a store of their own, read
  by the same review as a home's

The local store stays the source of every read; the hub is never asked to show
anything. Only `postgres` imports psycopg, and only the hub's commands and the
sync path import `postgres`.
"""

from __future__ import annotations

from cadence.errors import CadenceError


class HubError(CadenceError):
    """The hub could not be used: one line, already in the person's words (`sync: ...`)."""

    prefix = ""


class Unreachable(HubError):
    """No answer from the hub: no server, no network, a connection cut off halfway."""


class Refused(HubError):
    """The hub answered no: a wrong password, a role that is not a member, a hub not set up."""
