"""Notifications: the Notifier protocol, the desktop notifier, and a recording fake for tests.

The desktop notifier speaks to the freedesktop notification service over D-Bus
through desktop-notifier (and to macOS's notification centre where that is
available). Before using it, `start` asks the service what it is and what it
can do: whether there is a service at all, whether it shows buttons, and
whether it reads markup in the body, so that a task called `<b>Launch</b> & win`
shows exactly that.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from html import escape
from typing import Any, NamedTuple, Protocol

log = logging.getLogger("cadence.notify")

BUS_NAME = "org.freedesktop.Notifications"
BUS_PATH = "/org/freedesktop/Notifications"


class Action(NamedTuple):
    """A button on a notification and what pressing it does."""

    label: str
    run: Callable[[], Coroutine[Any, Any, None]]


class Notification(NamedTuple):
    """A notification in plain text; the notifier escapes it as its service needs."""

    key: str
    title: str
    body: str
    actions: tuple[Action, ...] = ()


class Notifier(Protocol):
    async def start(self) -> str | None:
        """Connect; None when notifications can be shown, else why they cannot."""

    async def send(self, message: Notification) -> bool:
        """Show a message; whether the service took it."""

    async def close(self) -> None: ...


def body_markup(text: str) -> str:
    """Body text for a service that reads markup: shown literally, never as markup."""
    return escape(text, quote=False)


class ServerInfo(NamedTuple):
    name: str
    capabilities: frozenset[str]


async def probe_freedesktop() -> ServerInfo | str:
    """The notification service on the session bus, or why there is none."""
    from dbus_fast import Message as BusMessage
    from dbus_fast import MessageType
    from dbus_fast.aio import MessageBus

    try:
        bus = await asyncio.wait_for(MessageBus().connect(), timeout=5)
    except Exception as error:  # no address, no socket, refused: all mean "no bus"
        return f"no D-Bus session bus ({error or type(error).__name__})"
    try:
        replies = []
        for member in ("GetServerInformation", "GetCapabilities"):
            call = BusMessage(destination=BUS_NAME, path=BUS_PATH, interface=BUS_NAME, member=member)
            reply = await asyncio.wait_for(bus.call(call), timeout=5)
            if reply is None or reply.message_type == MessageType.ERROR:
                reason = reply.error_name if reply is not None else "no reply"
                return f"no notification service on the session bus ({reason})"
            replies.append(reply.body)
        return ServerInfo(str(replies[0][0]), frozenset(replies[1][0]))
    except TimeoutError:
        return "the notification service did not answer"
    finally:
        bus.disconnect()


class DesktopNotifier:
    """Desktop notifications with Done and Snooze buttons, through desktop-notifier."""

    def __init__(self, app_name: str = "cadence") -> None:
        self.app_name = app_name
        self.markup = False
        self.buttons = True
        self._notifier: Any = None
        self._pressed: set[asyncio.Task[None]] = set()

    async def start(self) -> str | None:
        if sys.platform.startswith("linux") or sys.platform.startswith("freebsd"):
            info = await probe_freedesktop()
            if isinstance(info, str):
                return info
            self.markup = "body-markup" in info.capabilities
            self.buttons = "actions" in info.capabilities
            log.info("notifications go to %s (%s)", info.name, ", ".join(sorted(info.capabilities)))
        from desktop_notifier import DesktopNotifier as Backend

        # Made inside the running loop: one made elsewhere fails silently (desktop-notifier binds to the loop it was made in).
        self._notifier = Backend(app_name=self.app_name)
        return None

    async def send(self, message: Notification) -> bool:
        from desktop_notifier import Button

        if self._notifier is None:
            return False
        loop = asyncio.get_running_loop()
        dispatched: list[bool] = []

        def pressed(action: Action) -> Callable[[], None]:
            # desktop-notifier calls this from the D-Bus signal handler, on this loop.
            def run() -> None:
                task = loop.create_task(action.run())
                self._pressed.add(task)
                task.add_done_callback(self._pressed.discard)

            return run

        buttons = (
            [Button(title=action.label, on_pressed=pressed(action)) for action in message.actions]
            if self.buttons
            else []
        )
        await self._notifier.send(
            title=message.title,
            message=body_markup(message.body) if self.markup else message.body,
            buttons=buttons,
            on_dispatched=lambda: dispatched.append(True),
        )
        return bool(dispatched)

    async def close(self) -> None:
        backend = getattr(self._notifier, "_backend", None)
        bus = getattr(backend, "bus", None)
        if bus is not None:
            bus.disconnect()


class RecordingNotifier:
    """A notifier that keeps what it was asked to show, and can press its buttons."""

    def __init__(self, available: bool = True) -> None:
        self.available = available
        self.sent: list[Notification] = []
        self.arrived: asyncio.Event | None = None

    async def start(self) -> str | None:
        self.arrived = asyncio.Event()
        return None if self.available else "recording notifier switched off"

    async def send(self, message: Notification) -> bool:
        if not self.available:
            return False
        self.sent.append(message)
        if self.arrived is not None:
            self.arrived.set()
        return True

    async def press(self, key: str, label: str) -> None:
        message = next(m for m in reversed(self.sent) if m.key == key)
        action = next(a for a in message.actions if a.label == label)
        await action.run()

    async def close(self) -> None:
        return None
