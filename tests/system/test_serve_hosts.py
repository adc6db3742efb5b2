"""The page answers only to its addresses and the names it was given: a request whose Host is another name (a
page elsewhere pointing a name of its own at this machine) is refused in one line and reaches nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from web import Client, Served, serving

REFUSED = (
    "This page answers at its address and at localhost, not at rebind.example. To open it as rebind.example,"
    " give that address as the page's URL: [serve] url in config.toml, or cadence serve --url.\n"
)


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST", "[::1]:{port}", "10.0.0.7"])
def test_an_address_or_localhost_is_answered(phone: Client, served: Served, host: str) -> None:
    answer = phone.request("GET", "/", headers={"Host": host.format(port=served.port)})
    assert answer.status == 200
    assert "Today" in answer.text


@pytest.mark.parametrize("host", ["rebind.example:{port}", "rebind.example", "Rebind.Example"])
def test_another_name_is_refused_before_anything_is_read_or_written(
    phone: Client, served: Served, host: str, home: Path
) -> None:
    answer = phone.request("GET", "/", headers={"Host": host.format(port=served.port)})
    assert (answer.status, answer.text) == (400, REFUSED)
    posted = phone.post("/check", {"task": "comment", "day": "2026-12-02"}, headers={"Host": "rebind.example"})
    assert (posted.status, posted.text) == (400, REFUSED)
    assert "Thoughtful comments" in phone.page("/")  # the page as it was: nothing checked in
    assert "0/3" in phone.page("/")
    log = (home / "serve.log").read_text(encoding="utf-8")
    assert "refused a request for rebind.example: not a name this page answers to" in log


def test_the_name_of_the_url_it_was_given_is_answered(plan_file: Path, isolated_env: dict[str, str]) -> None:
    with serving(plan_file, isolated_env, False, "--url", "https://cadence.example.org") as found:
        client = found.client()
        reached = client.request("GET", "/", headers={"Host": "cadence.example.org"})
        assert reached.status == 401  # the page itself: this browser is not paired
        refused = client.request("GET", "/", headers={"Host": "rebind.example"})
        assert refused.status == 400
        assert "answers at its address and at cadence.example.org, localhost, not at rebind.example" in refused.text
