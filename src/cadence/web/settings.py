"""Where the page listens and how a phone reaches it: `cadence serve` flags over `[serve]` of config.toml."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from cadence.config import serve_table

HOST = "127.0.0.1"
PORT = 8730
INSTALL = "pip install 'cadence[serve]'"
"""What a person runs when the web stack is missing (an optional extra)."""


class Settings(NamedTuple):
    host: str
    port: int
    url: str | None
    """The address a phone opens (a reverse proxy's https:// name), when it is not http://HOST:PORT."""
    enabled: bool
    """The daemon serves the page."""

    @property
    def base(self) -> str:
        """Where the pairing link points."""
        if self.url:
            return self.url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def settings(
    env: Mapping[str, str], host: str | None = None, port: int | None = None, url: str | None = None
) -> Settings:
    """The flags given, else `[serve]`, else 127.0.0.1:8730; a config with errors raises its ConfigError."""
    table = serve_table(env)
    found_host = host or str(table.get("host", HOST))
    found_port = port if port is not None else int(table.get("port", PORT))  # type: ignore[call-overload]
    found_url = url or (str(table["url"]) if "url" in table else None)
    return Settings(found_host, found_port, found_url, bool(table.get("enabled", False)))


def missing_stack() -> str | None:
    """The one line to say when the web stack is not installed, or None when it is."""
    from importlib.util import find_spec

    for module in ("starlette", "uvicorn", "jinja2", "segno"):
        try:
            found = find_spec(module)
        except (ImportError, ValueError):  # a module half there, or taken out of sys.modules
            found = None
        if found is None:
            return f"the check-in page needs the serve extra, which is not installed: {INSTALL}"
    return None
