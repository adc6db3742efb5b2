"""Life happens, and the weekly rhythm holds (issue 20), through the command line: each defect a new user met
in four weeks of a LinkedIn and X plan, with the values written out."""

from __future__ import annotations

import csv
import io
import json
import shlex
from pathlib import Path
from typing import Any

import pytest

from cadence.bundled import bundled_plans
from helpers import Cli, PlanWriter, Result
from weekly import WEEKLY


class Weekly:
    """Commands on the weekly plan, in use since its first day, with the clock set per call."""

    def __init__(self, cli: Cli, path: Path) -> None:
        self.cli = cli
        self.path = path

    def __call__(self, *args: str, at: str) -> Result:
        return self.cli(*args, "--plan", str(self.path), CADENCE_NOW=at)

    def json(self, *args: str, at: str) -> Any:
        result = self(*args, "--json", at=at)
        assert result.code == 0, result.err
        return json.loads(result.out)

    def days(self, at: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self("export", "--format", "days", at=at).out)))

    def log(self) -> str:
        return self("export", "--format", "json", at="2026-11-23T08:00").out


@pytest.fixture
def weekly(cli: Cli, write_plan: PlanWriter) -> Weekly:
    planned = Weekly(cli, write_plan(WEEKLY, "weekly.toml"))
    assert planned("today", at="2026-11-23T08:00").code == 0
    return planned


THURSDAY = "2026-12-03T09:00"
"""Week 2, the deload week: Wednesday and Thursday are the two sick days."""


# --------------------------------------------------------------------------- 1. a shift keeps the weekdays


def test_shift_by_days_is_refused_naming_what_would_move(weekly: Weekly) -> None:
    before = weekly.log()
    refused = weekly("shift", "2", at=THURSDAY)
    assert (refused.code, refused.out) == (1, "")
    assert refused.err == (
        "cadence: error: shifting by 2 days moves the weekly rhythm: your rest day would fall on Tuesdays,"
        " the Saturday block on Mondays; 'cadence shift 1w' keeps weekdays,"
        " 'cadence skip --all --from 2026-12-03 --to 2026-12-04' excuses the days; add --rotate to shift by days"
        " anyway\n"
    )
    assert weekly.log() == before
    suggested = [part for part in refused.err.split("'") if part.startswith("cadence ")]
    assert suggested == ["cadence shift 1w", "cadence skip --all --from 2026-12-03 --to 2026-12-04"]
    for command in suggested:  # each runs as printed
        assert weekly(*shlex.split(command)[1:], at=THURSDAY).code == 0
        assert weekly("undo", at=THURSDAY).code == 0


def test_a_shift_by_whole_weeks_keeps_every_weekday(weekly: Weekly) -> None:
    shifted = weekly("shift", "1w", at=THURSDAY)
    assert shifted.out == (
        "Shifted LinkedIn and X 7 days from Thu 2026-12-03: 2026-12-03 to 2026-12-09 are free,"
        " and the plan now ends on Sun 2027-01-24.\n"
    )
    week2 = weekly.json("plan", "show", "--week", "2", at=THURSDAY)["weeks"][0]["days"]
    assert [(d["date"], d["weekday"], [i["id"] for i in d["items"]]) for d in week2 if not d.get("shifted")] == [
        ("2026-11-30", "mon", ["comment"]),
        ("2026-12-01", "tue", ["comment"]),
        ("2026-12-02", "wed", ["comment"]),
        ("2026-12-10", "thu", ["comment"]),  # Thursday's work, on a Thursday
        ("2026-12-11", "fri", ["comment"]),
        ("2026-12-12", "sat", ["write"]),  # the Saturday block stays on Saturday
        ("2026-12-13", "sun", []),  # and the rest day on Sunday
    ]


