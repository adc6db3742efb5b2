"""Reminders: APScheduler 3.x as an alarm clock for the instants the core computes.

- The core (`core.alarms`) says what is due when; this module arms one
  `DateTrigger` per instant of the next 48 hours, and arms again when the plan
  day changes, when the plan file changes, and when the wall clock jumps.
- Every alarm has a stable key; the store records each key sent, so nothing is
  sent twice, whichever process sends it and however often it is re-armed.
- After sleep or downtime, an alarm missed by less than the grace time is sent
  late, once; older ones are folded into one catch-up notification.
- A heartbeat wakes the scheduler every 30 s: the scheduler sleeps on the
  monotonic clock, which stops during suspend (apscheduler issue 794). The
  heartbeat and the watch run on the event loop, timed by the monotonic
  clock, so a wall clock set back is noticed at the next beat.
- Only the holder of the notification lock (`reminders.lock`) sends desktop notifications.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cadence.clock import Clock, plan_zone
from cadence.config import FileSignature, PlanSource, file_signature
from cadence.core.alarms import Alarm, Words, alarms_between, catch_up_words, words
from cadence.core.automaticity import Fading, faded, fading_window
from cadence.core.calendar import Schedule
from cadence.core.status import Ledger, recent_window
from cadence.errors import CadenceError
from cadence.plan import LoadedPlan, PlanError, load_plan
from cadence.printable import one_line, printable
from cadence.record.runs import open_run
from cadence.record.writes import Recorder
from cadence.reminders.notify import Action, Notification, Notifier
from cadence.store import Store
from cadence.store.claims import claim, was_sent
from cadence.store.learning import answers
from cadence.store.runs import current_run

log = logging.getLogger("cadence.scheduler")

HORIZON = timedelta(hours=48)
HEARTBEAT_SECONDS = 30
WATCH_SECONDS = 1.0
CLOCK_JUMP_SECONDS = 60
SOURCE = "daemon"
"""How check-ins from the Done button are marked in the log."""


class Reminders:
    """Arms, fires and catches up the plan's alarms on the running asyncio loop."""

    def __init__(
        self,
        source: PlanSource,
        store: Store,
        clock: Clock,
        notifier: Notifier | None,
        env: Mapping[str, str],
        on_message: Callable[[Notification], None] | None = None,
        on_plan_change: Callable[[LoadedPlan | None, PlanError | None], None] | None = None,
    ) -> None:
        self.source = source
        self.store = store
        self.clock = clock
        self.notifier = notifier
        """None: this process does not hold the lock and only calls `on_message`."""
        self.env = env
        self.on_message = on_message
        self.on_plan_change = on_plan_change
        self.loaded: LoadedPlan | None = None
        self.schedule: Schedule | None = None
        self.run: int | None = None
        self.scheduler: Any = None
        self.desktop = False
        self._armed: set[str] = set()
        self._day: date | None = None
        self._signature: FileSignature = None
        self._broken: FileSignature = None
        self._beat = (clock.now(), time.monotonic())
        self._tasks: set[asyncio.Task[None]] = set()
        self._snoozes = 0
        self._data_version = store.data_version()
        self.faded: dict[str, Fading] = {}
        """The tasks reminded in the morning summary only, being automatic (`core.automaticity.faded`)."""

    # ----------------------------------------------------------------- life cycle

    async def start(self, loaded: LoadedPlan | None = None, signature: FileSignature = None) -> None:
        """Connect, catch up and arm. The plan is read now (PlanError if it cannot be used),
        or given with the signature of the file it was read from (a later edit is then seen)."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        if loaded is None:
            self.reload(raise_errors=True)
        else:
            self.loaded = loaded
            self.schedule = self._pin(loaded)
            self._signature = signature
        if self.notifier is not None:
            reason = await self.notifier.start()
            self.desktop = reason is None
            if reason is not None:
                log.warning("no desktop notifications: %s; reminders are written to the log only", reason)
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.scheduler.start()
        # On the event loop, not as APScheduler jobs: APScheduler times its jobs by the wall clock, so a
        # clock set back an hour would hold the heartbeat, and the watch, back an hour too.
        self._spawn(self._every(lambda: HEARTBEAT_SECONDS, self.heartbeat))
        self._spawn(self._every(lambda: WATCH_SECONDS, self.watch))
        await self.catch_up()
        self.arm()

    async def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        for task in list(self._tasks):
            task.cancel()
        if self.notifier is not None:
            await self.notifier.close()

    # ----------------------------------------------------------------- the plan

    def reload(self, raise_errors: bool = False) -> bool:
        """Read the plan again; an invalid plan keeps the last valid one and is reported once."""
        signature = file_signature(self.source.path)
        self._signature = signature
        try:
            loaded = load_plan(self.source.path, self.source.shown)
        except PlanError as error:
            if raise_errors:
                raise
            if signature != self._broken:
                self._broken = signature
                lines = [str(d) for d in error.errors]
                log.error("the plan has errors; keeping the last valid plan:\n%s", "\n".join(lines))
                self._spawn(
                    self.deliver(
                        Notification(f"plan-errors:{signature}", "cadence: the plan has errors", "\n".join(lines))
                    )
                )
                if self.on_plan_change is not None:
                    self.on_plan_change(None, error)
            return False
        self._broken = None
        first = self.loaded is None
        self.loaded = loaded
        self.schedule = self._pin(loaded)
        if self.on_plan_change is not None and not first:
            self.on_plan_change(loaded, None)
        return True

    def _pin(self, loaded: LoadedPlan) -> Schedule:
        """The plan laid on days for its current run, which a first use begins."""
        today = self.clock.plan_day(loaded.plan, self.env)
        lived = open_run(self.store, loaded.plan, today, str(self.source.path), self.clock.now())
        self.run = lived.number
        return lived.schedule

    def today(self) -> date:
        assert self.schedule is not None
        return self.clock.plan_day(self.schedule.plan, self.env)

    def ledger(self, around: date) -> Ledger:
        assert self.schedule is not None
        return self.store.ledger(*recent_window(self.schedule, around, self.today()), self.run)

    # ----------------------------------------------------------------- arming

    def arm(self) -> None:
        """Arm one DateTrigger per unsent alarm of the next 48 hours; drop the rest."""
        from apscheduler.triggers.date import DateTrigger

        assert self.schedule is not None and self.scheduler is not None
        plan = self.schedule.plan
        zone = plan_zone(plan.timezone, self.env)
        now = self.clock.now()
        self.fade()
        wanted = {
            alarm.key: alarm
            for alarm in alarms_between(self.schedule, zone, now, now + HORIZON, self.faded)
            if not was_sent(self.store, alarm.key)
        }
        for key in self._armed - set(wanted):
            if self.scheduler.get_job(key) is not None:
                self.scheduler.remove_job(key)
        grace = int(plan.notify.grace_min * 60) or 1
        for key, alarm in wanted.items():
            self.scheduler.add_job(
                self.fire,
                DateTrigger(run_date=self.clock.real(alarm.at)),
                args=[alarm],
                id=key,
                replace_existing=True,
                misfire_grace_time=grace,
            )
        self._armed = set(wanted)
        self._day = self.today()
        log.info("armed %d alarms until %s", len(wanted), (now + HORIZON).isoformat(timespec="minutes"))

    def fade(self) -> bool:
        """Which tasks' reminders faded as things stand; whether that changed (each change is logged)."""
        assert self.schedule is not None
        today = self.today()
        ledger = self.store.ledger(*fading_window(self.schedule, today), self.run)
        found = faded(self.schedule, ledger, answers(self.store, self.run), today)
        if found.keys() == self.faded.keys():
            self.faded = found
            return False
        for task in sorted(found.keys() - self.faded.keys()):
            log.info("reminders faded: automatic: %s", found[task].words())
        for task in sorted(self.faded.keys() - found.keys()):
            log.info("reminders back: %s", task)
        self.faded = found
        return True

    async def heartbeat(self) -> None:
        """Keep right across suspend, wall-clock jumps, the day's rollover and a late service."""
        wall, mono = self.clock.now(), time.monotonic()
        jump = (wall - self._beat[0]).total_seconds() - (mono - self._beat[1])
        self._beat = (wall, mono)
        if self.scheduler is not None:
            self.scheduler.wakeup()
        if abs(jump) > CLOCK_JUMP_SECONDS:
            log.info("the wall clock moved %+.0f s (sleep or a clock change): catching up", jump)
            await self.catch_up()
            self.arm()
        elif self.schedule is not None and self.today() != self._day:
            self.arm()
        if self.notifier is not None and not self.desktop:
            self.desktop = await self.notifier.start() is None
            if self.desktop:
                log.info("a desktop notification service is here now")

    async def watch(self) -> None:
        """Each second: a changed plan file, or another process's write to the store (a shift, a
        repeated week, a new start, a check-in) re-lays the run and arms again at once."""
        if file_signature(self.source.path) != self._signature and self.reload():
            log.info("the plan changed: armed again")
            self.arm()
            return
        version = self.store.data_version()
        if version != self._data_version:
            self._data_version = version
            self.store_changed()

    def store_changed(self) -> None:
        """Lay the run out again from the store; arm again when its days moved."""
        if self.loaded is None or self.schedule is None:
            return
        before = (self.schedule.start, self.schedule.adjustments, self.schedule.tracking, self.run)
        self.schedule = self._pin(self.loaded)
        if (self.schedule.start, self.schedule.adjustments, self.schedule.tracking, self.run) != before:
            log.info("the run changed: armed again")
            if self.scheduler is not None:
                self.arm()
        elif self.fade() and self.scheduler is not None:  # an answer or a miss changed what fades
            self.arm()

    # ----------------------------------------------------------------- firing

    def _words(self, alarm: Alarm) -> Words | None:
        assert self.schedule is not None
        return words(alarm, self.schedule, self.ledger(alarm.day), self.today(), self.faded)

    async def fire(self, alarm: Alarm) -> None:
        """Send an alarm's notification, once; nothing when its work is already done."""
        said = self._words(alarm)
        self._armed.discard(alarm.key)
        if not self._claim(alarm.key, self.clock.now()):
            return
        if said is not None:
            await self.deliver(self._message(alarm, said))

    async def catch_up(self) -> None:
        """Alarms of today's plan day missed while away: late if within grace, else folded into one."""
        if self.schedule is None:
            return
        plan = self.schedule.plan
        zone = plan_zone(plan.timezone, self.env)
        now = self.clock.now()
        today = self.today()
        day_start = datetime.combine(today, plan.day_starts, tzinfo=zone).astimezone(UTC)
        grace = timedelta(minutes=plan.notify.grace_min)
        folded: list[tuple[Alarm, Words]] = []
        run = current_run(self.store, plan.name)
        if run is not None and run.begun is not None:  # nothing was missed "while away" before the first use
            day_start = max(day_start, datetime.fromtimestamp(run.begun, UTC))
        self.fade()
        for alarm in alarms_between(self.schedule, zone, day_start, now, self.faded):
            if was_sent(self.store, alarm.key):
                continue
            said = self._words(alarm)
            if not self._claim(alarm.key, now) or said is None:
                continue
            if now - alarm.at <= grace:
                await self.deliver(self._message(alarm, said))
            elif said.missable:  # a rest day's morning is not something missed
                folded.append((alarm, said))
        if folded:
            said = catch_up_words(folded)
            await self.deliver(Notification(f"catch-up:{now.isoformat()}", said.title, said.body))

    def _claim(self, key: str, when: datetime) -> bool:
        """Whether this process is to say an alarm. The holder of the lock claims it in the store, so it
        is sent once whatever process arms it; an app without the lock shows it as a toast without
        claiming it, so the daemon still sends it to the desktop."""
        if self.notifier is None:
            return not was_sent(self.store, key)
        try:
            return claim(self.store, key, when)
        except CadenceError as error:  # a full disk, a read-only home: a reminder unrecorded beats one unsaid
            log.warning("could not record that %s was sent, so it may be sent again: %s", key, error)
            return not was_sent(self.store, key)

    def _message(self, alarm: Alarm, said: Words) -> Notification:
        actions: tuple[Action, ...] = ()
        if alarm.kind in ("reminder", "block_start") and alarm.task_id is not None:
            actions = (Action("Done", lambda: self.done(alarm)), Action("Snooze", lambda: self.snooze(alarm, said)))
        return Notification(alarm.key, said.title, said.body, actions)

    async def deliver(self, message: Notification) -> None:
        """Say a notification: its summary (one line) and body carry nothing `printable` drops (a plan's text is
        clean already; the errors of a broken edit quote the file, and its name)."""
        message = message._replace(title=one_line(message.title), body=printable(message.body))
        log.info("notify: %s | %s", message.title, message.body.replace("\n", " / "))
        if self.on_message is not None:
            self.on_message(message)
        if self.notifier is not None and self.desktop and not await self.notifier.send(message):
            log.warning("the notification service did not take '%s'", message.title)

    async def done(self, alarm: Alarm) -> None:
        """The Done button: a check-in of the full target for that occurrence, through the write path."""
        assert self.schedule is not None and alarm.task_id is not None
        recorder = Recorder(self.store, self.schedule, self.today(), SOURCE, self.run)
        try:
            done = recorder.check_in(alarm.task_id, day=alarm.day, note="from a notification")
        except CadenceError as error:
            log.warning("Done was pressed but nothing was recorded: %s", error)
            return
        log.info("checked in %s %g for %s from a notification", done.task.id, done.amount, done.day.isoformat())

    async def snooze(self, alarm: Alarm, said: Words) -> None:
        """The Snooze button: the same reminder again after [notify] snooze."""
        from apscheduler.triggers.date import DateTrigger

        assert self.schedule is not None and self.scheduler is not None
        self._snoozes += 1
        again = alarm._replace(
            key=f"{alarm.key}:snooze:{self._snoozes}",
            at=self.clock.now() + timedelta(minutes=self.schedule.plan.notify.snooze_min),
        )
        self.scheduler.add_job(
            self._resend, DateTrigger(run_date=self.clock.real(again.at)), args=[again], id=again.key
        )
        log.info("snoozed %s until %s", alarm.key, again.at.isoformat(timespec="seconds"))

    async def _resend(self, alarm: Alarm) -> None:
        said = self._words(alarm)
        if said is not None and self._claim(alarm.key, self.clock.now()):
            await self.deliver(self._message(alarm, said))

    async def _every(self, seconds: Callable[[], float], job: Callable[[], Awaitable[None]]) -> None:
        """Run `job` every `seconds()` by the monotonic clock, which no setting of the wall clock moves."""
        while True:
            await asyncio.sleep(seconds())
            try:
                await job()
            except CadenceError as error:  # a store that refused (a full disk, a lock held): the next beat tries again
                log.warning("%s", error)
            except Exception:  # a bug: logged, as APScheduler logs a failing job, and the beat goes on
                log.exception("%s failed", getattr(job, "__name__", "a job"))

    def _spawn(self, coroutine: Any) -> None:
        try:
            task = asyncio.get_running_loop().create_task(coroutine)
        except RuntimeError:
            coroutine.close()
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
