"""Reads have connections of their own on both engines: a long job's read (the digest reading
every late node) holds a read connection, in its transaction, for as long as it reads, and the
writer's connections stay free for the chunks of jobs and for message processing meanwhile."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, select

from storage.db import Database
from storage.models import Supplier

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_a_write_goes_through_while_a_long_read_holds_its_transaction_open(database_url: str) -> None:
    """With the writer's budget at one connection, a read session stays inside its transaction
    (as a long read does between its pages) while a write commits: the write takes no connection
    the read holds. (On PostgreSQL reads and writes were one engine: this write waited for the
    read to end.)"""
    database = Database(database_url, pool_size=1)
    try:
        async with database.read() as reading:
            assert await reading.scalar(select(func.count(Supplier.id))) is not None
            assert reading.in_transaction(), "the read is still open, as between two pages"

            async def write() -> None:
                async with database.write() as session:
                    session.add(Supplier(code="W1", name="写一", created_at=NOW))

            await asyncio.wait_for(write(), 10)
        async with database.read() as session:
            assert await session.scalar(select(Supplier.name).where(Supplier.code == "W1")) == "写一"
    finally:
        await database.dispose()


async def test_reads_are_not_on_the_writer_engine(database: Database) -> None:
    """What an event listener counts on `database.writer` is writes only, on both engines."""
    assert database.reader is not database.writer
    async with database.read() as session:
        assert (await session.connection()).engine is database.reader
