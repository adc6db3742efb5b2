"""Reminders: the plan's due instants said where the person is, by the daemon, the open TUI or `cadence remind`.

- `scheduler`: APScheduler 3.x as the alarm clock for the instants `core.alarms` computes
- `notify`: the Notifier protocol, the desktop notifier over D-Bus, a recording one for tests
- `delivery`: where each reminder goes (`[reminders] via`): the desktop, else tmux, else the log
- `tmux`: every attached client of the user's tmux servers
- `pending`: what `cadence remind` says: the alarms due now and not yet said
- `lock`: the single-instance lock; its holder alone sends desktop notifications
- `daemon`: `cadence daemon` in the foreground
- `unit`: the systemd user unit that runs the daemon

Never imports Textual.
"""
