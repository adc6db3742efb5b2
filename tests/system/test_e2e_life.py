"""Life happens, and the weekly rhythm holds (issue 20), in a real terminal at 80×24: tmux on a private socket.

The first-run question takes a key pressed before the first frame; two sick days are rotated only after the
sentence that says what moves, and the Plan grid then heads its columns with the real weekdays; and three weeks
of a LinkedIn and X plan are lived day by day through the keys: a vacation booked ahead, two sick days, a
result that came late, a comeback.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

from helpers import run_process
from plans import plan, plan_table, task
from terminal import Terminal
from weekly import WEEKLY


class Living:
    """The real `cadence` on the weekly plan, opened in tmux at 80×24 on one day after another."""

    def __init__(self, terminal: Terminal, tmp_path: Path, text: str = WEEKLY) -> None:
        self.terminal = terminal
        self.plan = tmp_path / "weekly.toml"
        self.plan.write_text(text)
        self.env = {
            "CADENCE_HOME": str(tmp_path / "home"),
            "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",  # no desktop: toasts only
            "TERM": "xterm-256color",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
        }
        self.seen: list[str] = []
        """Every screen waited for, in order: what a person saw."""

    def open(self, now: str, ready: str = "? Keys") -> None:
        settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**self.env, "CADENCE_NOW": now}.items())
        cadence = shlex.quote(str(Path(sys.executable).parent / "cadence"))
        self.terminal.open(f"env {settings} {cadence} --plan {shlex.quote(str(self.plan))}", width=80, height=24)
        self.wait(ready, f"cadence open on {now}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.terminal.tmux("send-keys", "-t", "app", *(["-l"] if literal else []), "--", *keys)  # "-5" is a key

    def type(self, text: str) -> None:
        self.keys(text, literal=True)

    def wait(self, text: str, what: str) -> str:
        self.terminal.wait(lambda: text in self.terminal.screen(), what)
        screen = self.terminal.screen()
        self.seen.append(screen)
        return screen

    def close(self) -> None:
        self.keys("q")
        self.terminal.wait(lambda: not self.terminal.alive(), "cadence to quit")
        self.terminal.tmux("kill-server")

    def cli(self, *args: str, at: str) -> Any:
        result = run_process(*args, "--json", "--plan", str(self.plan), env={**self.env, "CADENCE_NOW": at})
        assert result.code == 0, result.err
        return json.loads(result.out)


FLOATING = plan(plan_table("Floating plan", start=None), task("comment", "Thoughtful comments", target=3))


def test_a_key_pressed_at_once_answers_the_first_run_question(terminal: Terminal, tmp_path: Path) -> None:
    living = Living(terminal, tmp_path, FLOATING)
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**living.env, "CADENCE_NOW": "2026-12-02T09:30"}.items())
    cadence = shlex.quote(str(Path(sys.executable).parent / "cadence"))
    terminal.open(f"env {settings} {cadence} --plan {shlex.quote(str(living.plan))}", width=80, height=24)
    living.keys("m")  # before anything is drawn: it waits in the terminal for the first frame's question
    living.wait("Floating plan starts on Mon 07 Dec 2026.", "the plan to start next Monday")
    living.close()
    data = living.cli("today", at="2026-12-02T10:00")
    assert (data["start"], data["tracking_from"]) == ("2026-12-07", "2026-12-07")


def test_two_sick_days_rotate_the_rhythm_only_once_asked_and_the_grid_says_the_real_weekdays(
    terminal: Terminal, tmp_path: Path
) -> None:
    living = Living(terminal, tmp_path)
    assert living.cli("today", at="2026-11-23T08:00")["week"] == 1  # in use since its first day
    living.open("2026-12-03T09:30")  # Thursday of week 2: sick yesterday and today
    living.type(">")
    living.wait("Life happened: Thu 03 Dec (1 day)", "the life-happened dialog")
    living.keys("r")
    living.wait("the first day", "the range")
    living.type("yesterday")
    living.keys("Enter")
    living.wait("the last day", "the last day's field")
    living.type("today")
    living.keys("Enter")
    living.wait("Life happened: Wed 02 Dec to Thu 03 Dec (2 days)", "the two days")
    living.keys("3")
    screen = living.wait("Move every later day 2 days on?", "the question")
    top = next(line for line in screen.splitlines() if "│" in line[:4] and "╭" in line)  # the question's box
    left, right = top.index("╭"), top.index("╮")  # over the life dialog, which shows at its sides
    assert "Your rest day would fall on Tuesdays, the Saturday block on Mondays." in " ".join(
        line[left + 1 : right].strip() for line in screen.splitlines()
    )
    living.keys("y")
    living.wait("Shifted: a free day. The plan resumes on Fri 04 Dec.", "today to be free")
    living.keys("p")
    grid = living.wait("Wk", "the plan grid")
    heads = [line.split() for line in grid.splitlines() if line.split()[:1] in (["Wk"], ["Mon"], ["Wed"])]
    assert heads[:3] == [
        ["Wk", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        ["Mon", "Tue", "Fri", "Sat", "Sun", "Mon", "Tue"],  # week 2: Wednesday and Thursday freed
        ["Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue"],  # week 3 on: the rest falls on Tuesday
    ]
    living.close()
    shown = living.cli("plan", "show", at="2026-12-03T10:00")
    assert shown["end"] == "2027-01-19"


def test_three_weeks_lived_through_the_keys(terminal: Terminal, tmp_path: Path) -> None:
    living = Living(terminal, tmp_path)
    # week 1: Monday and Tuesday done, Wednesday missed, Thursday the comeback
    for day in ("2026-11-23", "2026-11-24"):
        living.open(f"{day}T09:30")
        living.keys("space")
        living.wait("today 1/2 done", f"the comments of {day}")
        living.close()
    living.open("2026-11-26T09:30")  # Thursday: Wednesday's window is still open, nothing is missed yet
    assert "Comeback" not in living.seen[-1]
    living.close()
    living.open("2026-11-27T09:30")  # Friday: Wednesday and Thursday went by
    screen = living.wait("Comeback: Wed 25 Nov was missed.", "the comeback to lead Today")
    assert screen.splitlines()[2].startswith(" Comeback: Wed 25 Nov was missed.")  # under the header, first
    living.keys("space")
    living.wait("today 1/2 done", "Friday's comments")
    # booked ahead on Friday: a vacation from Wednesday to Friday of week 2
    living.type(">")
    living.wait("Life happened", "the life-happened dialog")
    living.keys("r")
    living.wait("the first day", "the range")
    living.type("2026-12-02")
    living.keys("Enter")
    living.wait("the last day", "the last day's field")
    living.type("2026-12-04")
    living.keys("Enter")
    living.wait("Wed 02 Dec to Fri 04 Dec (3 days)", "the vacation's days")
    living.keys("1")
    living.wait("why, then enter", "the reason")
    living.type("vacation")
    living.keys("Enter")
    living.wait("Excused Wed 02 Dec to Fri 04 Dec", "the vacation booked")
    living.close()
    # week 2: the vacation booked last week already prorates the quota, 3 of 6 days excused: 2 posts
    living.open("2026-11-30T09:30")
    living.wait("Week 2 begins: how automatic is last week's work?", "the weekly question")
    living.keys("s")  # skipped: the question is a plan that learns's, not this walk's
    living.wait("Post on X 0/2 this week", "the quota prorated by the vacation booked ahead")
    living.keys("Down", "space")
    living.wait("Post on X 1/2 this week", "Monday's post")
    living.close()
    living.open("2026-12-01T09:30")
    screen = living.wait("Post on X 1/2 this week", "the quota on Tuesday")
    assert "Deload week" in screen.splitlines()[0]  # the week's note in the header
    living.keys("space")
    living.wait("today 1/2 done", "Tuesday's comments")
    living.close()
    living.open("2026-12-02T09:30")  # on vacation: everything excused, nothing done, nothing owed
    living.wait("excused today (2)", "the vacation day")
    living.close()
    # week 3: two sick days, Monday and Tuesday, excused on Tuesday; a result that came late on Wednesday
    living.open("2026-12-08T09:30")
    living.wait("Week 3 begins: how automatic is last week's work?   1 of 2", "the weekly question")
    living.keys("s")
    living.wait("2 of 2", "the question's second task")
    living.keys("s")
    living.terminal.wait(lambda: "how automatic" not in living.terminal.screen(), "the question answered")
    living.type(">")
    living.wait("Life happened", "the life-happened dialog")
    living.keys("r")
    living.wait("the first day", "the range")
    living.type("yesterday")
    living.keys("Enter")
    living.wait("the last day", "the last day's field")
    living.type("today")
    living.keys("Enter")
    living.wait("Mon 07 Dec to Tue 08 Dec (2 days)", "the two sick days")
    living.keys("1")
    living.wait("why, then enter", "the reason")
    living.type("sick")
    living.keys("Enter")
    living.wait("Excused Mon 07 Dec to Tue 08 Dec", "the sick days excused")
    living.close()
    living.open("2026-12-09T09:30")
    living.keys("r")
    living.wait("What came of Comments", "the results form")
    living.type("2")  # replies
    living.keys("Tab", "Tab", "Tab", "C-u")
    living.wait("-3, mon or 2026-12-01", "the day's field cleared")  # its placeholder: a key's action comes after
    living.type("-5")  # the replies came to last Friday's comments
    living.keys("Enter")
    living.wait("Logged replies 2 on Fri 04 Dec", "the late result")
    living.keys("space")
    living.wait("today 1/2 done", "Wednesday's comments")
    living.close()

    # kept: Mon 23, Tue 24, Fri 27, Tue 01, Wed 09; missed: Wed 25, Thu 26, Sat 28 (the block), Mon 30 (a post,
    # no comments), Sat 05; the vacation and the sick days pass over. Three kept days came after a miss.
    streak = living.cli("streak", at="2026-12-09T21:00")
    assert (streak["current"], streak["longest"], streak["comebacks"]) == (1, 2, 3)
    vacation = living.cli("today", "--date", "2026-12-02", at="2026-12-09T21:00")["items"]
    assert [(item["id"], item["status"], item["reason"]) for item in vacation] == [
        ("comment", "skipped", "vacation"),
        ("post", "skipped", "vacation"),
    ]
    review = living.cli("review", at="2026-12-09T21:00")
    assert review["comebacks"] == 3
    [replies] = [t["results"] for t in review["tasks"] if t["id"] == "comment"]
    assert replies == {"replies": 2, "connections": 0}  # every metric the task declares, dated on its day
