"""The event relay: turns new records into events (the feed, `storage.event_feed`) and hands
each to every sink that wants it (the queue, `storage.event_deliveries`), at least once.

Every replica may run one: the feed is idempotent by event id, deliveries are leased like the
chat outbox's. A sink that fails is retried with exponential back-off and jitter; when the
whole sink is down (unreachable, 5xx, rate-limited) its other deliveries wait for the same
moment instead of each failing on its own, so a receiver that comes back gets its backlog in
order. After `max_attempts` a delivery is a dead letter: the ops chats are told, `doctor` and
`supplierbot webhooks list` show it, `supplierbot webhooks retry` sends it again. A receiver
that is down never stops the service: the relay only ever waits.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.clock import Clock
from bot.connectors.event_sink import DeliveryFailed, Event, EventSink
from bot.dispatcher import backoff, database_now
from bot.long_connection import wait_for_either
from bot.ports import ChatKind, ChatRef, Platform, Reply
from storage import event_deliveries, outbox
from storage.db import Database, is_database_down
from storage.event_deliveries import Due
from storage.event_feed import SOURCES, FeedResult, SinkInterest, follow_top, scan_source
from storage.models import BindingRole, ChatBinding

log = logging.getLogger("supplierbot.events")

SinkLoader = Callable[[], Awaitable[Mapping[str, EventSink]]]
NOT_CONFIGURED_DELAY = timedelta(minutes=5)
FOLLOW_EVERY = timedelta(minutes=1)
PRUNE_EVERY = timedelta(hours=1)


class EventRelay:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        sinks: SinkLoader,
        *,
        owner: str | None = None,
        batch_size: int = 50,
        lease: timedelta = timedelta(seconds=60),
        max_attempts: int = 20,
        poll: float = 5.0,
        backoff_base: float = 2.0,
        backoff_cap: float = 3600.0,
        retention: timedelta | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.load_sinks = sinks
        self.owner = owner or f"events-{uuid.uuid4().hex[:12]}"
        self.batch_size = batch_size
        self.lease = lease
        self.max_attempts = max_attempts
        self.poll = poll
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.delivered = 0
        self.failures = 0
        self.dead = 0
        self._followed_at: datetime | None = None
        self.retention = retention  # events older than this, delivered or dead, are pruned
        self._pruned_at: datetime | None = None

    # --- the feed ---------------------------------------------------------------------

    async def publish_once(self, sinks: Mapping[str, EventSink] | None = None) -> FeedResult:
        """Scan every source once, in one short write transaction: new rows become events with
        a delivery per interested sink. With no sink, the cursors only follow the top (once a minute).
        `sinks`: the tick's, when the loop has read them already."""
        sinks = await self.load_sinks() if sinks is None else sinks
        interests = [SinkInterest(name, tuple(sink.types)) for name, sink in sinks.items()]
        result = FeedResult({}, 0)
        now = self.clock.now()
        if not interests:
            if self._followed_at is None or now - self._followed_at >= FOLLOW_EVERY:
                async with self.database.write() as session:
                    for source in SOURCES:
                        await follow_top(session, source, now)
                self._followed_at = now
            return result
        self._followed_at = None
        async with self.database.write() as session:
            for source in SOURCES:
                made, deliveries = await scan_source(session, source, interests, now)
                if made:
                    kind = source.event_type.value
                    result.published[kind] = result.published.get(kind, 0) + made
                    result.deliveries += deliveries
        if result.total:
            log.info("events: %d new (%s), %d deliveries", result.total,
                     ", ".join(f"{k} {v}" for k, v in sorted(result.published.items())), result.deliveries)
        return result

    # --- delivery ---------------------------------------------------------------------

    async def deliver_once(self, sinks: Mapping[str, EventSink] | None = None) -> int:
        """Claim one batch of due deliveries and try each once; returns how many were handled."""
        sinks = await self.load_sinks() if sinks is None else sinks
        async with self.database.write() as session:
            lease_now = await database_now(session, self.clock)
            due = await event_deliveries.claim_due(session, now=self.clock.now(), lease_now=lease_now,
                                                   owner=self.owner, lease=self.lease, limit=self.batch_size)
        down: set[str] = set()
        delivered: list[Due] = []
        for row in due:
            if row.sink in down:
                continue  # deferred with its sink (its lease was given back)
            sink = sinks.get(row.sink)
            if sink is None:
                await self._reschedule(row, self.clock.now() + NOT_CONFIGURED_DELAY,
                                       f"sink {row.sink} is not configured", count=False)
                continue
            try:
                await sink.deliver(Event(row.event_id, row.event_type, row.payload), attempt=row.attempts + 1)
            except Exception as exc:
                if not isinstance(exc, DeliveryFailed):  # a sink's bug must not stop the relay
                    log.exception("event %s to %s crashed", row.event_id, row.sink)
                    exc = DeliveryFailed(f"{type(exc).__name__}: {exc}")
                self.failures += 1
                await self._record_delivered(delivered)  # before a deferral gives back the sink's leases
                if await self._after_failure(row, exc):
                    down.add(row.sink)
                continue
            delivered.append(row)
        await self._record_delivered(delivered)
        return len(due)

    async def _record_delivered(self, delivered: list[Due]) -> None:
        """Mark what was taken, in one transaction (a crash before it only means these go again)."""
        if not delivered:
            return
        async with self.database.write() as session:
            lease_now = await database_now(session, self.clock)
            recorded = await event_deliveries.mark_delivered_many(session, [row.id for row in delivered],
                                                                  owner=self.owner, lease_now=lease_now,
                                                                  at=self.clock.now())
        if recorded < len(delivered):
            log.warning("%d event(s) delivered after their lease ran out; they may be sent again",
                        len(delivered) - recorded)
        self.delivered += len(delivered)
        delivered.clear()

    async def _after_failure(self, row: Due, exc: DeliveryFailed) -> bool:
        """Reschedule, defer the sink, or dead-letter; True when the whole sink was deferred."""
        attempts = row.attempts + 1
        if exc.retry_after is not None:
            at = self.clock.now() + timedelta(seconds=exc.retry_after)
            log.info("event %s to %s: asked to wait %.0fs", row.event_id, row.sink, exc.retry_after)
            await self._reschedule(row, at, str(exc), count=False)
        elif exc.permanent or attempts >= self.max_attempts:
            await self._dead_letter(row, exc, attempts)
            return False
        else:
            at = self.clock.now() + backoff(attempts - 1, base=self.backoff_base, cap=self.backoff_cap)
            log.warning("event %s to %s attempt %d failed: %s", row.event_id, row.sink, attempts, exc)
            await self._reschedule(row, at, str(exc), count=True)
        if exc.sink_down:
            async with self.database.write() as session:
                lease_now = await database_now(session, self.clock)
                await event_deliveries.defer_sink(session, row.sink, until=at, owner=self.owner, lease_now=lease_now)
            return True
        return False

    async def _reschedule(self, row: Due, at: datetime, error: str, *, count: bool) -> None:
        async with self.database.write() as session:
            lease_now = await database_now(session, self.clock)
            await event_deliveries.reschedule(session, row.id, owner=self.owner, lease_now=lease_now, at=at,
                                              error=error, count_attempt=count)

    async def _dead_letter(self, row: Due, exc: DeliveryFailed, attempts: int) -> None:
        log.error("event %s to %s dead after %d attempts: %s", row.event_id, row.sink, attempts, exc)
        async with self.database.write() as session:
            lease_now = await database_now(session, self.clock)
            dead = await event_deliveries.mark_dead(session, row.id, owner=self.owner, lease_now=lease_now,
                                                    error=str(exc))
            if dead:
                self.dead += 1
                bindings = (await session.execute(
                    select(ChatBinding).where(ChatBinding.role == BindingRole.OPS.value))).scalars()
                for binding in bindings:
                    alert = Reply(
                        chat=ChatRef(Platform(binding.platform), binding.chat_id, ChatKind(binding.chat_kind)),
                        text=(f"⚠ 事件推送失败 / event delivery failed: {row.sink} {row.event_id}\n{exc}\n"
                              "`supplierbot webhooks retry` 可重新发送 / sends it again"),
                    )
                    await outbox.enqueue(session, f"event-dead:{row.id}:{binding.id}", alert, now=self.clock.now())

    async def prune_once(self) -> int:
        """Drop events older than the retention (hourly at most); returns how many went."""
        now = self.clock.now()
        if self.retention is None or (self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY):
            return 0
        async with self.database.write() as session:
            removed = await event_deliveries.prune_before(session, now - self.retention)
        self._pruned_at = now
        if removed:
            log.info("events: %d older than %s pruned", removed, self.retention)
        return removed

    # --- the loop ---------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Publish and deliver until `stop`; a database outage or a sink's failure only pauses."""
        while not stop.is_set():
            handled = 0
            try:
                sinks = await self.load_sinks()  # once a tick: the webhooks are a database read
                await self.publish_once(sinks)
                handled = await self.deliver_once(sinks)
                await self.prune_once()
            except Exception as exc:
                if is_database_down(exc):
                    log.warning("events paused, database unavailable: %s", exc)
                else:
                    log.exception("event relay failed; trying again")
            if handled < self.batch_size:
                await wait_for_either(stop, self.poll)
        try:
            async with self.database.write() as session:
                await event_deliveries.release_leases(session, self.owner)
        except Exception as exc:
            log.warning("events: could not give back leases: %s", exc)


def combined(*loaders: SinkLoader) -> SinkLoader:
    """One loader from several (the registered webhooks, Jiandaoyun...)."""

    async def load() -> dict[str, EventSink]:
        found: dict[str, EventSink] = {}
        for loader in loaders:
            found.update(await loader())
        return found

    return load


def fixed(*sinks: EventSink) -> SinkLoader:
    """A loader of sinks configured once (from settings)."""

    async def load() -> dict[str, EventSink]:
        return {sink.name: sink for sink in sinks}

    return load
