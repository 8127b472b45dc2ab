"""SQLite statements in one hand-off to aiosqlite's thread (storage/sqlite_driver.py): what
SQLAlchemy reads of each statement is what the stock adapter gives, and a statement costs one
hand-off, not three or four."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.db import Database
from storage.sqlite_driver import OneTripCursor, bound, write_at_once

ITEMS = Table("items", MetaData(), Column("id", Integer, primary_key=True), Column("name", String(20), unique=True),
              Column("qty", Integer))


async def what_sqlalchemy_reads(engine: AsyncEngine) -> list[Any]:
    """Every kind of statement the service sends, and what SQLAlchemy makes of each."""
    seen: list[Any] = []
    async with engine.begin() as conn:
        await conn.run_sync(ITEMS.metadata.create_all)
        one = await conn.execute(insert(ITEMS).values(name="bolt", qty=5))
        seen.append(("insert one", one.inserted_primary_key, one.rowcount))
        many = await conn.execute(insert(ITEMS), [{"name": f"nut {n}", "qty": n} for n in range(5)])
        seen.append(("executemany", many.rowcount))
        returned = await conn.execute(insert(ITEMS).returning(ITEMS.c.id, ITEMS.c.name),
                                      [{"name": "washer", "qty": 1}, {"name": "pin", "qty": 2}])
        seen.append(("insert returning", sorted(tuple(row) for row in returned)))
        rows = await conn.execute(select(ITEMS).where(ITEMS.c.qty > 1).order_by(ITEMS.c.id))
        seen.append(("select", list(rows.keys()), [tuple(row) for row in rows]))
        seen.append(("first", (await conn.execute(select(ITEMS.c.name).order_by(ITEMS.c.id))).first()))
        seen.append(("fetchmany", [tuple(row) for row in
                                   (await conn.execute(select(ITEMS.c.id).order_by(ITEMS.c.id))).fetchmany(3)]))
        seen.append(("update", (await conn.execute(update(ITEMS).where(ITEMS.c.qty < 3).values(qty=0))).rowcount))
        seen.append(("delete", (await conn.execute(delete(ITEMS).where(ITEMS.c.qty == 0))).rowcount))
        seen.append(("pragma", (await conn.exec_driver_sql("PRAGMA user_version")).scalar()))
        seen.append(("nothing returned", (await conn.execute(select(ITEMS).where(ITEMS.c.id < 0))).all()))
    async with engine.connect() as conn:
        streamed = await conn.stream(select(ITEMS.c.name).order_by(ITEMS.c.id))  # a server-side cursor
        seen.append(("streamed", [row.name async for row in streamed]))
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(insert(ITEMS).values(name="bolt", qty=1))
    with pytest.raises(OperationalError):
        async with engine.begin() as conn:
            await conn.execute(text("SELECT * FROM no_such_table"))
    async with engine.connect() as conn:  # the failed transactions left nothing behind
        seen.append(("after failures", (await conn.execute(select(ITEMS.c.name).order_by(ITEMS.c.id))).scalars().all()))
    return seen


@pytest.fixture
async def both(tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    stock = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'stock.db'}")
    ours = Database(f"sqlite+aiosqlite:///{tmp_path / 'ours.db'}").writer
    yield stock, ours
    await stock.dispose()
    await ours.dispose()


async def test_every_kind_of_statement_reads_as_with_the_stock_adapter(both: tuple[AsyncEngine, AsyncEngine]) -> None:
    stock, ours = both
    async with ours.connect() as conn:
        raw = await conn.get_raw_connection()
        assert isinstance(raw.dbapi_connection.cursor(), OneTripCursor)  # type: ignore[union-attr]
    assert await what_sqlalchemy_reads(ours) == await what_sqlalchemy_reads(stock)


class HandOffs:
    """Calls queued on aiosqlite's thread."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        queue = aiosqlite.Connection._execute

        async def counted(connection: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
            self.calls.append(getattr(fn, "__name__", repr(fn)))
            return await queue(connection, fn, *args, **kwargs)

        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)


async def test_a_statement_is_one_hand_off_and_a_committed_connection_is_not_rolled_back_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        async with database.writer.begin() as conn:
            await conn.run_sync(ITEMS.metadata.create_all)
        handoffs = HandOffs(monkeypatch)
        async with database.writer.begin() as conn:  # BEGIN IMMEDIATE, then:
            handoffs.calls.clear()
            await conn.execute(insert(ITEMS).values(name="bolt", qty=5))
            assert handoffs.calls == ["_run"]
            handoffs.calls.clear()
            assert (await conn.execute(select(ITEMS.c.qty))).scalar() == 5
            assert handoffs.calls == ["_run"]  # cursor, execute, fetch and close: one call
            handoffs.calls.clear()
        assert handoffs.calls == ["commit"]  # and none to roll back what was just committed
        for _ in range(2):  # the first read also opens its connection
            handoffs.calls.clear()
            async with database.reader.connect() as conn:
                assert (await conn.execute(select(ITEMS.c.name))).scalar() == "bolt"
        assert handoffs.calls == ["_run", "_run", "rollback"]  # BEGIN, the SELECT; its read ends
    finally:
        await database.dispose()


async def test_a_statement_bound_once_writes_what_the_same_statement_compiled_each_time_writes(
        tmp_path: Path) -> None:
    """`write_at_once` takes a statement compiled once and bound to new values (`bound`) beside one it compiles
    with its values inline: both change the same rows the same way, in one transaction."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        async with database.writer.begin() as conn:
            await conn.run_sync(ITEMS.metadata.create_all)
            await conn.execute(insert(ITEMS), [{"name": f"nut {n}", "qty": n} for n in range(6)])
        in_ids = update(ITEMS).where(ITEMS.c.id.in_([bindparam("a"), bindparam("b")]), ITEMS.c.qty < 4) \
            .values(name=bindparam("renamed"), qty=literal(-1))
        compiled = in_ids.compile(dialect=database.writer.dialect)
        assert bound(compiled, {"a": 1, "b": 5, "renamed": "it's"}) == (
            compiled.string, ("it's", -1, 1, 5, 4))  # in the order of its placeholders
        counts = await write_at_once(database.writer, [
            bound(compiled, {"a": 1, "b": 5, "renamed": "it's"}),  # the fifth has qty 4: left as it is
            update(ITEMS).where(ITEMS.c.id.in_([2, 6]), ITEMS.c.qty < 4).values(name="its", qty=-1),
        ])
        assert counts == [1, 1]
        async with database.reader.connect() as conn:
            rows = [tuple(row) for row in await conn.execute(select(ITEMS).order_by(ITEMS.c.id))]
        assert rows == [(1, "it's", -1), (2, "its", -1), (3, "nut 2", 2), (4, "nut 3", 3), (5, "nut 4", 4),
                        (6, "nut 5", 5)]
        with_processing = update(ITEMS).where(ITEMS.c.id == bindparam("a")).values(name=bindparam("when", type_=Date))
        with pytest.raises(ValueError, match="no processing"):  # a date would be sent as SQLAlchemy renders it
            bound(with_processing.compile(dialect=database.writer.dialect), {"a": 1, "when": date(2026, 12, 6)})
    finally:
        await database.dispose()
