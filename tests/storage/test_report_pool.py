"""Report pages read on a pool of their own: while it is full (four heavy pages at once), a
further page waits its turn there, and the reads of message processing still get connections."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from storage.db import REPORT_CONNECTIONS, REPORT_SQLITE_MMAP_BYTES, Database, ReportReader
from storage.models import Supplier

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_a_full_report_pool_leaves_the_read_pool_to_messages(database: Database) -> None:
    held: list[object] = []
    release = asyncio.Event()
    busy = asyncio.Event()

    async def heavy_page() -> int:
        async with database.reports() as session:
            value = await session.scalar(select(1))
            held.append(value)
            if len(held) == REPORT_CONNECTIONS:
                busy.set()
            await release.wait()
            return int(value or 0)

    pages = [asyncio.create_task(heavy_page()) for _ in range(REPORT_CONNECTIONS + 2)]
    await asyncio.wait_for(busy.wait(), 30)
    for _ in range(20):
        await asyncio.sleep(0)
    assert len(held) == REPORT_CONNECTIONS, "the pages beyond the pool wait for a report connection"
    for _ in range(6):  # more reads at once than the pages hold: none waits on them
        async with database.read() as session:
            assert await session.scalar(select(1)) == 1
    async with database.write() as session:
        assert await session.scalar(select(1)) == 1
    release.set()
    assert await asyncio.wait_for(asyncio.gather(*pages), 30) == [1] * (REPORT_CONNECTIONS + 2)
    assert database.reports_engine is not database.reader


async def test_report_pages_read_sqlite_through_a_memory_map(database: Database) -> None:
    """A report's joins look rows up all over big tables; on SQLite its connections map the
    file instead of reading page by page. Message processing's connections are left as they were."""
    if not database.is_sqlite:
        pytest.skip("a SQLite setting")
    async with database.reports() as session:
        assert await session.scalar(text("PRAGMA mmap_size")) == REPORT_SQLITE_MMAP_BYTES
    async with database.read() as session:
        assert await session.scalar(text("PRAGMA mmap_size")) == 0


async def test_a_report_reader_of_another_process_reads_every_commit_and_writes_nothing(database: Database) -> None:
    """`ReportReader` is what a render process reads a page with: its own connections to the
    same database (SQLite: read-only connections to the WAL file), seeing what the service
    committed, and refusing any write, so a page computed there can never take the writer."""
    reader = ReportReader(database.url)
    try:
        async with database.write() as session:
            session.add(Supplier(code="R1", name="只读一", created_at=NOW))
        async with reader.reports() as session:
            assert await session.scalar(select(Supplier.name).where(Supplier.code == "R1")) == "只读一"
        async with database.write() as session:
            session.add(Supplier(code="R2", name="只读二", created_at=NOW))
        async with reader.reports() as session:
            assert set(await session.scalars(select(Supplier.code))) >= {"R1", "R2"}
        async with reader.reports() as session:
            with pytest.raises(DBAPIError):
                await session.execute(text("DELETE FROM suppliers"))
        async with database.read() as session:
            assert set(await session.scalars(select(Supplier.code))) >= {"R1", "R2"}
    finally:
        await reader.dispose()

