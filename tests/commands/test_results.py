"""Results that tell what works: counts and levels, rates per metric, sources, the weak verdict, notes.

The expected values are worked out by hand in the comments beside them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input, Static

from cadence.clock import Clock
from cadence.config import PlanSource
from cadence.core.calendar import Schedule, resolve_start
from cadence.core.goals import trend_at, weekly_levels
from cadence.core.review import review
from cadence.core.status import Ledger, Result
from cadence.plan import check_text
from cadence.tui.app import CadenceApp, make_app
from cadence.tui.screens.results import ResultsScreen
from helpers import Cli, PlanWriter, StoreOpener, begin_run
from helpers import Result as Run
from plans import goal, plan, plan_table, task
from shells import bash_complete

MON = date(2026, 11, 23)


def day(offset: int) -> date:
    """Day `offset` of the plan: 0 is Monday 2026-11-23."""
    return MON + timedelta(days=offset)


PLAN = plan(
    plan_table("Results", rest_days=["sun"], makeup_days=1),
    task("post", "Post", days="weekdays", unit="posts", duration="1h", results=["leads", "replies"]),
    task("comment", "Comments", days="weekdays", unit="comments", target=10, duration="1h", results=["leads"]),
    task("dm", "Messages", days="weekdays", unit="messages", target=5, results=["leads"]),
    goal("leads", "Leads", metric="leads", target=20, by="week 4"),
    goal("followers", "Followers", metric="followers", target=1500, by="week 4", checkpoints={2: 1200, 4: 1500}),
)
WEEKDAYS = [offset for week in range(3) for offset in range(week * 7, week * 7 + 5)]
"""The fifteen weekdays of weeks 1-3, each done in full by every task."""


def schedule_of(text: str = PLAN) -> Schedule:
    found, diagnostics = check_text(text, "results.toml")
    assert found is not None, [str(d) for d in diagnostics]
    return Schedule(found, resolve_start(found, MON))


def worked(results: tuple[Result, ...], readings: tuple[Result, ...] = ()) -> Ledger:
    amounts = {
        (task_id, day(offset)): target
        for offset in WEEKDAYS
        for task_id, target in (("post", 1), ("comment", 10), ("dm", 5))
    }
    return Ledger(amounts, results=results, readings=readings)


RESULTS = (
    *(Result("leads", 2, day(offset), "post") for offset in (2, 9, 16)),  # 6 leads in 15 hours: 0.4/h
    *(Result("replies", 10, day(offset), "post") for offset in (1, 8, 15)),  # 30 replies: 2.0/h, never added to leads
    Result("leads", 1, day(17), "comment"),  # 1 lead in 15 hours: 0.0667/h, under a quarter of 0.4: weak
    *(Result("leads", 1, day(offset), "dm") for offset in (3, 10, 17)),  # 3 leads in 15 messages done: 0.2 each
    Result("leads", 2, day(5), None),  # a Saturday's leads logged without a task
)
TODAY = day(20)  # Saturday of week 3


def test_two_tasks_feed_one_goal_at_different_rates_and_a_weak_one_is_told() -> None:
    found = review(schedule_of(), worked(RESULTS), TODAY)
    tasks = {t.task.id: t for t in found.tasks}
    post, comment, dm = tasks["post"], tasks["comment"], tasks["dm"]
    assert (post.done, post.hours, post.results) == (15, 15.0, {"leads": 6, "replies": 30})
    assert post.per_hour == {"leads": pytest.approx(0.4), "replies": pytest.approx(2.0)}
    assert post.per_occurrence == {"leads": pytest.approx(0.4), "replies": pytest.approx(2.0)}
    assert post.verdict == "working"
    assert comment.per_hour == {"leads": pytest.approx(1 / 15)}
    assert comment.verdict == "weak"  # 0.0667/h < 0.4/h / 4
    # no duration: per occurrence only (3 leads / 15 done = 0.2, half the best 0.4: not weak)
    assert (dm.hours, dm.per_hour) == (0.0, {"leads": None})
    assert dm.per_occurrence == {"leads": pytest.approx(0.2)}
    assert dm.verdict == "working"
    assert found.unattributed == {"leads": 2}

    leads = found.goals[0]
    assert (leads.kind, leads.start, leads.current) == ("count", None, 12)  # 6 + 1 + 3 + 2
    assert leads.projected == pytest.approx(16.0)  # 12 in 21 days of 28
    assert not leads.on_pace
    assert [(s.task, s.value, round(s.share, 4)) for s in leads.sources] == [
        ("post", 6, 0.5),
        ("dm", 3, 0.25),
        (None, 2, 0.1667),
        ("comment", 1, 0.0833),
    ]
    assert [None if s.per_hour is None else round(s.per_hour, 4) for s in leads.sources] == [0.4, None, None, 0.0667]


READINGS = (
    Result("followers", 1100, day(3)),
    Result("followers", 1050, day(10)),  # readings may go down
    Result("followers", 1170, day(12)),
    Result("followers", 1180, day(12)),  # the day's last reading is the day's level
    Result("followers", 1300, day(17)),
)
LEVEL_PLAN = PLAN.replace('metric = "followers"', 'metric = "followers"\nfrom = 1000')


def test_a_level_goal_reads_its_latest_level_and_projects_the_least_squares_trend() -> None:
    schedule = schedule_of(LEVEL_PLAN)
    found = review(schedule, worked(RESULTS, READINGS), TODAY)
    followers = found.goals[1]
    assert (followers.kind, followers.start, followers.current) == ("level", 1000, 1300)
    # points (day, level): (0, 1000) from `from`, (3, 1100), (10, 1050), (12, 1180), (17, 1300);
    # mean x 8.4, mean y 1126, slope 2768 / 189.2; at day 27 (Sun 20 Dec): 1126 + 18.6 * 2768 / 189.2
    assert followers.projected == pytest.approx(1126 + 18.6 * 2768 / 189.2) == pytest.approx(1398.1184, abs=1e-4)
    assert not followers.on_pace
    assert [(c.week, c.value, c.actual, c.status) for c in followers.checkpoints] == [
        (2, 1200, 1180, "missed"),  # 1180 on Sun 6 Dec
        (4, 1500, 1300, "upcoming"),
    ]
    assert followers.sources == ()
    assert weekly_levels(schedule, followers, TODAY) == [1100, 1180, 1300]
    # a level is not a task's result: no task shows followers
    assert all("followers" not in t.results for t in found.tasks)
    assert "followers" not in found.unattributed


def test_a_level_without_from_starts_at_its_first_reading() -> None:
    found = review(schedule_of(), worked((), READINGS[:1]), TODAY)
    followers = found.goals[1]
    # one reading: no trend yet, the projection is the level itself
    assert (followers.kind, followers.start, followers.current, followers.projected) == ("level", 1100, 1100, 1100)


def test_trend_needs_two_days() -> None:
    assert trend_at([(3, 10.0)], 9) is None
    assert trend_at([(3, 10.0), (3, 12.0)], 9) is None
    assert trend_at([(0, 0.0), (1, 2.0), (2, 4.0)], 10) == pytest.approx(20.0)


# ------------------------------------------------------------------ the command line


@pytest.fixture
def logged(cli: Cli, write_plan: PlanWriter) -> Any:
    path = write_plan(LEVEL_PLAN)

    def run(*args: str, at: str = "2026-11-26T20:00") -> Run:
        return cli(*args, "--plan", str(path), CADENCE_NOW=at)

    return run


def test_log_records_readings_beside_counts_and_review_json_tells_them_apart(logged: Any) -> None:
    assert logged("check", "post", "--note", "thread on pricing").code == 0
    said = logged("log", "followers@1100", "leads=2", "--task", "post")
    assert (said.code, said.out) == (0, "Logged followers at 1100, leads 2 for post on Thu 2026-11-26.\n")
    assert logged("log", "followers@1080", at="2026-11-27T20:00").code == 0
    data = json.loads(logged("review", "--json", at="2026-11-27T21:00").out)
    post = data["tasks"][0]
    assert (post["results"], post["per_hour"], post["per_occurrence"]) == (
        {"leads": 2, "replies": 0},
        {"leads": 2.0, "replies": 0.0},
        {"leads": 2.0, "replies": 0.0},
    )
    assert "results_per_hour" not in post
    followers = data["goals"][1]
    assert {k: followers[k] for k in ("kind", "from", "current", "readings")} == {
        "kind": "level",
        "from": 1000,
        "current": 1080,
        "readings": [{"date": "2026-11-26", "value": 1100}, {"date": "2026-11-27", "value": 1080}],
    }
    assert data["notes"] == [{"date": "2026-11-26", "task": "post", "text": "thread on pricing"}]
    assert data["unattributed"] == {}


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        (
            "followers@1100",
            "followers=5",
            "followers is a level (a total read off a dashboard): log a reading as followers@N, not followers=5",
        ),
        (
            "leads=1",
            "leads@4",
            "leads is a count (each value logged is new results): log it as leads=N, not leads@4",
        ),
        (None, "followers@-3", "the reading of followers cannot be negative, not '-3'"),
        # a metric a task declares in its results is a count from the start: `@` on it is a slip
        (
            None,
            "replies@4",
            "replies is a count (each value logged is new results): log it as replies=N, not replies@4",
        ),
        # the followers goal declares `from`: a level before its first reading
        (
            None,
            "followers=5",
            "followers is a level (a total read off a dashboard): log a reading as followers@N, not followers=5",
        ),
        (None, "followers@lots", "the reading of followers must be a number, not 'lots'"),
        (None, "followers@2000000000", "the reading of followers must be at most 1,000,000,000, not '2000000000'"),
        (
            None,
            "subs@3 subs=1 --new-metric",
            "subs is a level (a total read off a dashboard): log a reading as subs@N, not subs=1",
        ),
    ],
)
def test_the_wrong_form_is_refused_in_one_line_and_nothing_is_written(
    logged: Any, first: str | None, then: str, message: str
) -> None:
    if first is not None:
        assert logged("log", first).code == 0
    before = logged("export", "--format", "json").out
    result = logged("log", *then.split())
    assert (result.code, result.out, result.err) == (1, "", f"cadence: error: {message}\n")
    assert logged("export", "--format", "json").out == before


def test_undo_of_a_reading_takes_it_back_and_the_metric_is_free_again(logged: Any) -> None:
    assert logged("log", "followers@1100").code == 0
    undone = logged("undo")
    assert (undone.code, undone.out) == (0, "Undid reading followers@1100 on Thu 26 Nov.\n")
    followers = json.loads(logged("review", "--json").out)["goals"][1]
    assert (followers["current"], followers["readings"]) == (1000, [])  # back to `from`
    assert logged("log", "followers@1120").code == 0


def test_completion_offers_a_level_with_its_at_sign(logged: Any) -> None:
    assert logged("log", "leads=1").code == 0
    words = logged("complete", "metrics").out.split()
    # followers: a goal with `from` and nothing logged yet; leads: counted; replies: a task's result
    assert words == ["leads=", "replies=", "followers@"]


# ------------------------------------------------------------------ properties

METRICS = ("leads", "replies", "followers_seen")
TASKS = ("post", "comment", "dm", None)
results_strategy = st.lists(
    st.builds(
        Result,
        st.sampled_from(METRICS),
        st.integers(1, 50).map(float),
        st.integers(0, 27).map(day),
        st.sampled_from(TASKS),
    ),
    max_size=40,
)


@pytest.mark.slow  # 150 histories of results
@settings(max_examples=150, deadline=None)
@given(results_strategy, st.integers(0, 27))
def test_every_result_is_in_a_task_or_unattributed_and_shares_add_up(results: list[Result], today: int) -> None:
    schedule = schedule_of()
    found = review(schedule, worked(tuple(results)), day(today))
    for metric in METRICS:
        logged = sum(r.amount for r in results if r.metric == metric and r.day <= day(today))
        by_tasks = sum(t.results.get(metric, 0) for t in found.tasks)
        assert by_tasks + found.unattributed.get(metric, 0) == pytest.approx(logged)
    leads = found.goals[0]
    if leads.sources:
        assert sum(source.share for source in leads.sources) == pytest.approx(1.0)
        assert sum(source.value for source in leads.sources) == pytest.approx(leads.current)
    for t in found.tasks:
        for metric, per_hour in t.per_hour.items():
            # a rate is its own metric's results over the hours: never a sum across metrics
            if per_hour is not None:
                assert per_hour == pytest.approx(t.results[metric] / t.hours)


# ------------------------------------------------------------------ the TUI


@pytest.fixture
def app_on(open_store: StoreOpener, tmp_path: Path) -> Callable[[], CadenceApp]:
    """The app on the results plan on Thursday 26 Nov, in use since its first day; the store closed after."""

    def build() -> CadenceApp:
        path = tmp_path / "results.toml"
        path.write_text(LEVEL_PLAN)
        store = open_store(tmp_path / "home")
        begin_run(store, path, MON)
        now = datetime(2026, 11, 26, 20, 0, tzinfo=ZoneInfo("Europe/London"))
        return make_app(PlanSource(path, "results.toml"), store, Clock(now), os.environ, reminders=False)

    return build


def _recorded(app: CadenceApp) -> list[tuple[str, str | None, str | None, float | None]]:
    return [(e.kind, e.task, e.metric, e.amount) for e in app.state.store.events() if e.kind != "start"]


async def test_the_results_dialog_takes_a_reading_beside_counts(app_on: Callable[[], CadenceApp]) -> None:
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")  # on the first item, the post
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        app.screen.query_one("#metric-leads", Input).value = "2"
        app.screen.query_one("#other", Input).value = "followers@1100"
        app.screen.query_one("#other", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ResultsScreen)
        # the reading is the account's, not the post's
        assert _recorded(app) == [("result", "post", "leads", 2.0), ("reading", None, "followers", 1100.0)]


async def test_the_results_dialog_refuses_a_negative_reading_in_place(app_on: Callable[[], CadenceApp]) -> None:
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#other", Input).value = "followers@-5"
        app.screen.query_one("#other", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        problem = str(app.screen.query_one("#problem", Static).render())
        assert problem == "the reading of followers cannot be negative, not '-5'"
        assert _recorded(app) == []


def test_bash_completes_a_level_with_its_at_sign_once_it_has_a_reading(logged: Any, write_plan: PlanWriter) -> None:
    plain = write_plan(PLAN, "plain.toml")  # no `from`: subscribers and followers are counts until read
    assert bash_complete(["cadence", "log", "foll"], plain) == ["followers="]
    assert logged("log", "followers@1100").code == 0  # the home of `logged`, which bash's cadence reads too
    assert bash_complete(["cadence", "log", "foll"], plain) == ["followers@"]


def test_results_without_a_task_say_which_goals_count_them(logged: Any) -> None:
    assert logged("log", "leads=2").code == 0
    assert logged("log", "calls=1", "--new-metric").code == 0
    lines = logged("review", at="2026-11-27T21:00").out.splitlines()
    assert [line for line in lines if "(no task)" in line] == [
        "  (no task)  leads 2, calls 1: logged without a task, counted for goals (leads)",
        "    from (no task) 2 (100%)",  # the leads goal's sources
    ]
