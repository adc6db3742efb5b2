"""ESC, BEL, OSC and direction overrides never reach the daemon's log, a notification or a real terminal: the real
daemon, on a private D-Bus session bus with a recording notification server; the TUI and the CSV export in tmux,
whose window title and screen stay the app's; the page's request log and its devices, from a real `cadence serve`."""

from __future__ import annotations

import os
import shlex
import signal
import sys
from pathlib import Path

from daemon_plans import daemon_process, plan_text
from helpers import Cli, StoreOpener, begin_run
from notification_server import NotificationServer
from plans import plan, plan_table, task
from terminal import Terminal
from web import serving


async def test_escapes_in_a_plan_never_reach_the_daemons_log_or_a_notification_summary(
    desktop: NotificationServer, tmp_path: Path
) -> None:
    """ESC, BEL and OSC in a title, and in a broken edit's quoted key, which the error notification quotes."""
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(title="Comments \\u001b]0;owned\\u0007\\u001b[31mred\\u0007"))
    home = tmp_path / "home"
    process = daemon_process(plan, home, "2026-12-02T08:59:58", os.environ["DBUS_SESSION_BUS_ADDRESS"])
    try:
        [reminder] = await desktop.wait_for(1, timeout=20)
        assert reminder.summary == "Comments ]0;owned[31mred"
        plan.write_text(plan_text() + '"\\u001b]0;owned\\u0007" = 1\n')
        _, broken = await desktop.wait_for(2, timeout=20)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert broken.summary == "cadence: the plan has errors"
    assert broken.body == f"{plan}:17:1: error: unknown key ']0;owned' in [[task]] 'comment'"
    log = (home / "daemon.log").read_text()
    for text in (broken.body, log, err):
        assert "\x1b" not in text and "\x07" not in text
    assert "notify: Comments ]0;owned[31mred | 3 comments" in log
    assert "unknown key ']0;owned' in [[task]] 'comment'" in log


async def test_a_hostile_plan_path_and_key_never_reach_the_daemons_log_or_a_notification_body_raw(
    desktop: NotificationServer, tmp_path: Path
) -> None:
    """The error notification's body quotes the file's name and the key: both with an OSC, a BEL and a
    right-to-left override, shown without them; and the log says the name without them too."""
    folder = tmp_path / "plans\x1b]0;INJECTED\x07\u202e"
    folder.mkdir()
    plan = folder / "plan.toml"
    plan.write_text(plan_text())
    home = tmp_path / "home"
    process = daemon_process(plan, home, "2026-12-02T08:59:58", os.environ["DBUS_SESSION_BUS_ADDRESS"])
    try:
        await desktop.wait_for(1, timeout=20)
        plan.write_text(plan_text() + '"\\u202e\\u001b]0;INJECTED\\u0007x" = 1\n')
        _, broken = await desktop.wait_for(2, timeout=20)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    shown = f"{tmp_path}/plans]0;INJECTED/plan.toml"
    assert broken.body == f"{shown}:17:1: error: unknown key ']0;INJECTEDx' in [[task]] 'comment'"
    log = (home / "daemon.log").read_text()
    assert f"cadence daemon running for {shown} (home {home})" in log
    assert f"notify: cadence: the plan has errors | {broken.body}" in log
    for text in (log, err):
        assert not any(character in text for character in "\x1b\x07\u202e")


PLAN = plan(plan_table("Escapes", weeks=2), task("comment", "Comments", days="weekdays", unit="comments", target=3))
HOSTILE = "hello\x1b]0;INJECTED\x1b\\world\x1b[2J\x07\u202eevil"


def hostile_home(cli: Cli, tmp_path: Path) -> tuple[Path, Path]:
    """A home made by importing a CSV export whose note carries the raw characters (CSV has no escapes)."""
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    typed = str(tmp_path / "typed")
    assert cli("check", "comment", "1", "--note", HOSTILE, "--plan", str(path), "--home", typed).code == 0
    exported = tmp_path / "hostile.csv"
    exported.write_text(cli("export", "--format", "csv", "--home", typed).out, encoding="utf-8")
    assert HOSTILE in exported.read_text(encoding="utf-8")
    home = tmp_path / "home"
    assert cli("import", str(exported), "--home", str(home)).code == 0
    return path, home


