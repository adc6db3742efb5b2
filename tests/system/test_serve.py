"""The phone's check-in page, a real `cadence serve` on a loopback port: pairing, each write, each refusal."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cadence.store import DB_NAME, devices
from cadence.web.tokens import hashed, new_secret
from helpers import StoreOpener, run_process
from phone_page import LONDON, WEDNESDAY, events, item
from web import Client, Served, serving

# --------------------------------------------------------------------------- pairing


def test_pairing_sets_an_http_only_strict_cookie_whose_hash_alone_is_kept(served: Served, home: Path) -> None:
    client = served.client()
    assert served.link is not None and served.link.startswith(f"{served.base}/pair/")
    answer = client.pair(served.link, name="Ana's Pixel")
    assert answer.status == 303
    [cookie] = answer.cookies
    flags = [part.strip() for part in cookie.split(";")]
    assert flags[0].startswith("cadence_device=")
    assert "HttpOnly" in flags and "SameSite=strict" in flags and "Path=/" in flags
    assert "Secure" not in flags  # plain http on the loopback: a Secure cookie would never come back
    assert client.cookie is not None and len(client.cookie) == 43
    db = sqlite3.connect(home / DB_NAME)
    rows = db.execute("SELECT name, token FROM devices").fetchall()
    db.close()
    assert rows == [("ana-s-pixel", hashlib.sha256(client.cookie.encode()).hexdigest())]
    raw = b"".join(path.read_bytes() for path in home.glob(f"{DB_NAME}*"))
    assert client.cookie.encode() not in raw
    page = client.page("/")
    assert "Paired as &#39;ana-s-pixel&#39;" in page
    assert "Thoughtful comments" in page and "0/3 comments" in page and "○ open" in page
    listed = run_process("devices")
    assert listed.code == 0 and listed.out.splitlines()[1].startswith("ana-s-pixel  ")


def test_a_proxy_on_this_machine_that_says_https_makes_the_cookie_secure(served: Served) -> None:
    assert served.link is not None
    answer = served.client().pair(served.link, headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in [part.strip() for part in answer.cookies[0].split(";")]


def test_a_pairing_link_pairs_once(served: Served, home: Path) -> None:
    assert served.link is not None
    first = served.client()
    assert first.pair(served.link).status == 303
    again = served.client()
    code = served.link.rsplit("/", 1)[1]
    replayed = again.post("/pair", {"code": code, "name": "thief"}, csrf=False)
    assert replayed.status == 410 and not replayed.cookies
    assert "This pairing link was used already" in replayed.text
    assert again.get(f"/pair/{code}").status == 410
    assert run_process("devices").out.count("phone") == 1 and "thief" not in run_process("devices").out


def test_an_expired_link_pairs_nothing(
    plan_file: Path, isolated_env: dict[str, str], home: Path, open_store: StoreOpener
) -> None:
    code = new_secret()
    store = open_store(home)
    made = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
    devices.add_pairing(store, hashed(code), made + timedelta(minutes=10), made)
    store.close()
    later = {**isolated_env, "CADENCE_NOW": "2026-12-02T09:10:01"}  # ten minutes and a second later
    with serving(plan_file, later, pair=False) as found:
        client = found.client()
        shown = client.get(f"/pair/{code}")
        assert shown.status == 410 and "This pairing link has expired: a link is open for 10 minutes." in shown.text
        sent = client.post("/pair", {"code": code, "name": "late"}, csrf=False)
        assert sent.status == 410 and not sent.cookies
    assert "No device is paired." in run_process("devices").out


def test_failed_pairings_are_rate_limited_and_a_good_link_then_waits(served: Served) -> None:
    client = served.client()
    for attempt in range(5):
        forged = client.post("/pair", {"code": f"guess-{attempt}", "name": "x"}, csrf=False)
        assert forged.status == 404 and "This is not a pairing link cadence made." in forged.text
    assert served.link is not None
    blocked = client.get(served.link.removeprefix(served.base))
    assert blocked.status == 429 and "Too many pairing attempts: wait a minute" in blocked.text
    assert client.post("/pair", {"code": served.link.rsplit("/", 1)[1]}, csrf=False).status == 429
    assert "No device is paired." in run_process("devices").out


def test_a_second_pair_while_serving_prints_a_link_the_running_server_takes(served: Served, plan_file: Path) -> None:
    again = run_process("serve", "--pair", "--port", str(served.port), "--plan", str(plan_file))
    assert again.code == 0, again.err
    lines = again.out.splitlines()
    assert lines[0].startswith("Open this link on the phone (or scan the code) before ")
    assert lines[-1] == f"cadence already serves this home at {served.base} (the daemon?): the link works there."
    assert any("█" in line or "▀" in line for line in lines[2:-1])  # the QR code, drawn in half blocks
    link = lines[1].strip()
    assert served.client().pair(link, name="tablet").status == 303


# --------------------------------------------------------------------------- who may use it


def test_without_a_device_token_the_pairing_page_answers_and_nothing_is_written(served: Served, home: Path) -> None:
    client = served.client()
    for path in ("/", "/results", "/goals", "/item/comment/2026-12-02", "/nowhere"):
        answer = client.get(path)
        assert answer.status == 401 and "This device is not paired with cadence" in answer.text
        assert "Thoughtful comments" not in answer.text
    sent = client.post("/check", {"task": "comment", "day": WEDNESDAY, "csrf": "0" * 64}, csrf=False)
    assert sent.status == 401
    client.cookie = "forged" + "x" * 37
    assert client.get("/").status == 401
    assert client.post("/check", {"task": "comment", "day": WEDNESDAY}).status == 401
    assert events(home) == []


def test_a_revoked_device_is_turned_away(phone: Client, home: Path) -> None:
    assert phone.get("/").status == 200
    revoked = run_process("devices", "--revoke", "phone")
    assert (revoked.code, revoked.out) == (0, "Revoked phone: its cookie opens nothing from now on.\n")
    assert phone.get("/").status == 401
    assert phone.post("/check", {"task": "comment", "day": WEDNESDAY}).status == 401
    assert events(home) == []
    unknown = run_process("devices", "--revoke", "phone")
    assert (unknown.code, unknown.err) == (1, "cadence: error: no device is named 'phone'; paired: none is paired\n")


@pytest.mark.parametrize("csrf", ["", "0" * 64, "not hex at all ✓"])
def test_a_form_without_this_device_s_csrf_token_writes_nothing(phone: Client, home: Path, csrf: str) -> None:
    phone.page("/")
    answer = phone.post("/check", {"task": "comment", "day": WEDNESDAY, "csrf": csrf}, csrf=False)
    assert answer.status == 403 and "The form was stale or not this page&#39;s" in answer.text
    assert events(home) == []


@pytest.mark.parametrize(
    "path",
    [
        "/../cadence.db",
        "/static/../cadence.db",
        "/%2e%2e/cadence.db",
        "/static/%2e%2e%2fcadence.db",
        "/cadence.db",
        "/static/serve.log",
    ],
)
def test_path_tricks_reach_no_file(served: Served, phone: Client, path: str) -> None:
    for client in (phone, served.client()):
        answer = client.get(path)
        assert answer.status in (401, 404), (path, answer.status)
        assert "SQLite format" not in answer.text and "Traceback" not in answer.text


def test_a_huge_body_is_refused_before_it_is_read(phone: Client, home: Path) -> None:
    phone.page("/")
    answer = phone.post("/log", {"m:replies": "1", "note": "x" * 100_000, "date": WEDNESDAY})
    assert answer.status == 413 and "A form sends at most 16 KB; nothing was written." in answer.text
    assert events(home) == []


# --------------------------------------------------------------------------- the writes


def test_each_write_goes_through_the_write_path_as_web(phone: Client, plan_file: Path, home: Path) -> None:
    phone.page("/")
    page = phone.act("/check", task="comment", day=WEDNESDAY)
    assert "Checked in comment: 3/3 comments on Wed 2026-12-02, done." in page
    assert '<span class="status">✓ done</span>' in page
    page = phone.act("/step", task="comment", day=WEDNESDAY, change="-1")
    assert "comment: 2/3 comments on Wed 2026-12-02." in page and "◐ partial" in page
    page = phone.act("/step", task="comment", day=WEDNESDAY, change="1")
    assert "comment: 3/3 comments on Wed 2026-12-02." in page
    phone.page("/item/post/2026-12-02")
    page = phone.act("/check", task="post", day=WEDNESDAY, amount="1", note="on <b>LinkedIn</b>")
    assert "Checked in post: 1/1 post on Wed 2026-12-02, done." in page
    assert "“on &lt;b&gt;LinkedIn&lt;/b&gt;”" in page
    page = phone.act("/skip", task="comment", day="2026-12-01", reason="sick")
    assert "Skipped comment on Tue 2026-12-01: 1 occurrence excused (sick)." in page
    phone.page("/results")
    page = phone.act("/log", **{"m:replies": "2", "m:followers": "612", "task": "comment", "date": "2026-12-01"})
    assert "Logged replies 2, followers at 612 for comment on Tue 2026-12-01." in page
    assert events(home) == [
        ("checkin", "comment", WEDNESDAY, 3.0, None, None, "web"),
        ("checkin", "comment", WEDNESDAY, -1.0, None, None, "web"),
        ("checkin", "comment", WEDNESDAY, 1.0, None, None, "web"),
        ("checkin", "post", WEDNESDAY, 1.0, None, "on <b>LinkedIn</b>", "web"),
        ("skip", "comment", "2026-12-01", None, None, "sick", "web"),
        ("result", "comment", "2026-12-01", 2.0, "replies", None, "web"),
        ("reading", None, "2026-12-01", 612.0, "followers", None, "web"),
    ]
    assert (item(plan_file, "comment")["done"], item(plan_file, "post")["notes"]) == (3, ["on <b>LinkedIn</b>"])
    goals = phone.page("/goals")
    assert "612 of 1000 followers" in goals


def test_undo_on_the_command_line_reverses_a_web_write(phone: Client, plan_file: Path) -> None:
    phone.page("/")
    phone.act("/check", task="comment", day=WEDNESDAY)
    assert item(plan_file, "comment")["done"] == 3
    undone = run_process("undo", "--plan", str(plan_file))
    assert undone.out == "Undid check-in of Thoughtful comments 3 on Wed 02 Dec.\n"
    assert item(plan_file, "comment")["done"] == 0
    assert "0/3 comments" in phone.page("/")


def test_the_page_s_undo_takes_back_the_last_change(phone: Client, plan_file: Path, home: Path) -> None:
    phone.page("/")
    phone.act("/check", task="comment", day=WEDNESDAY, amount="2")
    page = phone.act("/undo")
    assert "Undid check-in of Thoughtful comments 2 on Wed 02 Dec." in page
    assert item(plan_file, "comment")["done"] == 0
    assert events(home)[-1][0] == "undo" and events(home)[-1][-1] == "web"


def test_a_tap_on_work_another_process_completed_does_nothing(phone: Client, plan_file: Path, home: Path) -> None:
    phone.page("/")  # the page shows 0/3; then the command line checks it in
    assert run_process("check", "comment", "--plan", str(plan_file)).code == 0
    page = phone.act("/check", task="comment", day=WEDNESDAY)
    assert "Already done: comment: 3/3 comments on Wed 2026-12-02." in page
    assert [row[-1] for row in events(home)] == ["cli"]