def test_after_a_rotating_shift_plan_show_labels_the_real_weekdays(
    weekly: Weekly, monkeypatch: pytest.MonkeyPatch
) -> None:
    rotated = weekly("shift", "2", "--rotate", at=THURSDAY)
    assert rotated.out == (
        "Shifted LinkedIn and X 2 days from Thu 2026-12-03: 2026-12-03 to 2026-12-04 are free,"
        " and the plan now ends on Tue 2027-01-19.\n"
        "The weekly rhythm rotated: your rest day falls on Tuesdays, the Saturday block on Mondays.\n"
    )
    monkeypatch.setenv("COLUMNS", "100")
    lines = weekly("plan", "show", at="2026-12-05T09:00").out.splitlines()  # Saturday: the plan's Thursday
    assert lines[2:11] == [
        "Week Phase Vol  Min   Mon       Tue       Wed       Thu       Fri       Sat       Sun",
        " 1   -     1    0/120 comment 3 comment 3 comment 3 comment 3 comment 3 write 1   rest",
        "                      any days: post 1 ×3",
        "                      Mon       Tue       Wed       Sat       Sun       Mon       Tue",
        ">2   -     0.6  0/120 comment 2 comment 2 comment 2 *comme… 2 comment 2 write 1   rest",  # * under Sat
        "                      shifted: Thu 03 Dec to Fri 04 Dec, free",  # under the week they fall in
        "                      any days: post 1 ×3",
        "                      Deload week",
        "                      Wed       Thu       Fri       Sat       Sun       Mon       Tue",
    ]
    assert lines[11] == " 3   -     1    120   comment 3 comment 3 comment 3 comment 3 comment 3 write 1   rest"
    assert lines[-1] == "columns are each week's days in calendar order, under their real weekdays"
    week3 = weekly.json("plan", "show", "--week", "3", at=THURSDAY)["weeks"][0]["days"]
    assert [(d["date"], d["weekday"], [i["id"] for i in d["items"]]) for d in week3] == [
        ("2026-12-09", "wed", ["comment"]),
        ("2026-12-10", "thu", ["comment"]),
        ("2026-12-11", "fri", ["comment"]),
        ("2026-12-12", "sat", ["comment"]),
        ("2026-12-13", "sun", ["comment"]),
        ("2026-12-14", "mon", ["write"]),
        ("2026-12-15", "tue", []),
    ]
    saturday = [row for row in weekly.days(at=THURSDAY) if row["date"] == "2026-12-12"]
    assert [(r["weekday"], r["task"], r["week"]) for r in saturday] == [("Sat", "comment", "3"), ("Sat", "post", "3")]


# --------------------------------------------------------------------------- 2. quotas see the whole week


def test_a_vacation_booked_on_tuesday_prorates_the_quota_on_tuesday(weekly: Weekly) -> None:
    monday, tuesday = "2026-11-30T20:00", "2026-12-01T09:00"
    assert weekly("check", "post", at=monday).code == 0
    booked = weekly("skip", "--all", "--from", "2026-12-02", "--to", "2026-12-04", "--reason", "vacation", at=tuesday)
    assert booked.out == (
        "Skipped everything from Wed 2026-12-02 to Fri 2026-12-04: 6 occurrences excused (vacation).\n"
    )
    # 3 a week over Monday to Saturday, three of six days excused: 3 × 3/6 = 1.5, so 2; Monday's post counts
    assert "Post on X [1/2 this week]" in weekly("today", at=tuesday).out
    [post] = [item for item in weekly.json("today", at=tuesday)["items"] if item["id"] == "post"]
    assert (post["week_quota"], post["week_done"]) == (2, 1)
    rows = [row for row in weekly.days(at=tuesday) if row["task"] == "post" and row["date"] == "2026-12-01"]
    assert [(row["status"], row["this_week"]) for row in rows] == [("open", "1/2")]
    assert weekly("status", at=tuesday).out == "W2 · 0/2 due · streak 0\n"
    assert weekly("status", "--format", "{done} of {due}", at="2026-12-02T09:00").out == "\n"  # a day off


def test_a_quota_met_for_the_days_left_leaves_the_status_line(weekly: Weekly) -> None:
    assert weekly("check", "post", at="2026-11-30T20:00").code == 0
    assert weekly("check", "post", at="2026-12-01T20:00").code == 0
    booked = weekly("skip", "--all", "--from", "2026-12-03", "--to", "2026-12-05", at="2026-12-01T20:00")
    assert booked.code == 0, booked.err
    wednesday = "2026-12-02T09:00"  # Thursday to Saturday booked: 3 × 3/6 = 2 posts, both in
    assert weekly("status", at=wednesday).out == "W2 · 0/1 due · streak 0\n"  # the comments only
    assert [item["id"] for item in weekly.json("today", at=wednesday)["items"]] == ["comment"]


# --------------------------------------------------------------------------- 3. a skip is not work done


def test_skipped_items_never_count_as_done(weekly: Weekly) -> None:
    wednesday = "2026-11-25T09:00"
    assert weekly("skip", "comment", "--reason", "sick", at=wednesday).code == 0
    assert (
        weekly("status", at=wednesday).out == "W1 · 0/1 due · streak 0\n"
    )  # the post is left; the comments are excused
    assert weekly("check", "post", at=wednesday).code == 0
    assert weekly("status", at=wednesday).out == "W1 · 1/1 due · streak 0\n"
    assert weekly("skip", "--all", "--date", "2026-11-26", at=wednesday).code == 0
    assert weekly("status", at="2026-11-26T09:00").out == "\n"  # everything excused: nothing due, nothing done


# --------------------------------------------------------------------------- 4. days that break a streak look broken


