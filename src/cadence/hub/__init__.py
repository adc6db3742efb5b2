"""Beyond one machine: syncing a home with a hub on PostgreSQL, and a coach's view of a team.

- `config`: which hub and as whom: `[sync]` of config.toml, `$CADENCE_SYNC_URL` (no driver loaded)
- `sync`: the `Hub` protocol, and one sync of a home written once against it: push what the
  hub lacks, pull the member's other machines
- `postgres`: the driver (psycopg): the Hub on PostgreSQL, the hub's schema and its version,
  row-level security, roles
- `memory`: the Hub in memory, through which a coach's view syncs each member's log
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
