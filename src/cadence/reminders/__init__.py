"""Reminders: the plan's due instants as desktop notifications, in the daemon or the open TUI.

- `scheduler`: APScheduler 3.x as the alarm clock for the instants `core.alarms` computes
- `notify`: the Notifier protocol, the desktop notifier over D-Bus, a recording one for tests
- `lock`: the single-instance lock; its holder alone sends desktop notifications
- `daemon`: `cadence daemon` in the foreground
- `unit`: the systemd user unit that runs the daemon

Never imports Textual.
"""
