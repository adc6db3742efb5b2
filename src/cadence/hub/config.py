"""Which hub a home syncs with, and as whom: `[sync]` in config.toml, or `$CADENCE_SYNC_URL`.

`[sync]` is read and checked with the rest of config.toml, where every command
reads it (`paths.sync_table`); here its values, the variable and a hub
command's `--url` become one SyncConfig. Read without the driver, so a command
that only wrote pays nothing for it. The URL may carry a password (as the one a
hub's owner hands out does); cadence shows and keeps only
`member@host:port/database`, never the password.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

from cadence.config import HUB_URL, SYNC_URL, ConfigError, sync_table

URL_VARIABLE = SYNC_URL


class SyncConfig(NamedTuple):
    url: str
    """As given; it may hold a password, so it is never printed or stored."""
    member: str
    """The member whose events sync: the role the hub knows."""
    key: str
    """`member@host:port/database`: how the store and the messages name the hub."""

    @property
    def user_in_url(self) -> bool:
        return bool(urlsplit(self.url).username)


def login_name(env: Mapping[str, str]) -> str:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if env.get(name):
            return env[name]
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def hub_key(url: str, member: str) -> str:
    """Where a hub is, without its password: `member@host:port/database`."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = unquote(parts.hostname or "") or (query.get("host") or ["localhost"])[0]
    try:
        port = parts.port or int((query.get("port") or ["5432"])[0])
    except ValueError:
        raise ConfigError(f"the hub URL has a port that is not a number: {_shown(url)}") from None
    database = unquote(parts.path.lstrip("/")) or (query.get("dbname") or [member])[0]
    return f"{member}@{host}:{port}/{database}"


def _shown(url: str) -> str:
    """A URL with its password blanked, for a message."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def parse(url: str, member: str | None, env: Mapping[str, str], where: str) -> SyncConfig:
    if not url.startswith(HUB_URL):
        raise ConfigError(f"{where} must be a postgresql:// URL, like postgresql://ana@hub.example/cadence")
    user = unquote(urlsplit(url).username or "")
    if user and member and user != member:
        raise ConfigError(
            f"[sync] member is '{member}' but {where} connects as '{user}'; a member syncs as its own role"
        )
    name = member or user or login_name(env)
    return SyncConfig(url, name, hub_key(url, name))


def sync_config(env: Mapping[str, str]) -> SyncConfig | None:
    """The hub of `[sync]` (its url, or `$CADENCE_SYNC_URL` first), or None when there is none."""
    table = sync_table(env)
    url = env.get(URL_VARIABLE) or table.url
    if not url:
        return None
    where = f"${URL_VARIABLE}" if env.get(URL_VARIABLE) else "[sync] url"
    return parse(url, table.member, env, where)


def owner_config(flag: str | None, env: Mapping[str, str]) -> SyncConfig:
    """The connection of a `hub` command: `--url` (an owner's), else the `[sync]` url."""
    if flag:
        user = unquote(urlsplit(flag).username or "")
        return parse(flag, user or None, env, "--url")
    found = sync_config(env)
    if found is None:
        raise ConfigError(
            "no hub to connect to: give --url postgresql://OWNER@HOST/DATABASE, or set [sync] url in config.toml"
        )
    return found


def needed(env: Mapping[str, str]) -> SyncConfig:
    found = sync_config(env)
    if found is None:
        raise ConfigError(
            f'no hub to sync with: set [sync] url = "postgresql://..." in config.toml, or ${URL_VARIABLE}'
        )
    return found
