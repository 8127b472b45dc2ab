"""The replay the pipeline-batch tests share: a day's mixed Telegram traffic on a seeded world,
processed by a given drain, and every row of every table it wrote (tests/bot/test_pipeline_*.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Text, distinct, func, inspect, select, text, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from bot.adapters.telegram_adapter import inbound_from_update
from bot.clock import FakeClock
from bot.pipeline import InboundPipeline
from bot.ports import InboundMessage, Platform, Reply
from bot.settings import Settings
from handlers.context import HandlerContext
from handlers.router import handle_message
from storage.db import Database
from storage.inbox_file import INBOX, InboxFile, Waiting
from storage.models import (
    Base,
    BindingRole,
    ChatBinding,
    ChatIdentity,
    InboxMessage,
    InboxState,
    InspectionValue,
    OutboxMessage,
    Person,
    Photo,
    ProgressReport,
    Supplier,
)
from storage.order_intake import OrderDraft, create_orders
from storage.photo_store import PhotoStore
from tests.databases import empty_postgres
from tests.fakes.memory_channel import MemoryChannel
from tests.fakes.photos import noise_jpeg

GROUP = -1001234567
BUYERS = -1007654321
NEW_GROUP = -1005550001  # unbound at first; the admin binds it to the supplier halfway
STRANGERS = -1009990001  # never bound
ADMIN_USER = 900
PHOTO = "AgACAgreplayphoto"
ORDERS = 6
MESSAGES = 240
BROKEN = "PO-1003 完成33% 测试故障"  # with `broken`, its handler always fails, after writing
# statements a message while processing the mix in batches of 64 (see the last test); SQLite 2.11
# since a batch hands its lookups and id counters to the next (2.61 before)
BOUND_SQLITE = 2.3
BOUND_POSTGRES = 2.8


async def seed(database: Database, now: datetime) -> None:
    """A supplier with its group and six open orders, the buyers' group, an admin (who may /bind)."""
    async with database.write() as session:
        supplier = Supplier(code="HD", name="华达精密", created_at=now)
        session.add(supplier)
        await session.flush()
        session.add_all([
            ChatBinding(platform="telegram", chat_id=str(GROUP), role=BindingRole.SUPPLIER.value,
                        supplier_id=supplier.id, created_at=now),
            ChatBinding(platform="telegram", chat_id=str(BUYERS), role=BindingRole.BUYERS.value, created_at=now),
        ])
        admin = Person(name="管理员", role="admin", created_at=now)
        session.add(admin)
        await session.flush()
        session.add(ChatIdentity(person_id=admin.id, platform="telegram", user_id=str(ADMIN_USER)))
        await create_orders(session, [
            OrderDraft(po=f"PO-{1001 + i}", supplier="HD", part_no=f"BRK-22{i:02d}", process="stamping",
                       quantity=200_000, release_date=now.date(), due_date=now.date().replace(year=now.year + 1))
            for i in range(ORDERS)], actor="test", now=now)


