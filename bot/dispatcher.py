"""The outbox dispatcher: delivers queued replies at least once, within every platform's
limits, backing off on errors, and dead-lettering what can never be delivered.

Every replica may run one. Rows are leased; a delivery is recorded only while the lease
is held, so a replica that stalled past its lease cannot overwrite another's work.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat_targets import shown_chat_id
from bot.clock import Clock
from bot.metrics import NO_METRICS, NoMetrics
from bot.ports import Channel, ChatKind, ChatRef, Platform, Reply, SendError
from bot.send_limits import limits_for
from storage import outbox
from storage.chat_moves import move_chat
from storage.db import Database, is_database_down
from storage.menus import remember_menu
from storage.models import BindingRole, ChatBinding, OutboxMessage
from storage.rate_limits import Refusal, reserve

log = logging.getLogger("supplierbot.dispatcher")

DEAD_LETTER_PREFIX = "dead:"


def backoff(attempts: int, *, base: float = 2.0, cap: float = 900.0) -> timedelta:
    """Exponential backoff with full jitter around the middle, so replicas don't retry in step."""
    delay = min(cap, base * (2 ** max(0, attempts)))
    return timedelta(seconds=delay * random.uniform(0.5, 1.5))


async def database_now(session: AsyncSession, clock: Clock) -> datetime:
    """The time leases are measured in: the database's clock where replicas share one."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        value = await session.scalar(text("SELECT clock_timestamp()"))
        assert isinstance(value, datetime)
        return value
    return clock.now()


class _LeaseLost(Exception):
    """Another replica may own the row now."""


class _Refused(Exception):
    """Rolls back a partial reservation: a refused send counts against no bucket."""

    def __init__(self, refusal: Refusal) -> None:
        self.refusal = refusal


class OutboxDispatcher:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        channels: dict[Platform, Channel],
        *,
        owner: str | None = None,
        batch_size: int = 20,
        lease: timedelta = timedelta(seconds=60),
        max_attempts: int = 8,
        idle_poll: float = 1.0,
        wecom_bot_per_minute: int = 20,
    ) -> None:
        self.database = database
        self.clock = clock
        self.channels = channels
        self.owner = owner or f"dispatcher-{uuid.uuid4().hex[:12]}"
        self.batch_size = batch_size
        self.lease = lease
        self.max_attempts = max_attempts
        self.idle_poll = idle_poll
        self.wecom_bot_per_minute = wecom_bot_per_minute
        self._wake = asyncio.Event()
        self.sent = 0
        self.failures = 0
        self.metrics: NoMetrics = NO_METRICS

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; a database outage only pauses delivery."""
        while not stop.is_set():
            try:
                handled = await self.dispatch_once()
            except Exception as exc:
                if not is_database_down(exc):
                    log.exception("outbox dispatch failed")
                else:
                    log.warning("outbox paused, database unavailable: %s", exc)
                handled = 0
            if handled == 0:
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self.idle_poll)
                except TimeoutError:
                    pass
        async with self.database.write() as session:
            await outbox.release_leases(session, self.owner)

    async def dispatch_once(self) -> int:
        """Claim one batch of due rows and try each once; returns how many were handled."""
        async with self.database.write() as session:
            lease_now = await database_now(session, self.clock)
            rows = await outbox.claim_due(
                session, now=self.clock.now(), lease_now=lease_now, owner=self.owner, lease=self.lease,
                limit=self.batch_size,
            )
        deferred: set[tuple[str, str]] = set()
        for row in rows:
            if (row.platform, row.chat_id) in deferred:
                continue
            if not await self._deliver(row):
                deferred.add((row.platform, row.chat_id))
        return len(rows)

    async def _deliver(self, row: OutboxMessage) -> bool:
        """Try one row; False when its chat's rate window is full (its other rows were deferred too)."""
        reply = Reply.from_dict(row.payload)
        channel = self.channels.get(Platform(row.platform))
        if channel is None:
            await self._reschedule(row, timedelta(minutes=5), f"platform {row.platform} is not configured", False)
            return True
        try:
            refusal = await self._reserve(row, reply)
        except _LeaseLost:
            log.info("outbox %s: lease lost before sending; left to the replica that holds it", row.id)
            return True
        if refusal is not None:
            if row.chat_id in refusal.limit.bucket:
                await self._defer_chat(row, refusal.retry_at)
                return False
            await self._reschedule_at(row, refusal.retry_at, None, False)
            return True
        try:
            result = await channel.send(reply)
        except SendError as exc:
            self.failures += 1
            self.metrics.failed(row.platform, exc.code)
            await self._after_failure(row, exc)
            return True
        except Exception as exc:  # an adapter bug must not stop the dispatcher
            self.failures += 1
            self.metrics.failed(row.platform, "crash")
            log.exception("send crashed for outbox %s", row.id)
            await self._after_failure(row, SendError(f"{type(exc).__name__}: {exc}"))
            return True
        async with self.database.write() as session:
            lease_now = await database_now(session, self.clock)
            recorded = await outbox.mark_sent(
                session, row.id, owner=self.owner, lease_now=lease_now, sent_at=self.clock.now(),
                platform_message_id=result.platform_message_id,
            )
            if result.menu:  # the chat was shown numbers: they press these buttons from now on
                await remember_menu(session, row.platform, row.chat_id, result.menu, self.clock.now())
        self.sent += 1
        self.metrics.delivered(row.platform)
        await self.metrics.replied(row.platform, row.inbox_id, self.clock.now())
        if not recorded:
            log.warning("outbox %s sent after its lease ran out; another replica may send it again", row.id)
        return True

    async def _defer_chat(self, row: OutboxMessage, until: datetime) -> None:
        async with self.database.write() as session:
            lease_now = await database_now(session, self.clock)
            await outbox.defer_chat(session, platform=row.platform, chat_id=row.chat_id, until=until,
                                    owner=self.owner, lease_now=lease_now)

    async def _reserve(self, row: OutboxMessage, reply: Reply) -> Refusal | None:
        """Renew the row's lease and take a sending slot, in one transaction, right before the send.

        A batch can take longer than a lease; renewing per row keeps another replica from
        claiming a row this one is about to send. Raises `_LeaseLost` when it already has."""
        limits = limits_for(row.platform, row.chat_id, reply.chat.kind.value,
                            wecom_bot_per_minute=self.wecom_bot_per_minute)
        try:
            async with self.database.write() as session:
                lease_now = await database_now(session, self.clock)
                if not await outbox.renew_lease(session, row.id, owner=self.owner, lease_now=lease_now,
                                                lease=self.lease):
                    raise _LeaseLost
                if not limits:
                    return None
                refusal = await reserve(session, limits, self.clock.now())
                if refusal is not None:
                    raise _Refused(refusal)
        except _Refused as refused:
            return refused.refusal
        return None

    async def _after_failure(self, row: OutboxMessage, exc: SendError) -> None:
        attempts = row.attempts + 1
        if exc.moved_to and exc.moved_to != row.chat_id:
            await self._follow_chat(row, exc.moved_to)
            return
        if exc.retry_after is not None:
            log.info("outbox %s: platform asked to wait %.0fs", row.id, exc.retry_after)
            await self._reschedule(row, timedelta(seconds=exc.retry_after), str(exc), False)
        elif exc.permanent or attempts >= self.max_attempts:
            await self._dead_letter(row, exc, attempts)
        else:
            log.warning("outbox %s attempt %d failed: %s", row.id, attempts, exc)
            await self._reschedule(row, backoff(attempts), str(exc), True)

    async def _follow_chat(self, row: OutboxMessage, new_chat_id: str) -> None:
        """The chat has a new id (and may not have told us yet): move it, this row included, and
        send again at once, so nothing queued for the old id is lost."""
        log.info("outbox %s: %s chat %s is now %s; following it", row.id, row.platform, row.chat_id, new_chat_id)
        async with self.database.write() as session:
            await move_chat(session, row.platform, row.chat_id, new_chat_id)
        await self._reschedule(row, timedelta(0), f"chat moved to {new_chat_id}", False)

    async def _reschedule(self, row: OutboxMessage, delay: timedelta, error: str | None, count: bool) -> None:
        await self._reschedule_at(row, self.clock.now() + delay, error, count)

    async def _reschedule_at(self, row: OutboxMessage, at: datetime, error: str | None, count: bool) -> None:
        async with self.database.write() as session:
            lease_now = await database_now(session, self.clock)
            await outbox.reschedule(session, row.id, owner=self.owner, lease_now=lease_now, at=at, error=error,
                                    count_attempt=count)

    async def _dead_letter(self, row: OutboxMessage, exc: SendError, attempts: int) -> None:
        log.error("outbox %s dead after %d attempts: %s", row.id, attempts, exc)
        async with self.database.write() as session:
            lease_now = await database_now(session, self.clock)
            dead = await outbox.mark_dead(session, row.id, owner=self.owner, lease_now=lease_now, error=str(exc))
            if dead and not row.idempotency_key.startswith(DEAD_LETTER_PREFIX):
                await self._alert_ops(session, row, exc)
        if dead:
            self.metrics.dead_letter(row.platform)

    async def _alert_ops(self, session: AsyncSession, row: OutboxMessage, exc: SendError) -> None:
        bindings = (await session.execute(
            select(ChatBinding).where(ChatBinding.role == BindingRole.OPS.value)
        )).scalars()
        preview = str(row.payload.get("text", ""))[:80]
        for binding in bindings:
            if binding.platform == row.platform and binding.chat_id == row.chat_id:
                continue
            alert = Reply(
                chat=ChatRef(Platform(binding.platform), binding.chat_id, ChatKind(binding.chat_kind)),
                text=(f"⚠ 消息投递失败 / delivery failed: {row.platform} chat {shown_chat_id(row.platform, row.chat_id)}\n"
                      f"{exc}\n「{preview}」"),
            )
            await outbox.enqueue(session, f"{DEAD_LETTER_PREFIX}{row.id}:{binding.id}", alert, now=self.clock.now())
