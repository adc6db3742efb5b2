"""Paired devices in the store (migration 7), `cadence devices`, `[serve]` in config.toml, and the page's pure parts."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cadence.store import devices
from cadence.store.migrations import SCHEMA_VERSION
from cadence.web.limits import FailureLimit
from cadence.web.pages import visible
from cadence.web.settings import Settings, settings
from cadence.web.tokens import csrf_for, csrf_matches, hashed, new_secret
from helpers import Cli, StoreOpener
from stores import build_at_version

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_earlier_store_migrates_to_one_that_pairs_devices(
    version: int, open_store: StoreOpener, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    build_at_version(home, version)
    store = open_store(home)
    assert store.version == SCHEMA_VERSION
    devices.add_pairing(store, "c0de", NOW + timedelta(minutes=10), NOW)
    assert devices.pair(store, "c0de", "70ken", "phone", NOW) == "phone"
    assert devices.device_for(store, "70ken") == devices.Device("phone", "2026-12-02T09:00:00+00:00", None)
    if version >= 2:
        assert [(event.task, event.day) for event in store.events()] == [("comment", "2026-01-05")]


def test_a_link_pairs_once_before_it_expires_and_names_never_clash(open_store: StoreOpener, tmp_path: Path) -> None:
    store = open_store(tmp_path / "home")
    for code in ("a", "b", "c"):
        devices.add_pairing(store, code, NOW + timedelta(minutes=10), NOW)
    assert devices.pair(store, "a", "t1", "phone", NOW) == "phone"
    assert devices.pair(store, "a", "t2", "phone", NOW) is None
    assert devices.pairing_state(store, "a", NOW) == "used"
    assert devices.pair(store, "b", "t3", "phone", NOW + timedelta(minutes=9)) == "phone-2"
    late = NOW + timedelta(minutes=10, seconds=1)
    assert devices.pairing_state(store, "c", late) == "expired"
    assert devices.pair(store, "c", "t4", "phone", late) is None
    assert devices.pairing_state(store, "nope", NOW) == "unknown"
    assert [device.name for device in devices.devices(store)] == ["phone", "phone-2"]
    assert devices.revoke(store, "phone") and not devices.revoke(store, "phone")
    assert devices.device_for(store, "t1") is None and devices.device_for(store, "t3") is not None


def test_devices_lists_and_revokes_by_name(cli: Cli, open_store: StoreOpener, tmp_path: Path) -> None:
    assert cli("devices").out == "No device is paired. 'cadence serve --pair' prints a link to pair one.\n"
    store = open_store(tmp_path / "home")
    devices.add_pairing(store, "a", NOW + timedelta(minutes=10), NOW)
    devices.pair(store, "a", "t1", "phone", NOW)
    listed = cli("devices")
    assert listed.code == 0 and listed.out.splitlines()[0] == "name   paired            last used"
    assert listed.out.splitlines()[1].startswith("phone  2026-12-02 ") and listed.out.endswith("  never\n")
    wrong = cli("devices", "--revoke", "phnoe")
    assert (wrong.code, wrong.err) == (1, "cadence: error: no device is named 'phnoe'; paired: phone\n")
    assert cli("devices", "--revoke", "phone").out == "Revoked phone: its cookie opens nothing from now on.\n"
    assert devices.devices(store) == []


def test_tokens_are_kept_as_sha256_and_csrf_is_bound_to_the_device() -> None:
    token = new_secret()
    assert len(token) == 43 and token != new_secret()
    assert hashed(token) == hashlib.sha256(token.encode()).hexdigest()
    assert csrf_matches(token, csrf_for(token))
    assert not csrf_matches(new_secret(), csrf_for(token))
    assert not csrf_matches(token, "") and not csrf_matches(token, "é" * 64)


def test_failed_pairings_wait_a_minute_per_client_and_in_all() -> None:
    limit = FailureLimit()
    for second in range(5):
        assert not limit.blocked("10.0.0.1", float(second))
        limit.failed("10.0.0.1", float(second))
    assert limit.blocked("10.0.0.1", 5.0) and not limit.blocked("10.0.0.2", 5.0)
    assert not limit.blocked("10.0.0.1", 60.5)  # the first failure is a minute old
    for client in range(20):
        limit.failed(f"client-{client}", 61.0)
    assert limit.blocked("anyone", 61.0) and not limit.blocked("anyone", 121.5)


def test_control_characters_show_as_their_pictures() -> None:
    assert visible("a\x1b[31mb\x07\x7f\x85") == "a␛[31mb␇␡�"
    assert visible(3) == 3


def test_serve_settings_come_from_flags_then_config(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    assert settings(isolated_env) == Settings("127.0.0.1", 8730, None, False)
    assert settings(isolated_env).base == "http://127.0.0.1:8730"
    config = Path(isolated_env["XDG_CONFIG_HOME"]) / "cadence"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[serve]\nenabled = true\nport = 9000\nurl = "https://cadence.example.org/"\n')
    found = settings(isolated_env, host="::1")
    assert found == Settings("::1", 9000, "https://cadence.example.org/", True)
    assert found.base == "https://cadence.example.org"
    assert Settings("::1", 1234, None, True).base == "http://[::1]:1234"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[serve]\nport = 70000\n", "2:1: error: [serve] port must be from 1 to 65535, not 70000"),
        ("[serve]\nenabled = 'yes'\n", "2:1: error: [serve] 'enabled' must be true or false"),
        ("[serve]\nport = true\n", "2:1: error: [serve] 'port' must be a whole number"),
        ("[serve]\nurl = 'cadence.example.org'\n", "2:1: error: [serve] url must be an http:// or https:// address"),
        (
            "[serve]\nhots = '0.0.0.0'\n",
            "2:1: error: unknown key 'hots' in [serve]; it may hold: enabled, host, port, url",
        ),
        ("serve = 1\n", "1:1: error: 'serve' must be a table: write [serve] on a line of its own"),
    ],
)
def test_a_wrong_serve_table_is_one_line(cli: Cli, isolated_env: dict[str, str], text: str, said: str) -> None:
    config = Path(isolated_env["XDG_CONFIG_HOME"]) / "cadence"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(text)
    result = cli("serve")
    assert result.code == 1
    assert result.err.startswith(f"cadence: error: {config / 'config.toml'}:{said}"), result.err


def test_a_port_that_is_not_one_is_a_usage_error(cli: Cli) -> None:
    result = cli("serve", "--port", "http")
    assert result.code == 2 and "not a port from 1 to 65535: 'http'" in result.err
