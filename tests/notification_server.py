"""A real D-Bus session bus and a recording notification server on it, for tests.

No `from __future__ import annotations` here: dbus-fast reads the D-Bus
signatures from the method annotations (`Annotated[..., DBusSignature("as")]`).
"""

import asyncio
import os
import subprocess
import time
from pathlib import Path
from typing import Annotated, Any

from dbus_fast import Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusDict, DBusInt32, DBusSignature, DBusStr, DBusUInt32
from dbus_fast.service import ServiceInterface, method, signal

from programs import program

StrList = Annotated[list[str], DBusSignature("as")]
ServerInformation = Annotated[list[str], DBusSignature("ssss")]
IdAndKey = Annotated[list[Any], DBusSignature("us")]
IdAndReason = Annotated[list[int], DBusSignature("uu")]

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Notification:
    def __init__(self, id: int, summary: str, body: str, actions: list[str], hints: dict[str, Variant]) -> None:
        self.id = id
        self.summary = summary
        self.body = body
        self.actions = dict(zip(actions[1::2], actions[0::2], strict=True))
        """label -> action key"""
        self.hints = hints
        self.at = time.monotonic()
        self.wall = time.time()


class NotificationServer(ServiceInterface):
    """org.freedesktop.Notifications that records each Notify and can press a button."""

    def __init__(self, capabilities: tuple[str, ...] = ("actions", "body", "body-markup")) -> None:
        super().__init__(NAME)
        self.capabilities = list(capabilities)
        self.received: list[Notification] = []
        self.closed: list[int] = []
        self._next = 1

    @method()
    def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: StrList,
        hints: DBusDict,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        number = self._next
        self._next += 1
        self.received.append(Notification(number, summary, body, list(actions), dict(hints)))
        return number

    @method()
    def CloseNotification(self, id: DBusUInt32) -> None:
        self.closed.append(id)

    @method()
    def GetCapabilities(self) -> StrList:
        return self.capabilities

    @method()
    def GetServerInformation(self) -> ServerInformation:
        return ["cadence-test-server", "cadence", "1.0", "1.2"]

    @signal()
    def ActionInvoked(self, id: DBusUInt32, action_key: DBusStr) -> IdAndKey:
        return [id, action_key]

    @signal()
    def NotificationClosed(self, id: DBusUInt32, reason: DBusUInt32) -> IdAndReason:
        return [id, reason]

    def press(self, notification: Notification, label: str) -> None:
        self.ActionInvoked(notification.id, notification.actions[label])

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Notification]:
        """Poll until `count` notifications arrived; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} notifications, got {[n.summary for n in self.received]}")
            await asyncio.sleep(0.02)
        return self.received


class PrivateBus:
    """A dbus-daemon of our own, on a socket in a temporary folder."""

    def __init__(self, folder: Path) -> None:
        executable = program("dbus-daemon")
        self.address = f"unix:path={folder / 'bus'}"
        config = folder / "session.conf"
        config.write_text(
            "<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN'"
            " 'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'>\n"
            "<busconfig><type>session</type>"
            f"<listen>{self.address}</listen>"
            "<auth>EXTERNAL</auth>"
            "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
            "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>\n"
        )
        self.process = subprocess.Popen(
            [executable, f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        printed = self.process.stdout.readline().strip()
        if not printed:
            raise RuntimeError(
                f"dbus-daemon did not start: {self.process.stderr.read() if self.process.stderr else ''}"
            )

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=5)


async def serve(address: str, server: NotificationServer) -> MessageBus:
    bus = await MessageBus(bus_address=address).connect()
    bus.export(PATH, server)
    await bus.request_name(NAME)
    return bus


def environment(address: str) -> dict[str, Any]:
    return {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
