"""Shift and repeat-week: free days opened and the rest moved, a week done again, finishing a run, and the
refusals; each checked against what was already lived."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import Cli, PlanWriter
from planned import Planned, items
from plans import plan, plan_table, task

SHIFTY = plan(
    plan_table("Shifty", start=date(2026, 11, 30), weeks=3, makeup_days=1),
    task("comment", "Comments", days="weekdays", at="08:30", unit="comments", target={"start": 2, "peak": 4}),
    task("post", "Post", days=["mon"], unit="posts"),
)


@pytest.fixture
def shifty(cli: Cli, write_plan: PlanWriter) -> Planned:
    """A plan from Mon 2026-11-30, in use since that day."""
    planned = Planned(cli, write_plan(SHIFTY, "shifty.toml"))
    assert planned("today", at="2026-11-30T08:00").code == 0
    return planned


def test_shift_3_opens_three_free_days_and_moves_the_rest(shifty: Planned) -> None:
    result = shifty("shift", "3", "--rotate")
    assert result.out == (
        "Shifted Shifty 3 days from Wed 2026-12-02: 2026-12-02 to 2026-12-04 are free,"
        " and the plan now ends on Wed 2026-12-23.\n"
        "The weekly rhythm rotated: each day's work falls on another weekday (Monday's on Thursdays).\n"
    )
    today = shifty.json("today")
    assert (today["shifted"], today["week"], today["items"]) == (True, None, [])
    saturday = shifty.json("today", "--date", "2026-12-05")
    assert (saturday["week"], items(saturday)) == (1, [("comment", 2, "open")])  # Wednesday's work, moved
    week2 = shifty.json("today", "--date", "2026-12-10")
    assert (week2["week"], items(week2)) == (2, [("comment", 3, "open"), ("post", 1, "open")])
    shown = shifty.json("plan", "show")
    first = shown["weeks"][0]["days"]
    assert [(d["date"], d.get("shifted", False), len(d["items"])) for d in first] == [
        ("2026-11-30", False, 2),
        ("2026-12-01", False, 1),
        ("2026-12-02", True, 0),
        ("2026-12-03", True, 0),
        ("2026-12-04", True, 0),
        ("2026-12-05", False, 1),
        ("2026-12-06", False, 1),
        ("2026-12-07", False, 1),
        ("2026-12-08", False, 0),
        ("2026-12-09", False, 0),
    ]
    assert shown["end"] == "2026-12-23"
    assert shifty("undo").out == "Undid shift of 3 days from Wed 02 Dec.\n"
    assert shifty.json("today")["shifted"] is False


def test_shift_in_weeks_from_a_day(shifty: Planned) -> None:
    result = shifty("shift", "2w", "--from", "2026-12-07")
    assert result.out == (
        "Shifted Shifty 14 days from Mon 2026-12-07: 2026-12-07 to 2026-12-20 are free,"
        " and the plan now ends on Sun 2027-01-03.\n"
    )
    resumed = shifty.json("today", "--date", "2026-12-21", at="2026-12-21T09:00")
    assert (resumed["week"], items(resumed)) == (2, [("comment", 3, "open"), ("post", 1, "open")])


def test_repeat_week_does_this_week_again_with_its_targets(shifty: Planned) -> None:
    result = shifty("repeat-week")
    assert result.out == (
        "Week 1 again of 3: Mon 2026-12-07 to Sun 2026-12-13; everything after moves 7 days later,"
        " and the plan now ends on Sun 2026-12-27.\n"
    )
    shown = shifty.json("plan", "show")
    assert [(w["number"], w["repeat_of"]) for w in shown["weeks"]] == [(1, None), (1, 1), (2, None), (3, None)]
    again = shifty.json("today", "--date", "2026-12-07", at="2026-12-07T09:00")
    assert (again["week"], again["repeat_of"], items(again)) == (1, 1, [("comment", 2, "open"), ("post", 1, "open")])
    later = shifty.json("today", "--date", "2026-12-14", at="2026-12-14T09:00")
    assert (later["week"], items(later)) == (2, [("comment", 3, "open"), ("post", 1, "open")])
    assert shifty("undo").out == "Undid repeat of week 1 asked on Wed 02 Dec.\n"
    assert [w["number"] for w in shifty.json("plan", "show")["weeks"]] == [1, 2, 3]


def test_the_streak_passes_over_the_shifted_days(shifty: Planned) -> None:
    shifty("check", "comment", at="2026-11-30T20:00")
    shifty("check", "post", at="2026-11-30T20:00")
    shifty("check", "comment", at="2026-12-01T20:00")
    shifty("shift", "3", "--rotate")
    shifty("check", "comment", at="2026-12-05T20:00")
    streak = shifty.json("streak", at="2026-12-05T21:00")
    assert (streak["current"], streak["longest"], streak["today"]) == (3, 3, "kept")
    review = shifty.json("review", at="2026-12-05T21:00")
    assert review["adherence"] == 1


def test_the_calendar_follows_a_shift(shifty: Planned) -> None:
    shifty("shift", "3", "--rotate")
    text = shifty("export", "--format", "ics").out
    from icalendar import Calendar

    events = {
        str(event["uid"]): str(event.decoded("dtstart"))[:10] for event in Calendar.from_ical(text).walk("VEVENT")
    }
    assert events["comment-2026-12-02@cadence"] == "2026-12-05"  # the same event, on its new day
    assert events["comment-2026-11-30@cadence"] == "2026-11-30"
    assert "2026-12-03" not in events.values()  # shifted days have no events


def test_finishing_prints_the_runs_report(shifty: Planned) -> None:
    for day in ("2026-11-30", "2026-12-01", "2026-12-02"):
        shifty("check", "comment", at=f"{day}T20:00")
    shifty("check", "post", at="2026-11-30T20:00")
    report = shifty("today", at="2026-12-21T09:00").out.splitlines()
    assert report[:3] == [
        "Shifty (run 1) is complete: Mon 2026-11-30 to Sun 2026-12-20.",
        f"Adherence: {round(100 * 4 / 18)}%",  # 15 comments and 3 posts; 3 comments and a post done
        "By task:",
    ]
    assert shifty.json("review", at="2026-12-21T09:00")["complete"] is True
    assert shifty.json("today", at="2026-12-21T09:00")["complete"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("shift", "0"), "shift by a number of days or weeks of at least 1, like 3 or 2w, not '0'"),
        (("shift", "soon"), "shift by a number of days or weeks of at least 1, like 3 or 2w, not 'soon'"),
        (
            ("shift", "1", "--from", "2026-11-29"),
            "cannot shift from 2026-11-29: it is before tracking began on Mon 2026-11-30",
        ),
        (("shift", "1", "--from", "2026-12-21"), "cannot shift from 2026-12-21: the plan ends on Sun 2026-12-20"),
        (("repeat-week", "--week", "9"), "week 9 is outside the plan's weeks 1-3"),
        (
            ("start", "monday"),
            "'Shifty' fixes its days in the plan file (start = 2026-11-30); edit 'start' there to move it",
        ),
        (("start", "someday"), "start on today, monday (or another weekday) or a date like 2026-12-07, not 'someday'"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(shifty: Planned, args: tuple[str, ...], message: str) -> None:
    before = shifty.export()
    result = shifty(*args)
    assert (result.code, result.out, result.err) == (1, "", f"cadence: error: {message}\n")
    assert shifty.export() == before


# --------------------------------------------------------------------------- found by living with it


def test_a_shift_keeps_the_work_already_done_today(shifty: Planned) -> None:
    shifty("check", "comment")
    result = shifty("shift", "2", "--rotate")
    assert result.out == (
        "Shifted Shifty 2 days from Thu 2026-12-03: 2026-12-03 to 2026-12-04 are free,"
        " and the plan now ends on Tue 2026-12-22.\n"
        "The weekly rhythm rotated: each day's work falls on another weekday (Monday's on Wednesdays).\n"
    )
    assert items(shifty.json("today")) == [("comment", 2, "done")]
    refused = shifty("shift", "1", "--from", "2026-12-01")
    assert refused.err == (
        "cadence: error: cannot shift from 2026-12-01: Wed 2026-12-02 already has check-ins or skips,"
        " which would then count for nothing; shift from the day after it\n"
    )


def test_a_shifted_day_still_shows_what_can_be_made_up(shifty: Planned) -> None:
    shifty("shift", "3", "--from", "2026-12-02", "--rotate", at="2026-12-02T08:00")
    data = shifty.json("today")
    assert (data["shifted"], [(i["id"], i["date"]) for i in data["makeup"]]) == (True, [("comment", "2026-12-01")])
    assert "Make up from earlier days:" in shifty("today").out


def test_repeat_week_changes_no_day_already_lived(shifty: Planned) -> None:
    later = "2026-12-09T09:00"  # week 2
    refused = shifty("repeat-week", "--week", "1", at=later)
    assert refused.err == (
        "cadence: error: week 1 is over (it ended on Sun 2026-12-06): no day already lived changes;"
        " 'cadence repeat-week --week 2' does week 2 again\n"
    )
    over = shifty("repeat-week", "--week", "3", at="2026-12-21T09:00")
    assert over.err == (
        "cadence: error: the plan is over (it ended on Sun 2026-12-20): 'cadence start --restart' begins it again\n"
    )


def test_the_fell_behind_line_goes_once_acted_upon(shifty: Planned) -> None:
    shifty("check", "comment", at="2026-11-30T20:00")
    tuesday = "2026-12-08T09:00"  # week 1 was 1 of 6 done, its make-up window over
    said = "Week 1 of 3 was 17% done: 'cadence repeat-week --week 2' does week 2 again before moving on"
    assert said in shifty("today", at=tuesday).out
    assert shifty("repeat-week", at=tuesday).code == 0
    assert "was 17% done" not in shifty("today", at=tuesday).out
