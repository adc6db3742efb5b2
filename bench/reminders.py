"""The reminders' targets: reminder latency and the idle daemon. Imported by bench/run.py.

Latency uses the real clock: 20 tasks are due at the next whole minute, the
real `cadence daemon` sends them to a recording notification server on a
private bus, and each arrival is compared with the due instant. The baseline,
in the same run, is a bare asyncio timer calling Notify through dbus-fast.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from notification_server import NotificationServer, PrivateBus, serve

CADENCE = str(Path(sys.executable).parent / "cadence")
COUNT = 20


def next_minute(margin: float = 8.0) -> datetime:
    """The next whole minute at least `margin` seconds away, local time."""
    now = datetime.now().astimezone()
    due = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if (due - now).total_seconds() < margin:
        due += timedelta(minutes=1)
    return due


def plan_for(due: datetime) -> str:
    zone = os.environ.get("TZ") or "UTC"
    lines = ["[plan]", 'name = "Latency"', f"start = {due.date() - timedelta(days=due.weekday())}", "weeks = 1"]
    lines.append(f'timezone = "{zone}"')
    for index in range(COUNT):
        lines += ["[[task]]", f'id = "task-{index}"', f'title = "Task {index}"', f'at = "{due:%H:%M}"']
    return "\n".join(lines) + "\n"


async def baseline_latency(address: str, server: NotificationServer) -> list[float]:
    from dbus_fast import Message
    from dbus_fast.aio import MessageBus

    due = next_minute()
    bus = await MessageBus(bus_address=address).connect()
    await asyncio.sleep(max(0.0, due.timestamp() - time.time()))
    for index in range(COUNT):
        await bus.call(
            Message(
                destination="org.freedesktop.Notifications",
                path="/org/freedesktop/Notifications",
                interface="org.freedesktop.Notifications",
                member="Notify",
                signature="susssasa{sv}i",
                body=["baseline", 0, "", f"Task {index}", "", [], {}, -1],
            )
        )
    bus.disconnect()
    arrivals = await server.wait_for(COUNT, timeout=30)
    return [n.wall - due.timestamp() for n in arrivals[:COUNT]]


async def daemon_latency(address: str, server: NotificationServer, folder: Path) -> list[float]:
    due = next_minute()
    plan = folder / "latency.toml"
    plan.write_text(plan_for(due))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADENCE_")}
    env.update(DBUS_SESSION_BUS_ADDRESS=address, CADENCE_HOME=str(folder / "latency-home"))
    process = subprocess.Popen([CADENCE, "daemon", "--plan", str(plan)], env=env, stderr=subprocess.DEVNULL)
    try:
        start = len(server.received)
        arrivals = await server.wait_for(start + COUNT, timeout=90)
    finally:
        process.terminate()
        process.wait(timeout=20)
    return [n.wall - due.timestamp() for n in arrivals[start : start + COUNT]]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def idle(folder: Path, address: str, seconds: int = 60) -> tuple[float, float, float, float, bool]:
    """CPU seconds and RSS of the daemon and of a bare sleeping asyncio process over `seconds`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADENCE_")}
    env.update(
        DBUS_SESSION_BUS_ADDRESS=address, CADENCE_HOME=str(folder / "idle-home"), XDG_CONFIG_HOME=str(folder / "cfg")
    )
    log = folder / "idle.err"
    with open(log, "w") as err:
        daemon = subprocess.Popen([sys.executable, "-X", "importtime", "-m", "cadence", "daemon"], env=env, stderr=err)
        bare = subprocess.Popen([sys.executable, "-c", f"import asyncio; asyncio.run(asyncio.sleep({seconds + 30}))"])
        deadline = time.monotonic() + 30
        while "cadence daemon running" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        before = (cpu_seconds(daemon.pid), cpu_seconds(bare.pid))
        time.sleep(seconds)
        after = (cpu_seconds(daemon.pid), cpu_seconds(bare.pid))
        memory = (rss_mb(daemon.pid), rss_mb(bare.pid))
        daemon.terminate()
        bare.terminate()
        daemon.wait(timeout=20)
        bare.wait(timeout=20)
    imported_textual = any(line.rstrip().endswith("| textual") for line in log.read_text().splitlines())
    return after[0] - before[0], after[1] - before[1], memory[0], memory[1], imported_textual


async def measure(report: object) -> list[bool]:
    folder = Path(tempfile.mkdtemp(prefix="cadence-bench-"))
    bus = PrivateBus(folder)
    server = NotificationServer()
    connection = await serve(bus.address, server)
    results = []
    try:
        base = await baseline_latency(bus.address, server)
        server.received.clear()
        measured = await daemon_latency(bus.address, server, folder)
        median, worst = statistics.median(measured), max(measured)
        results.append(
            report(  # type: ignore[operator]
                f"reminder latency, {COUNT} reminders due at once",
                f"median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
                f"(bare dbus-fast timer: median {statistics.median(base) * 1000:.0f} ms, worst {max(base) * 1000:.0f} ms)",
                "median <= 500 ms, worst <= 1000 ms",
                median <= 0.5 and worst <= 1.0,
            )
        )
        cpu, bare_cpu, rss, bare_rss, textual = await asyncio.to_thread(idle, folder, bus.address)
        results.append(
            report(  # type: ignore[operator]
                "cadence daemon idle for 60 s, bundled plan",
                f"CPU {cpu:.2f} s, RSS {rss:.0f} MB (bare asyncio sleep: {bare_cpu:.2f} s, {bare_rss:.0f} MB); "
                f"imported Textual: {'yes' if textual else 'no'}",
                "CPU <= 0.5 s, RSS <= 80 MB, no Textual",
                cpu <= 0.5 and rss <= 80 and not textual,
            )
        )
    finally:
        connection.disconnect()
        bus.stop()
    return results
