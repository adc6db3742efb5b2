"""A whole day excused from the phone: today when life happens, or a day ahead booked from the week strip, as
`cadence skip --all` excuses it."""

from __future__ import annotations

from pathlib import Path

from phone_page import WEDNESDAY, events, item
from web import Client


def test_the_whole_day_is_excused_from_today_s_page(phone: Client, home: Path, plan_file: Path) -> None:
    page = phone.page("/")
    assert '<input type="hidden" name="all" value="1">' in page
    assert "Skip all of Wed 02 Dec" in page
    page = phone.act("/skip", all="1", day=WEDNESDAY, reason="sick")
    assert "Skipped everything on Wed 2026-12-02: 2 occurrences excused (sick)." in page
    assert events(home) == [("skip", None, WEDNESDAY, None, None, "sick", "web")]
    assert (item(plan_file, "comment")["status"], item(plan_file, "post")["status"]) == ("skipped", "skipped")


def test_a_day_ahead_is_booked_from_its_page(phone: Client, home: Path) -> None:
    page = phone.page("/?date=2026-12-04")
    assert "Skip all of Fri 04 Dec" in page
    page = phone.act("/skip", all="1", day="2026-12-04", reason="travel")
    assert "Skipped everything on Fri 2026-12-04: 2 occurrences excused (travel)." in page
    assert events(home) == [("skip", None, "2026-12-04", None, None, "travel", "web")]


def test_a_day_skip_the_plan_refuses_says_why_and_writes_nothing(phone: Client, home: Path) -> None:
    page = phone.post("/skip", {"all": "1", "day": "2026-11-20", "back": "/"})
    assert page.status == 303
    shown = phone.page(page.location)
    assert (
        '<p class="refused" role="alert" id="refused">2026-11-20 is outside the plan, which runs from 2026-11-23'
        " to 2026-12-20</p>" in shown
    )
    assert events(home) == []