def in_terminal(path: Path, home: Path, *words: str) -> str:
    env = {"CADENCE_NOW": "2026-12-02T09:30", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent", "TERM": "xterm"}
    cadence = str(Path(sys.executable).parent / "cadence")
    command = shlex.join(["env", *(f"{k}={v}" for k, v in env.items()), cadence, *words])
    return f"{command} --plan {shlex.quote(str(path))} --home {shlex.quote(str(home))}"


def test_a_hostile_export_imported_never_retitles_or_clears_the_terminal_of_the_tui(
    cli: Cli, terminal: Terminal, tmp_path: Path
) -> None:
    path, home = hostile_home(cli, tmp_path)
    terminal.open(in_terminal(path, home), 100, 30)
    terminal.wait(lambda: "q Quit" in terminal.screen(), "the Today screen")
    terminal.tmux("select-pane", "-t", "app", "-T", "cadence under test")
    terminal.tmux("send-keys", "-t", "app", "v")
    shown = "Wed 02 Dec  Comments: hello]0;INJECTED\\world[2Jevil"
    terminal.wait(lambda: shown in terminal.screen(), "the Review's notes")
    screen = terminal.screen().splitlines()
    assert screen[0].strip() == "Review of Escapes · as of Wed 02 Dec 2026 · adherence - · comebacks 0"  # intact
    assert terminal.tmux("display-message", "-p", "-t", "app", "#{pane_title}").stdout == "cadence under test\n"
    terminal.tmux("send-keys", "-t", "app", "q")
    terminal.wait(lambda: not terminal.alive(), "cadence to quit")


def test_the_event_logs_csv_on_a_terminal_never_retitles_or_clears_it(
    cli: Cli, terminal: Terminal, tmp_path: Path
) -> None:
    """Shown on a terminal, the export is cleaned (as `ls` shows a name); to a file or a pipe it stays exact."""
    path, home = hostile_home(cli, tmp_path)
    shell = f'printf "before\\n"; {in_terminal(path, home, "export", "--format", "csv")}; echo "exit $?"; read line'
    terminal.open(f"sh -c {shlex.quote(shell)}", 200, 30)
    terminal.wait(lambda: "exit 0" in terminal.screen(), "the export to end")
    screen = terminal.screen()
    assert screen.splitlines()[0] == "before"  # nothing cleared
    assert ",checkin,comment,2026-12-02,,,1.0,hello]0;INJECTED\\world[2Jevil,," in screen
    assert terminal.tmux("display-message", "-p", "-t", "app", "#{pane_title}").stdout != "INJECTED\n"


def test_a_path_a_phone_asks_for_is_one_printable_line_in_the_request_log(
    tmp_path: Path, isolated_env: dict[str, str], open_store: StoreOpener
) -> None:
    """A request's path is text from the network, percent-decoded: a line break in it cannot forge a log line,
    and an ESC, a BEL or an override never reaches serve.log."""
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    home = tmp_path / "home"
    store = open_store(home)
    begin_run(store, path)
    store.close()
    with serving(path, isolated_env) as served:
        assert (
            served.client().get("/x%0a2026-12-02%2009:00:00%20INFO%20forged%1b]0;INJECTED%07%E2%80%AE").status == 401
        )  # not paired
        served.process.terminate()
        served.process.wait(timeout=10)
    log = (home / "serve.log").read_text()
    assert not any(character in log for character in "\x1b\x07\u202e")
    assert "INFO 127.0.0.1 GET /x 2026-12-02 09:00:00 INFO forged]0;INJECTED 401 " in log
    assert not any(line.startswith("2026-12-02 09:00:00 INFO forged") for line in log.splitlines())
