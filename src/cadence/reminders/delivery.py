"""Where each reminder goes, chosen again at every reminder: `[reminders] via` of config.toml.

- `auto` (the default): the desktop when a notification service answers; else
  every attached tmux client of this user (`reminders.tmux`); else the log alone.
  A service that appears later (a desktop session started after the daemon) is
  found at the next reminder, and one that went away gives way to tmux.
- `desktop`: the desktop only; with no service the daemon says so once and the
  reminders are written to the log (as before there was a choice).
- `tmux`: tmux only. `log`: the log only.

The scheduler writes every reminder it says to the log ("notify: ..."), so the
log is always the last resort; to the scheduler a Courier is one more Notifier,
and the line after each reminder says where it went.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from cadence.reminders.notify import DesktopNotifier, Notification, Notifier
from cadence.reminders.tmux import TmuxNotifier

log = logging.getLogger("cadence.delivery")


class Courier:
    """A Notifier that says each reminder where the person is, as `via` allows."""

    def __init__(self, via: str, desktop: Notifier, tmux: TmuxNotifier) -> None:
        self.via = via
        self.desktop = desktop
        self.tmux = tmux
        self.desktop_up = False
        """Whether the notification service answered when last asked."""

    async def start(self) -> str | None:
        """None when reminders can go somewhere but the log; for `desktop` and `log`, why they cannot."""
        if self.via == "log":
            return 'config.toml says [reminders] via = "log"'
        if self.via == "tmux":
            return await self.tmux.start()
        reason = await self.desktop.start()
        self.desktop_up = reason is None
        if self.via == "desktop" or reason is None:
            return reason
        log.info("no desktop notifications now (%s): reminders go to tmux clients, else to this log", reason)
        return None

    async def send(self, message: Notification) -> bool:
        if self.via == "desktop":
            return await self.desktop.send(message)
        if self.via == "auto" and await self._desktop(message):
            return True
        shown = await self.tmux.show(message) if self.via in ("auto", "tmux") else 0
        if shown:
            log.info("shown on %d tmux client%s", shown, "" if shown == 1 else "s")
        elif self.via == "tmux":
            log.info("no tmux client is attached: '%s' is in this log only", message.title)
        else:
            log.info("no notification service and no tmux client: '%s' is in this log only", message.title)
        return True

    async def _desktop(self, message: Notification) -> bool:
        """To the desktop, when a notification service answers now."""
        if not self.desktop_up:
            await self.desktop.close()  # what a service that went away left behind
            self.desktop_up = await self.desktop.start() is None
            if self.desktop_up:
                log.info("a desktop notification service is here now")
        if not self.desktop_up:
            return False
        if await self.desktop.send(message):
            return True
        self.desktop_up = False
        log.warning("the notification service did not take '%s'", message.title)
        return False

    async def close(self) -> None:
        await self.desktop.close()
        await self.tmux.close()


def courier(env: Mapping[str, str], desktop: Notifier | None = None) -> Courier:
    """The daemon's notifier: `[reminders] via` of config.toml (checked, so a wrong one stops it in one line)."""
    from cadence.config import reminders_via

    return Courier(reminders_via(env), desktop if desktop is not None else DesktopNotifier(), TmuxNotifier(env))