def test_a_day_partly_done_past_its_window_is_the_day_that_broke_the_streak(weekly: Weekly) -> None:
    assert weekly("check", "comment", "2", at="2026-11-23T20:00").code == 0  # 2 of 3
    assert weekly("check", "comment", at="2026-11-24T20:00").code == 0
    wednesday = "2026-11-25T09:00"  # Monday's window has closed
    monday = [row for row in weekly.days(at=wednesday) if row["date"] == "2026-11-23" and row["task"] == "comment"]
    assert [(row["status"], row["day_status"]) for row in monday] == [("partial", "missed")]
    tuesday = [row for row in weekly.days(at=wednesday) if row["date"] == "2026-11-24" and row["task"] == "comment"]
    assert [(row["status"], row["day_status"]) for row in tuesday] == [("done", "done")]
    streak = weekly.json("streak", at=wednesday)
    assert (streak["current"], streak["longest"], streak["comebacks"]) == (1, 1, 1)


# --------------------------------------------------------------------------- 5. metric names are checked


def test_a_metric_the_plan_does_not_know_is_refused_with_did_you_mean(weekly: Weekly) -> None:
    day = "2026-11-24T20:00"
    before = weekly.log()
    typo = weekly("log", "folowers=3", at=day)
    assert (typo.code, typo.err) == (
        1,
        "cadence: error: 'folowers' is not a metric of this plan; did you mean 'followers@'?"
        " (--new-metric starts a new one)\n",
    )
    count = weekly("log", "conections=2", "--task", "comment", at=day)
    assert count.err == (
        "cadence: error: 'conections' is not a metric of this plan; did you mean 'connections='?"
        " (--new-metric starts a new one)\n"
    )
    unknown = weekly("log", "impressions=400", at=day)
    assert unknown.err == (
        "cadence: error: 'impressions' is not a metric of this plan, which has boosts=, connections=, followers@,"
        " replies= (--new-metric starts a new one)\n"
    )
    assert weekly.log() == before
    assert weekly("log", "impressions=400", "--new-metric", at=day).out == "Logged impressions 400 on Tue 2026-11-24.\n"
    assert weekly("log", "impressions=380", at=day).code == 0  # logged once in this run, it is known
    assert "impressions=" in weekly("complete", "metrics", at=day).out.split()


# --------------------------------------------------------------------------- 6. templates float


def test_a_template_writes_no_start_unless_asked(cli: Cli, tmp_path: Path) -> None:
    floating = tmp_path / "steady.toml"
    written = cli("plan", "new", str(floating), "--template", "steady-rhythm")
    assert written.out == (
        f"Wrote {floating}: it starts on the Monday of the week you first use it ('cadence start' picks another day)."
        f" Edit it, then run 'cadence plan check {floating}'.\n"
    )
    assert "# start = 2026-11-30  # without a fixed day, the plan starts when first used\n" in floating.read_text()
    at = "2027-03-10T09:00"  # a Wednesday, after the template's date
    data = json.loads(cli("today", "--json", "--plan", str(floating), CADENCE_NOW=at).out)
    assert (data["start"], data["tracking_from"], data["end"], data["week"]) == (
        "2027-03-08",
        "2027-03-10",
        "2027-05-02",
        1,
    )
    fixed = tmp_path / "fixed.toml"
    assert cli("plan", "new", str(fixed), "--template", "steady-rhythm", "--start", "2027-03-15").code == 0
    assert "\nstart = 2027-03-15\n" in fixed.read_text()


def test_a_plan_whose_every_day_is_past_is_warned_of_and_never_runs_backwards(cli: Cli) -> None:
    old = bundled_plans()["steady-rhythm"]  # start = 2026-11-30, eight weeks
    at = "2027-03-10T09:00"
    warning = (
        f"{old}:8:9: warning: every day of this plan is past: it ended on Sun 2027-01-24; set a later start,"
        " or remove it and the plan starts when first used\n"
    )
    checked = cli("plan", "check", str(old), CADENCE_NOW=at)
    assert (checked.code, checked.err) == (0, warning)
    used = cli("use", str(old), CADENCE_NOW=at)
    assert (used.code, used.err) == (0, warning)
    report = cli("today", CADENCE_NOW=at).out.splitlines()
    assert report[0] == (
        "Steady rhythm (run 1) is complete: Mon 2026-11-30 to Sun 2027-01-24, over before its first use on"
        " Wed 2027-03-10, so nothing was tracked."
    )


# --------------------------------------------------------------------------- 8. suggestions name what they mean


