"""A small simulated plant for scheduler tests, after Alertmanager's acceptance tests:
suppliers, orders and chats made directly through the models, a FakeClock that walks
through days, the real outbox dispatcher delivering into a memory channel, and a record
of which message reached which chat at what time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.dispatcher import OutboxDispatcher
from bot.ports import Platform
from scheduler.jobs import JobConfig, daily_digest, escalate_overdue, nudge_unanswered, prompt_due
from storage.db import Database
from storage.models import (
    ChatBinding,
    ChatIdentity,
    Milestone,
    Order,
    OutboxMessage,
    OutboxState,
    Person,
    Supplier,
)
from tests.fakes.memory_channel import MemoryChannel

SHANGHAI = ZoneInfo("Asia/Shanghai")
Job = Callable[[Database, datetime, JobConfig], Awaitable[int]]
ALL_JOBS: tuple[Job, ...] = (prompt_due, nudge_unanswered, escalate_overdue, daily_digest)


def sh(*args: int) -> datetime:
    """A Shanghai wall-clock time as UTC."""
    return datetime(*args, tzinfo=SHANGHAI).astimezone(UTC)


@dataclass(frozen=True)
class Received:
    chat_id: str
    text: str
    at: datetime
    payloads: tuple[str, ...]


class World:
    def __init__(self, database: Database, clock: FakeClock, config: JobConfig | None = None,
                 jobs: Sequence[Job] = ALL_JOBS, step: timedelta = timedelta(minutes=30)) -> None:
        self.step = step
        self.database = database
        self.clock = clock
        self.config = config or JobConfig()
        self.jobs = tuple(jobs)
        self.channel = MemoryChannel(Platform.TELEGRAM, clock=clock)
        self.dispatcher = OutboxDispatcher(database, clock, {Platform.TELEGRAM: self.channel})

    # --- the plant --------------------------------------------------------------------

    async def supplier(self, name: str, *, timezone: str = "Asia/Shanghai", language: str = "zh") -> int:
        async with self.database.write() as session:
            supplier = Supplier(code=name.upper()[:8], name=name, timezone=timezone, language=language,
                                created_at=self.clock.now())
            session.add(supplier)
            await session.flush()
            return supplier.id

    async def bind(self, role: str, chat_id: str, *, supplier_id: int | None = None,
                   language: str | None = None) -> int:
        async with self.database.write() as session:
            binding = ChatBinding(platform=Platform.TELEGRAM.value, chat_id=chat_id, role=role,
                                  supplier_id=supplier_id, language=language, created_at=self.clock.now())
            session.add(binding)
            await session.flush()
            return binding.id

    async def person(self, name: str, role: str, user_id: str) -> int:
        """Someone on the people list with a Telegram identity: in a staff chat only people act."""
        async with self.database.write() as session:
            person = Person(name=name, role=role, created_at=self.clock.now())
            session.add(person)
            await session.flush()
            session.add(ChatIdentity(person_id=person.id, platform=Platform.TELEGRAM.value, user_id=user_id))
            return person.id

    async def order(self, po: str, supplier_id: int, nodes: Sequence[tuple[str, date]], *,
                    priority: str = "normal", release: date | None = None, quantity: int = 1000) -> list[int]:
        """An order with its nodes in sequence; returns the milestone ids."""
        now = self.clock.now()
        async with self.database.write() as session:
            order = Order(po=po, po_key=po.removeprefix("PO-"), supplier_id=supplier_id, part_no="P-1",
                          process="stamping", quantity=quantity, release_date=release or nodes[0][1] - timedelta(10),
                          due_date=nodes[-1][1], priority=priority, created_at=now, updated_at=now)
            session.add(order)
            await session.flush()
            milestones = [Milestone(order_id=order.id, seq=i + 1, node=node, planned_date=planned,
                                    original_planned_date=planned, updated_at=now)
                          for i, (node, planned) in enumerate(nodes)]
            session.add_all(milestones)
            await session.flush()
            return [m.id for m in milestones]

    # --- time ---------------------------------------------------------------------------

    async def tick(self) -> None:
        """Every job once at the clock's now, then deliver what is due (a second or two of
        simulated time for the platforms' per-chat limits)."""
        for job in self.jobs:
            await job(self.database, self.clock.now(), self.config)
        await self.deliver()

    async def deliver(self) -> None:
        for _ in range(60):
            if await self.dispatcher.dispatch_once():
                continue
            async with self.database.read() as session:
                waiting = await session.scalar(
                    select(func.count(OutboxMessage.id)).where(
                        OutboxMessage.state == OutboxState.PENDING.value,
                        OutboxMessage.next_attempt_at <= self.clock.now() + timedelta(seconds=5)))
            if not waiting:
                return
            self.clock.advance(timedelta(seconds=1))

    async def run_until(self, until: datetime, step: timedelta | None = None) -> None:
        step = step or self.step
        while self.clock.now() < until:
            self.clock.advance(min(step, until - self.clock.now()))
            await self.tick()

    # --- what arrived ---------------------------------------------------------------------

    @property
    def received(self) -> list[Received]:
        return [Received(reply.chat.chat_id, reply.text, at, tuple(b.payload for row in reply.buttons for b in row))
                for reply, at in self.channel.sent]

    def to(self, chat_id: str, contains: str = "") -> list[Received]:
        return [r for r in self.received if r.chat_id == chat_id and contains in r.text]

    def times(self, chat_id: str, contains: str = "") -> list[datetime]:
        """Arrival times, truncated to the minute (delivery may take a simulated second or two)."""
        return [r.at.replace(second=0, microsecond=0) for r in self.to(chat_id, contains)]
