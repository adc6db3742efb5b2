"""ESC, BEL and OSC in a plan never reach the daemon's log or a notification's summary: the real daemon, on a
private D-Bus session bus with a recording notification server."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from test_daemon import bus_folder, daemon_process, desktop, plan_text

from notification_server import NotificationServer

__all__ = ["bus_folder", "desktop"]  # the private bus and its server, as the daemon's tests have them


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