def _body(i: int, every_kind: bool) -> dict[str, Any]:
    """The i-th message of the day: the bench's mix, with the conversations that span messages;
    with `every_kind`, also every other kind of report, and reports read back in their batch."""
    po = f"PO-{1001 + i % ORDERS}"
    group = {"id": GROUP, "type": "supergroup", "title": "华达精密 外协群"}
    supplier = {"id": 42, "is_bot": False, "first_name": "王工"}
    if i == 40:
        return {"chat": {"id": NEW_GROUP, "type": "supergroup", "title": "华达 二厂"},
                "from": {"id": 43, "is_bot": False, "first_name": "赵工"}, "text": "PO-1002 完成20%"}
    if i == 41:
        return {"chat": {"id": NEW_GROUP, "type": "supergroup", "title": "华达 二厂"},
                "from": {"id": ADMIN_USER, "is_bot": False, "first_name": "管理员"}, "text": "/bind supplier HD"}
    if i in (42, 120, 200):
        return {"chat": {"id": NEW_GROUP, "type": "supergroup", "title": "华达 二厂"},
                "from": {"id": 43, "is_bot": False, "first_name": "赵工"}, "text": f"{po} 完成{i % 90 + 5}%"}
    if i % 50 == 13:
        return {"chat": {"id": STRANGERS, "type": "supergroup", "title": "路人群"},
                "from": {"id": 55, "is_bot": False, "first_name": "路人"}, "text": f"{po} 完成10%"}
    if i % 40 == 20:
        return {"chat": group, "from": supplier, "text": f"完成{i % 80 + 10}%"}  # which order? asks, with a menu
    if i % 40 == 21:
        return {"chat": group, "from": supplier, "text": "2"}  # the menu's second order
    if i == 150:
        return {"chat": group, "from": supplier, "text": BROKEN}
    if every_kind and i % 48 == 22:
        return {"chat": group, "from": supplier, "text": "合格"}  # the inspection the photos just before asked for
    if every_kind and i % 40 == 25:
        nxt = f"PO-{1001 + (i + 1) % ORDERS}"
        return {"chat": group, "from": supplier, "text": f"{po} 完成{i % 70 + 20}% {nxt} 完成{i % 60 + 30}%"}
    if every_kind and i % 40 == 26:
        return {"chat": group, "from": supplier, "text": "撤回"}  # the two just made: read back, undone
    if every_kind and i % 40 == 27:
        return {"chat": group, "from": supplier, "text": f"不对 是完成{i % 50 + 40}%"}  # the last one, corrected
    if every_kind and i % 40 == 28:
        return {"chat": group, "from": supplier, "text": f"{po} 缺料 等钢材"}
    if every_kind and i % 40 == 29:
        return {"chat": group, "from": supplier, "text": f"{po} 下周三交货"}
    kind = i % 12
    if kind == 6:
        return {"chat": group, "from": supplier, "text": f"{po} 热处理要晚两天 设备坏了"}
    if kind == 7:
        return {"chat": group, "from": supplier, "text": f"{po} 今天发了{i % 50 + 10}件"}
    if kind == 8:
        return {"chat": group, "from": supplier, "text": f"{po} 发现{i % 9 + 1}件毛刺 返工中"}
    if kind == 9:
        return {"chat": group, "from": supplier, "caption": f"{po} 终检照片",
                "photo": [{"file_id": PHOTO, "file_unique_id": "replayphoto", "width": 400, "height": 300,
                           "file_size": 30_000}]}
    if kind == 10:
        return {"chat": {"id": BUYERS, "type": "supergroup", "title": "采购群"},
                "from": {"id": 77, "is_bot": False, "first_name": "李采购"}, "text": f"{po} 进度怎么样"}
    return {"chat": group, "from": supplier, "text": f"{po} 完成{i % 99 + 1}%"}


def mixed_messages(start: datetime, every_kind: bool = True) -> list[tuple[InboundMessage, str]]:
    out = []
    for i in range(MESSAGES):
        update = {"update_id": 5000 + i,
                  "message": {"message_id": 100 + i, "date": int((start + timedelta(seconds=i)).timestamp()),
                              **_body(i, every_kind)}}
        message = inbound_from_update(update)
        assert message is not None
        out.append((message, str(update)))
    return out


