"""The read commands through the command line: output, JSON shapes, exit codes, precedence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cadence.bundled import bundled_plans
from helpers import Cli, PlanWriter, run_process
from plans import block, phase, plan_table, task, week
from plans import plan as plan_toml

PLAN = plan_toml(
    plan_table("Test plan", day_starts="04:00", rest_days=["sun"]),
    phase("Base", weeks="1-2"),
    week(3, volume=0.5, note="Deload"),
    task(
        "comment",
        "Comments",
        days="weekdays",
        at="08:30",
        duration="20m",
        unit="comments",
        target={"start": 4, "peak": 10},
    ),
    task("post", "Post", per_week=2, unit="posts"),
    block("article", "Article", days=["wed"], at="14:00", duration="2h"),
)


@pytest.fixture
def plan(write_plan: PlanWriter, cli: Cli) -> Path:
    """The plan, in use since its first day (a first use on FIXED_NOW would track from that Wednesday)."""
    path = write_plan(PLAN)
    assert cli("today", "--plan", str(path), CADENCE_NOW="2026-11-23T09:00").code == 0
    return path


def test_today_json(cli: Cli, plan: Path) -> None:
    result = cli("today", "--json", "--plan", str(plan))
    assert result.code == 0, result.err
    assert json.loads(result.out) == {
        "date": "2026-12-02",
        "plan": "Test plan",
        "run": 1,
        "start": "2026-11-23",
        "end": "2026-12-20",
        "tracking_from": "2026-11-23",
        "complete": False,
        "overrun_days": 0,
        "week": 2,
        "repeat_of": None,
        "weeks": 4,
        "phase": "Base",
        "rest_day": False,
        "shifted": False,
        "untracked": False,
        # Monday's comments were missed (its window closed yesterday): today leads with the comeback
        "comeback": {"missed": "2026-11-30", "tasks": [{"id": "comment", "target": 4, "unit": "comments"}]},
        "items": [
            {
                "id": "comment", "kind": "task", "title": "Comments", "target": 6, "unit": "comments",
                "done": 0, "status": "open", "at": "08:30", "duration_min": 20, "required": True,
                "channel": None, "per_week": None, "week_quota": None, "week_done": None, "week_extra": None,
                "notes": [],
            },
            {
                "id": "article", "kind": "block", "title": "Article", "target": 1, "unit": "session",
                "done": 0, "status": "open", "at": "14:00", "duration_min": 120, "required": True,
                "channel": None, "per_week": None, "week_quota": None, "week_done": None, "week_extra": None,
                "notes": [],
            },
            {
                "id": "post", "kind": "task", "title": "Post", "target": 1, "unit": "posts",
                "done": 0, "status": "open", "at": None, "duration_min": None, "required": True,
                "channel": None, "per_week": 2, "week_quota": 2, "week_done": 0, "week_extra": 0, "notes": [],
            },
        ],
        "makeup": [
            {
                "id": "comment", "kind": "task", "title": "Comments", "target": 6, "unit": "comments",
                "done": 0, "status": "open", "at": "08:30", "duration_min": 20, "required": True,
                "channel": None, "per_week": None, "week_quota": None, "week_done": None, "week_extra": None,
                "notes": [], "date": "2026-12-01",
            },
        ],
    }  # fmt: skip


def test_today_human(cli: Cli, plan: Path) -> None:
    result = cli("today", "--plan", str(plan))
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Test plan · week 2 of 4 · Base · Wed 2026-12-02"
    assert lines[1] == (
        "Comeback: Mon 30 Nov was missed. Start small, as in week 1: Comments (4 comments). A kept day now is a comeback."
    )
    assert "Comments" in lines[2] and "0/6 comments" in lines[2] and lines[2].endswith("open")
    assert "14:00-16:00" in lines[3] and "Article" in lines[3]
    assert "Post [0/2 this week]" in lines[4]
    assert lines[5] == "Make up from earlier days:"


def test_day_starts_moves_an_early_moment_to_the_day_before(cli: Cli, plan: Path) -> None:
    result = cli("today", "--json", "--plan", str(plan), CADENCE_NOW="2026-12-02T03:59")
    assert json.loads(result.out)["date"] == "2026-12-01"


def test_rest_day(cli: Cli, plan: Path) -> None:
    result = cli("today", "--json", "--plan", str(plan), CADENCE_NOW="2026-12-06T10:00")
    data = json.loads(result.out)
    assert (data["rest_day"], data["items"], data["week"]) == (True, [], 2)
    human = cli("today", "--plan", str(plan), CADENCE_NOW="2026-12-06T10:00").out
    assert "Rest day: recovery is part of the plan." in human


def test_today_with_date_shows_that_day_at_now(cli: Cli, plan: Path) -> None:
    data = json.loads(cli("today", "--json", "--date", "2026-12-09", "--plan", str(plan)).out)
    assert (data["date"], data["week"], data["phase"], data["makeup"]) == ("2026-12-09", 3, None, [])
    assert [(i["id"], i["target"], i["status"]) for i in data["items"]] == [
        ("comment", 4, "open"),  # 4 + 6*2/3 = 8, halved by the deload
        ("article", 1, "open"),
        ("post", 1, "open"),
    ]
    past = json.loads(cli("today", "--json", "--date", "2026-11-24", "--plan", str(plan)).out)
    assert [(i["id"], i["status"]) for i in past["items"]] == [("comment", "missed"), ("post", "open")]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-20T12:00", "Test plan starts on Mon 2026-11-23, in 3 days."),
        ("2026-12-21T12:00", "Test plan (run 1) is complete: Mon 2026-11-23 to Sun 2026-12-20."),
    ],
)
def test_outside_the_plan(cli: Cli, plan: Path, now: str, expected: str) -> None:
    result = cli("today", "--plan", str(plan), CADENCE_NOW=now)
    assert (result.code, result.out.splitlines()[0]) == (0, expected)
    data = json.loads(cli("today", "--json", "--plan", str(plan), CADENCE_NOW=now).out)
    assert (data["week"], data["items"], data["makeup"]) == (None, [], [])


def test_plan_show_json(cli: Cli, plan: Path) -> None:
    data = json.loads(cli("plan", "show", "--json", "--plan", str(plan)).out)
    assert (data["name"], data["start"], data["end"]) == ("Test plan", "2026-11-23", "2026-12-20")
    assert [(w["number"], w["phase"], w["volume"]) for w in data["weeks"]] == [
        (1, "Base", 1), (2, "Base", 1), (3, None, 0.5), (4, None, 1),
    ]  # fmt: skip
    week3 = data["weeks"][2]
    assert [d["date"] for d in week3["days"]][0::6] == ["2026-12-07", "2026-12-13"]
    assert week3["days"][2] == {
        "date": "2026-12-09",
        "weekday": "wed",
        "rest_day": False,
        "items": [
            {"id": "comment", "kind": "task", "target": 4, "unit": "comments", "at": "08:30", "duration_min": 20},
            {"id": "article", "kind": "block", "target": 1, "unit": "session", "at": "14:00", "duration_min": 120},
        ],
    }
    assert week3["days"][6] == {"date": "2026-12-13", "weekday": "sun", "rest_day": True, "items": []}
    assert week3["flexible"] == [{"id": "post", "kind": "task", "target": 1, "unit": "posts", "times": 2}]
    assert week3["note"] == "Deload"
    assert week3["planned_minutes"] == 5 * 20 + 120


def test_plan_show_one_week(cli: Cli, plan: Path) -> None:
    data = json.loads(cli("plan", "show", "--week", "4", "--json", "--plan", str(plan)).out)
    assert [w["number"] for w in data["weeks"]] == [4]
    text = cli("plan", "show", "--week", "3", "--plan", str(plan)).out
    assert text.splitlines()[:3] == ["Week 3 of 4 · volume 0.5", "Deload", "Mon 2026-12-07"]
    assert "Any 2 days this week: Post (1 post)" in text
    assert text.splitlines()[-1] == "Planned time: 220 min"


def test_plan_show_grid(cli: Cli, plan: Path) -> None:
    lines = cli("plan", "show", "--plan", str(plan)).out.splitlines()
    assert lines[0] == "Test plan: 4 weeks, Mon 2026-11-23 to Sun 2026-12-20"
    assert lines[2].split() == ["Week", "Phase", "Vol", "Min", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    week2 = next(line for line in lines if line.startswith(">2"))
    assert "*comment 6" in week2  # today, Wednesday of week 2
    assert week2.split()[-1] == "rest"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "show", "--week", "5"), "cadence: error: week 5 is outside the plan's weeks 1-4\n"),
        (("today",), "cadence: error: CADENCE_NOW is not an ISO date-time like 2026-12-01T09:00: 'tomorrow'\n"),
    ],
)
def test_user_errors(cli: Cli, plan: Path, args: tuple[str, ...], message: str) -> None:
    env = {"CADENCE_NOW": "tomorrow"} if args == ("today",) else {}
    result = cli(*args, "--plan", str(plan), **env)
    assert (result.code, result.out, result.err) == (1, "", message)


@pytest.mark.parametrize(
    "args",
    [
        ("frobnicate",),
        ("today", "--date", "someday"),
        ("plan",),
        ("plan", "show", "--week", "x"),
        ("today", "--bogus"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert result.err.startswith("cadence") and "error:" in result.err


def test_plan_new_writes_a_plan_that_checks_clean_and_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    assert cli("plan", "new", str(target)).code == 0
    assert target.read_text().splitlines()[1] == "# A four-week starter plan for cadence."
    check = cli("plan", "check", str(target))
    assert (check.code, check.err) == (0, "")
    target.write_text("# my edits\n")
    again = cli("plan", "new", str(target))
    assert again.code == 1
    assert (
        again.err == f"cadence: error: {target} already exists; choose another name (cadence never overwrites a plan)\n"
    )
    assert target.read_text() == "# my edits\n"


@pytest.mark.parametrize("name", sorted(bundled_plans()))
def test_bundled_plans_check_clean(cli: Cli, name: str) -> None:
    path = bundled_plans()[name]
    result = cli("plan", "check", str(path))
    assert (result.code, result.err) == (0, "")


def test_bundled_plans_are_the_promised_three() -> None:
    assert sorted(bundled_plans()) == ["social-half-marathon", "starter-4-weeks", "steady-rhythm"]


def test_default_plan_starts_on_the_monday_of_first_use_and_stays(cli: Cli, tmp_path: Path) -> None:
    first = json.loads(cli("today", "--json").out)
    assert (first["plan"], first["start"], first["week"]) == ("Social half marathon", "2026-11-30", 1)
    later = json.loads(cli("today", "--json", CADENCE_NOW="2026-12-16T09:00").out)
    assert (later["start"], later["week"]) == ("2026-11-30", 3)
    assert (tmp_path / "home" / "cadence.db").exists()


def test_plan_show_does_not_record_a_start(cli: Cli, tmp_path: Path) -> None:
    data = json.loads(cli("plan", "show", "--json").out)
    assert data["start"] == "2026-11-30"
    assert not (tmp_path / "home").exists()


def test_plan_precedence(cli: Cli, write_plan: PlanWriter, tmp_path: Path) -> None:
    flag = write_plan(PLAN.replace("Test plan", "From flag"), "flag.toml")
    env = write_plan(PLAN.replace("Test plan", "From env"), "env.toml")
    configured = write_plan(PLAN.replace("Test plan", "From config"), "configured.toml")
    config_dir = tmp_path / "config" / "cadence"
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text(f'plan = "{configured}"\n')

    def name(*args: str, **extra: str) -> str:
        return str(json.loads(cli("today", "--json", *args, **extra).out)["plan"])

    assert name() == "From config"
    assert name(CADENCE_PLAN=str(env)) == "From env"
    assert name("--plan", str(flag), CADENCE_PLAN=str(env)) == "From flag"


def test_bad_config_is_one_line(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "config" / "cadence" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('plna = "x.toml"\n')
    result = cli("today")
    assert (result.code, result.err) == (
        1,
        f"cadence: error: {config}:1:1: error: unknown key 'plna' in config.toml; it may hold: plan, theme, reminders, sync,"
        " serve\n",
    )


def test_home_flag_and_env(cli: Cli, tmp_path: Path) -> None:
    cli("today", "--home", str(tmp_path / "flag-home"))
    assert (tmp_path / "flag-home" / "cadence.db").exists()
    cli("today", CADENCE_HOME=str(tmp_path / "env-home"))
    assert (tmp_path / "env-home" / "cadence.db").exists()


def test_home_defaults_to_the_user_data_folder(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CADENCE_HOME")
    assert cli("today").code == 0
    assert (tmp_path / "data" / "cadence" / "cadence.db").exists()


def test_home_is_private(cli: Cli, tmp_path: Path) -> None:
    cli("today")
    home = tmp_path / "home"
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / "cadence.db").stat().st_mode & 0o777 == 0o600


def test_no_command_with_a_missing_plan_is_one_line_before_any_screen(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    for args in (("--plan", str(missing)), (f"--plan={missing}",)):
        result = run_process(*args)
        assert (result.code, result.out) == (1, "")
        assert result.err == f"{missing}: error: no such plan file; create one with 'cadence plan new FILE'\n"


@pytest.mark.parametrize("args", [("--plan",), ("--bogus",), ("--plan", "a.toml", "--plan", "b.toml", "frobnicate")])
def test_no_command_with_other_flags_is_a_usage_error(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 2 and result.err.count("\n") == 1


def test_plan_list_templates(cli: Cli) -> None:
    result = cli("plan", "list-templates")
    assert result.code == 0
    assert [line.split()[0] for line in result.out.splitlines()] == [
        "social-half-marathon",
        "starter-4-weeks",
        "steady-rhythm",
    ]


@pytest.mark.parametrize("template", ["social-half-marathon", "starter-4-weeks", "steady-rhythm"])
def test_plan_new_from_each_template_checks_clean(cli: Cli, tmp_path: Path, template: str) -> None:
    target = tmp_path / f"{template}.toml"
    assert cli("plan", "new", str(target), "--template", template).code == 0
    body = bundled_plans()[template].read_text().split("\n", 1)[1]
    # a template floats: its date is the day it was written, long past when it is used
    body = body.replace(
        "start = 2026-11-30\n", "# start = 2026-11-30  # without a fixed day, the plan starts when first used\n"
    )
    assert target.read_text().split("\n", 1)[1] == body  # all but the #:schema line, which names the installed file
    assert (cli("plan", "check", str(target)).code, cli("plan", "check", str(target)).err) == (0, "")


def test_plan_new_with_an_unknown_template(cli: Cli, tmp_path: Path) -> None:
    result = cli("plan", "new", str(tmp_path / "x.toml"), "--template", "starter-4-week")
    assert (result.code, result.err) == (
        1,
        "cadence: error: no template 'starter-4-week'; did you mean 'starter-4-weeks'?\n",
    )
    assert not (tmp_path / "x.toml").exists()


@pytest.mark.parametrize("columns", [80, 140])
def test_plan_show_grid_fits_the_terminal_and_keeps_the_targets(
    cli: Cli, columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = cli("plan", "show").out.splitlines()
    assert max(len(line) for line in lines) <= columns
    week1 = next(line for line in lines if line.startswith(">1"))
    days = week1[next(line for line in lines if line.startswith("Week")).index("Mon") :]
    cells = days.split()
    assert cells[cells.index("rest") - 1] == "1"  # Saturday's article keeps its target
    assert days.count(" 3") == 5  # Monday to Friday: comments 3, however narrow


def test_plan_new_creates_the_folders_it_names_and_says_so(cli: Cli, tmp_path: Path) -> None:
    """The README's own example: `cadence plan new ~/plans/mine.toml` on a home with no plans folder."""
    target = tmp_path / "userhome" / "plans" / "mine.toml"
    made = cli("plan", "new", "~/plans/mine.toml")
    assert (made.code, made.err) == (0, "")
    assert made.out == (
        "Created the folder ~/plans, which was not there.\n"
        "Wrote ~/plans/mine.toml: it starts on the Monday of the week you first use it"
        " ('cadence start' picks another day). Edit it, then run 'cadence plan check ~/plans/mine.toml'.\n"
    )
    assert target.read_text().splitlines()[1] == "# A four-week starter plan for cadence."
    again = cli("plan", "new", "~/plans/mine.toml")
    assert (again.code, again.out) == (1, "")
    assert (
        again.err
        == "cadence: error: ~/plans/mine.toml already exists; choose another name (cadence never overwrites a plan)\n"
    )
    second = cli("plan", "new", str(tmp_path / "userhome" / "plans" / "other.toml"))
    assert second.out.splitlines()[0].startswith("Wrote ")  # the folder is there now: nothing to say


def test_plan_new_under_a_file_is_one_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("not a folder\n")
    refused = cli("plan", "new", str(tmp_path / "notes" / "plans" / "mine.toml"))
    assert (refused.code, refused.out) == (1, "")
    assert refused.err == (
        f"cadence: error: cannot create the folder for {tmp_path}/notes/plans/mine.toml: Not a directory\n"
    )
    assert (tmp_path / "notes").read_text() == "not a folder\n"
