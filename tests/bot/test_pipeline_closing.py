"""A batch that opens an exception on a node and, later in the same batch, finishes that node
closes it exactly as one message at a time does (the batch knows an order's open exceptions
once, `storage.exceptions.open_on_order`, and forgets that when it opens or closes one).

Also: an exception opened before the batch closes when the batch finishes its node, and a
node finished with none open closes nothing. Every row of every table is compared, ids included."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.pipeline import InboundPipeline
from bot.ports import InboundMessage, Platform, Reply
from bot.settings import Settings
from handlers.context import HandlerContext
from handlers.router import handle_message
from scheduler.ladder import Ladder
from storage.db import Database
from storage.models import ExceptionKind, ExceptionTicket, Milestone, NodeCode, Order, OutboxMessage
from storage.photo_store import PhotoStore
from tests.bot.pipeline_replay import accept_group_texts, empty, every_row, seed
from tests.fakes.memory_channel import MemoryChannel

# (the node a delay opens an exception on, then finished in the same batch; progress between)
TEXTS = [
    "PO-1001 原材料已到位",  # a node finished with none open: the batch now knows PO-1001's open exceptions
    "PO-1001 热处理要晚两天 设备坏了",  # a delay on heat treatment: an exception on that node
    "PO-1002 完成30%",
    "PO-1003 下料完成",  # a node of an order with an exception opened before the batch (below)
    "PO-1001 完成40%",
    "PO-1002 下料完成",  # finished, none open: closes nothing
    "PO-1001 热处理完成",  # finishes the node the delay was on: its exception closes
    "PO-1001 完成60%",
]


async def _replay(database: Database, tmp_path: Path, limit: int) -> dict[str, list[tuple[Any, ...]]]:
    start = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    clock = FakeClock(start)
    await empty(database)
    await seed(database, start)
    async with database.write() as session:  # an overdue exception on PO-1003's first node, opened before
        order = await session.scalar(select(Order).where(Order.po == "PO-1003"))
        assert order is not None
        first = await session.scalar(select(Milestone).where(Milestone.order_id == order.id)
                                     .order_by(Milestone.seq).limit(1))
        assert first is not None
        await Ladder().open(session, order_id=order.id, milestone_id=first.id, kind=ExceptionKind.OVERDUE.value,
                            title="下料 overdue", now=start, opened_by="scheduler", dedupe_key="overdue:test")
    pipeline = InboundPipeline(database, clock, Settings(), handle_message,
                               {Platform.TELEGRAM: MemoryChannel(Platform.TELEGRAM)}, PhotoStore(tmp_path / "photos"))
    await accept_group_texts(pipeline, clock, TEXTS, first_update=7000, first_message=300)
    clock.advance(timedelta(minutes=1))
    while await pipeline.process_pending(limit=limit):
        pass
    return await every_row(database)


async def test_an_exception_opened_and_its_node_finished_in_one_batch_closes_as_one_at_a_time(
    database: Database, tmp_path: Path
) -> None:
    expected = await _replay(database, tmp_path, limit=1)
    async with database.read() as session:
        tickets = list((await session.scalars(select(ExceptionTicket).order_by(ExceptionTicket.id))).all())
        replies = list((await session.scalars(select(OutboxMessage.payload))).all())
    # the comparison is worth something: both exceptions opened, and both closed by a node finished
    assert [(t.kind, t.resolution) for t in tickets] == [(ExceptionKind.OVERDUE.value, "done"),
                                                         (ExceptionKind.DELAY.value, "done")], \
        [(t.kind, t.resolution, t.milestone_id) for t in tickets]
    assert all(any(f"#{t.id} " in str(payload) for payload in replies) for t in tickets)
    got = await _replay(database, tmp_path, limit=64)
    for table, rows in expected.items():
        assert got[table] == rows, f"{table} differs in one batch"


# (a node finished after another process opened an exception on it, mid-batch)
RACED = [
    "PO-1001 原材料已到位",  # a node finished with none open: the batch now knows PO-1001's open exceptions
    "PO-1002 完成30%",
    "PO-1001 热处理完成",  # finishes the node the other process's exception is on
    "PO-1001 完成60%",
]


class OpensElsewhere:
    """The real handler; after the first message, another process (its own connection and
    transaction, committed) opens an overdue exception on PO-1001's node in process (what
    热处理完成 finishes), as the escalation tick does while a batch runs."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.calls = 0

    async def __call__(self, session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
        replies = await handle_message(session, message, ctx)
        self.calls += 1
        if self.calls == 1:
            async with self.database.write() as other:
                order = await other.scalar(select(Order).where(Order.po == "PO-1001"))
                assert order is not None
                node = await other.scalar(select(Milestone).where(Milestone.order_id == order.id,
                                                                  Milestone.node == NodeCode.IN_PROCESS.value))
                assert node is not None
                await Ladder().open(other, order_id=order.id, milestone_id=node.id, kind=ExceptionKind.OVERDUE.value,
                                    title="热处理 overdue", now=ctx.now, opened_by="scheduler",
                                    dedupe_key=f"overdue:{node.id}")
        return replies


async def _raced(database: Database, tmp_path: Path, limit: int) -> dict[str, list[tuple[Any, ...]]]:
    start = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    clock = FakeClock(start)
    await empty(database)
    await seed(database, start)
    pipeline = InboundPipeline(database, clock, Settings(), OpensElsewhere(database),
                               {Platform.TELEGRAM: MemoryChannel(Platform.TELEGRAM)}, PhotoStore(tmp_path / "photos"))
    await accept_group_texts(pipeline, clock, RACED, first_update=7100, first_message=400)
    clock.advance(timedelta(minutes=1))
    async with asyncio.timeout(60):
        while await pipeline.process_pending(limit=limit):
            pass
    return await every_row(database)


async def _closing(database: Database) -> tuple[list[tuple[Any, ...]], list[str]]:
    async with database.read() as session:
        tickets = [(t.kind, t.resolution, t.resolved_by, t.resolved_at) for t in
                   (await session.scalars(select(ExceptionTicket).order_by(ExceptionTicket.id))).all()]
        ids = list((await session.scalars(select(ExceptionTicket.id))).all())
        replies = [str(payload) for payload in (await session.scalars(select(OutboxMessage.payload))).all()]
    return tickets, [reply for reply in replies if any(f"#{i} " in reply for i in ids)]


async def test_an_exception_another_process_opens_mid_batch_on_a_node_the_batch_finishes_closes(
    database: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """PostgreSQL (SQLite's batch holds the only writer: nobody commits meanwhile). The batch read
    PO-1001's open exceptions (none) before the other process opened one; finishing its node must
    still close it, as one message at a time does, and the report's reply must name it: the batch
    sees it at its end and is done again one message at a time. Every table holds the same rows
    (PostgreSQL's sequences skip what the undone batch took, so ids are not compared)."""
    if database.is_sqlite:
        pytest.skip("SQLite: a batch holds the only writer, nobody opens an exception meanwhile")
    await _raced(database, tmp_path, limit=1)
    expected = await _closing(database)
    tickets, naming = expected
    assert [(kind, resolution, by) for kind, resolution, by, _ in tickets] == [
        (ExceptionKind.OVERDUE.value, "done", "王工")], tickets
    assert len(naming) == 1  # the report finishing the node names it
    rows = await every_row(database)
    with caplog.at_level(logging.INFO, logger="supplierbot.pipeline"):
        got = await _raced(database, tmp_path, limit=64)
    assert await _closing(database) == expected
    assert "one message at a time" in caplog.text  # the batch saw it and was done again
    assert {table: len(found) for table, found in got.items()} == {table: len(found) for table, found in rows.items()}