class FailsOn:
    """The real handler, except that one message always fails, after writing its records."""

    def __init__(self, text: str) -> None:
        self.text = text

    async def __call__(self, session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
        replies = await handle_message(session, message, ctx)
        if message.text == self.text:
            raise RuntimeError("handler bug on this message")
        return replies


async def accept_group_texts(pipeline: InboundPipeline, clock: FakeClock, texts: Sequence[str], *,
                             first_update: int, first_message: int) -> None:
    """Each of `texts` said by 王工 in the supplier's group a second after the one before, stored in
    `pipeline`'s inbox as Telegram delivers it (the short replays of one batch's cases)."""
    for i, words in enumerate(texts):
        clock.advance(timedelta(seconds=1))
        update = {"update_id": first_update + i, "message": {
            "message_id": first_message + i, "date": int(clock.now().timestamp()), "text": words,
            "chat": {"id": GROUP, "type": "supergroup", "title": "华达精密 外协群"},
            "from": {"id": 42, "is_bot": False, "first_name": "王工"}}}
        message = inbound_from_update(update)
        assert message is not None
        await pipeline.accept(message, str(update))


async def every_row(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows in primary-key order (alembic's own table is not ours)."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    async with database.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = await session.execute(select(table).order_by(*table.primary_key.columns))
            tables[table.name] = [tuple(row) for row in rows]
    return tables


async def empty(database: Database) -> None:
    """Back to an empty schema with the id counters reset, so a replay gets the same ids."""
    if not database.is_sqlite:
        await empty_postgres(database)
        return
    async with database.writer.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            await conn.execute(table.delete())
        has_sequence = await conn.run_sync(lambda sync: inspect(sync).has_table("sqlite_sequence"))
        if has_sequence:
            await conn.execute(text("DELETE FROM sqlite_sequence"))


class Crash(BaseException):
    """The process dies here: nothing in the pipeline handles it, the open transaction is lost."""


class CrashesWhileMoving(InboxFile):
    """An inbox file whose process dies after every `every`-th main commit, before the file
    hears that the batch was moved."""

    def __init__(self, url: str, every: int) -> None:
        super().__init__(url)
        self.every = every
        self.marks = 0

    async def mark_moved(self, ids: Sequence[int]) -> int:
        self.marks += 1
        if self.marks % self.every == 0:
            raise Crash("after the commit, before marking")
        return await super().mark_moved(ids)


class CrashesInBatches(FailsOn):
    """The real handler, except that the process dies at every `every`-th call, before the batch commits."""

    def __init__(self, text: str, every: int) -> None:
        super().__init__(text)
        self.every = every
        self.calls = 0

    async def __call__(self, session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
        self.calls += 1
        if self.calls % self.every == 0:
            raise Crash("before the commit")
        return await super().__call__(session, message, ctx)


async def replay(database: Database, tmp_path: Path, drain: Callable[[InboundPipeline], Awaitable[int]],
                 *, broken: bool = False, inbox_file: InboxFile | None = None,
                 crash_every: int = 0, every_kind: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    start = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    clock = FakeClock(start)
    await empty(database)
    await seed(database, start)
    channel = MemoryChannel(Platform.TELEGRAM, files={PHOTO: noise_jpeg(400, 300)})
    handler = CrashesInBatches(BROKEN if broken else "", crash_every) if crash_every else FailsOn(
        BROKEN if broken else "")
    pipeline = InboundPipeline(database, clock, Settings(), handler, {Platform.TELEGRAM: channel},
                               PhotoStore(tmp_path / "photos"), inbox_file=inbox_file)
    for message, raw in mixed_messages(start, every_kind):
        clock.advance(timedelta(seconds=1))
        await pipeline.accept(message, raw)
    clock.advance(timedelta(minutes=1))
    crashes = 0
    while True:
        try:
            if not await drain(pipeline):
                break
        except Crash:
            crashes += 1  # a restart: the next round starts from what the databases hold
    assert crashes or not crash_every, "the crashes were meant to happen"
    if inbox_file is not None:
        for message, raw in mixed_messages(start, every_kind)[:5]:  # re-deliveries, after their originals were moved
            assert not await pipeline.accept(message, raw)
        assert await pipeline.process_pending() == 0
        async with inbox_file.database.read() as session:
            states: set[str] = set((await session.execute(select(INBOX.c.state))).scalars())
        assert states == {Waiting.MOVED.value}
    return await every_row(database)


def an_inbox_file(tmp_path: Path, name: str, crash_every: int = 0) -> InboxFile:
    url = f"sqlite+aiosqlite:///{tmp_path / f'{name}-inbox.db'}"
    return CrashesWhileMoving(url, crash_every) if crash_every else InboxFile(url)


async def one_at_a_time(pipeline: InboundPipeline) -> int:
    return await pipeline.process_pending(limit=1)


async def in_service_batches(pipeline: InboundPipeline) -> int:
    return await pipeline.process_pending()


async def in_large_batches(pipeline: InboundPipeline) -> int:
    return await pipeline.process_pending(limit=64)


async def the_mix_is_all_there(database: Database, every_kind: bool = True) -> None:
    """The comparison is worth something: every kind of message wrote its records or got its answer."""
    async with database.read() as session:
        kinds = set((await session.execute(select(ProgressReport.kind))).scalars())
        states = set((await session.execute(select(InboxMessage.state))).scalars())
        answered = set((await session.execute(select(OutboxMessage.chat_id))).scalars())
        bound = await session.scalar(select(ChatBinding).where(ChatBinding.chat_id == str(NEW_GROUP)))
        photos = list((await session.execute(select(Photo.report_id))).scalars())
        undone = await session.scalar(select(func.count()).where(ProgressReport.undone_at.is_not(None)))
        values = await session.scalar(select(func.count()).select_from(InspectionValue))
        orders_in_one = await session.scalar(select(func.count(distinct(ProgressReport.order_id))).where(
            ProgressReport.text.like("% PO-%")))
    assert {"progress", "delay", "shipment", "defect", "photo"} <= kinds, kinds
    if every_kind:
        assert {"inspection", "shortage", "plan"} <= kinds, kinds
        assert undone and values and orders_in_one == ORDERS, (undone, values, orders_in_one)
    assert states == {InboxState.PROCESSED.value}
    assert {str(GROUP), str(BUYERS), str(NEW_GROUP), str(STRANGERS)} <= answered
    assert bound is not None and bound.role == BindingRole.SUPPLIER.value
    assert photos and all(photos)


async def inbox_outcomes(database: Database) -> dict[str, tuple[str, int]]:
    async with database.read() as session:
        rows = await session.execute(select(InboxMessage.external_id, InboxMessage.state, InboxMessage.attempts))
        return {external_id: (state, attempts) for external_id, state, attempts in rows}


async def stored_message_texts(database: Database) -> list[str]:
    """The main inbox's messages as the database holds them (JSON text, not decoded)."""
    async with database.read() as session:
        return list((await session.execute(
            select(type_coerce(InboxMessage.message, Text)).order_by(InboxMessage.id))).scalars())