def test_the_fell_behind_line_suggests_a_command_that_does_what_it_says(weekly: Weekly) -> None:
    assert weekly("check", "comment", at="2026-11-23T20:00").code == 0  # week 1: one day of five
    tuesday = "2026-12-01T09:00"  # week 2; week 1's make-up window is over
    said = [line for line in weekly("today", at=tuesday).out.splitlines() if line.startswith("Week 1")]
    assert said == [
        "Week 1 of 8 was 14% done: 'cadence repeat-week --week 2' does week 2 again before moving on,"
        " 'cadence shift 1w' gives you a week."
    ]
    repeated = weekly("repeat-week", "--week", "2", at=tuesday)
    assert repeated.out == (
        "Week 2 again of 8: Mon 2026-12-07 to Sun 2026-12-13; everything after moves 7 days later,"
        " and the plan now ends on Sun 2027-01-24.\n"
    )


def test_a_goal_waits_two_weeks_to_project_and_is_met_or_missed_after_the_end(weekly: Weekly) -> None:
    assert weekly("log", "connections=1", at="2026-11-23T20:00").code == 0

    def goal(at: str) -> tuple[Any, Any, Any, str]:
        found = weekly.json("review", at=at)["goals"][0]
        line = next(line for line in weekly("review", at=at).out.splitlines() if "Connections:" in line)
        return found["projected"], found["on_pace"], found["pace"], line

    assert goal("2026-11-24T09:00") == (
        None,
        None,
        "too_early",
        "  Connections: 1 of 60 connections by 2027-01-17; too early to project",
    )
    assert goal("2026-12-06T09:00") == (  # 14 days tracked: 1 × 56 / 14
        4.0,
        False,
        "behind",
        "  Connections: 1 of 60 connections by 2027-01-17; projected 4, behind pace",
    )
    assert goal("2027-01-18T09:00") == (
        1.0,
        False,
        "missed",
        "  Connections: 1 of 60 connections by 2027-01-17; missed",
    )


# --------------------------------------------------------------------------- the comeback


def test_the_day_after_a_miss_leads_with_the_comeback_and_a_kept_day_counts_it(weekly: Weekly) -> None:
    assert weekly("check", "comment", at="2026-11-23T20:00").code == 0
    thursday = "2026-11-26T09:00"  # Tuesday and Wednesday left undone: Tuesday's window closed, Wednesday's is open
    lines = weekly("today", at=thursday).out.splitlines()
    assert lines[:2] == [
        "LinkedIn and X · week 1 of 8 · Thu 2026-11-26",
        "Comeback: Tue 24 Nov was missed. Start small, as in week 1: Comments (3 comments). A kept day now is a"
        " comeback.",
    ]
    assert weekly.json("today", at=thursday)["comeback"] == {
        "missed": "2026-11-24",
        "tasks": [{"id": "comment", "target": 3, "unit": "comments"}],
    }
    assert weekly("check", "comment", at="2026-11-26T20:00").code == 0
    evening = "2026-11-26T21:00"
    assert weekly.json("today", at=evening)["comeback"] is None  # came back
    assert weekly.json("streak", at=evening)["comebacks"] == 1
    assert weekly.json("review", at=evening)["comebacks"] == 1
    assert "Comebacks: 1 (a day kept after a missed one)" in weekly("review", at=evening).out.splitlines()
    assert "Comebacks: 1 (a day kept after a missed one)" in weekly("streak", at=evening).out.splitlines()


# --------------------------------------------------------------------------- the exports


def test_the_calendar_cancels_excused_days_and_prorates_the_weekly_quota(weekly: Weekly) -> None:
    from icalendar import Calendar

    tuesday = "2026-12-01T09:00"
    assert (
        weekly("skip", "--all", "--from", "2026-12-02", "--to", "2026-12-04", "--reason", "vacation", at=tuesday).code
        == 0
    )
    calendar = Calendar.from_ical(weekly("export", "--format", "ics", at=tuesday).out)
    week2 = {
        str(event["uid"]): (str(event["summary"]), str(event.get("status", "")))
        for event in calendar.walk("VEVENT")
        if "2026-11-30" <= str(event.decoded("dtstart"))[:10] <= "2026-12-06"
    }
    assert week2 == {
        "comment-2026-11-30@cadence": ("Comments (2 comments)", ""),
        "comment-2026-12-01@cadence": ("Comments (2 comments)", ""),
        "comment-2026-12-02@cadence": ("Comments (2 comments)", "CANCELLED"),
        "comment-2026-12-03@cadence": ("Comments (2 comments)", "CANCELLED"),
        "comment-2026-12-04@cadence": ("Comments (2 comments)", "CANCELLED"),
        "write-2026-12-05@cadence": ("Writing block", ""),
        "post-week-2026-11-30@cadence": ("Post on X (2× 1 post this week)", ""),  # three of six days excused
    }
