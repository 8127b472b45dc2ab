"""A time is written to SQLite as exactly the text SQLAlchemy's own two steps would write (UTC, no
zone, six digits of microseconds), in one step of ours (storage/types.py); a naive time still raises."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.types import TypeDecorator

from storage.types import UTCDateTime


def _times(count: int) -> list[datetime]:
    """Times in many zones, with and without microseconds, early and late years, either fold."""
    pick = random.Random(20)
    times = [datetime(1, 1, 1, tzinfo=UTC), datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
             datetime(2026, 12, 7, 4, 0, tzinfo=timezone(timedelta(hours=8)))]
    for _ in range(count):
        zone = UTC if pick.random() < 0.5 else timezone(timedelta(minutes=pick.randint(-720, 840)))
        times.append(datetime(pick.choice([1000, 1970, 2024, 2026, 9998]), pick.randint(1, 12), pick.randint(1, 28),
                              pick.randint(0, 23), pick.randint(0, 59), pick.randint(0, 59),
                              pick.choice([0, 1, 999999, pick.randint(0, 999999)]), tzinfo=zone,
                              fold=pick.randint(0, 1)))
    return times


def test_sqlite_text_is_sqlalchemys_own() -> None:
    dialect = sqlite.dialect()
    ours = UTCDateTime().dialect_impl(dialect)
    assert isinstance(ours, UTCDateTime)
    quick = ours.bind_processor(dialect)
    standard: Any = TypeDecorator.bind_processor(ours, dialect)  # process_bind_param, then SQLite's DATETIME
    assert quick is not None and standard is not None
    for value in _times(20_000):
        assert quick(value) == standard(value), value
    assert quick(None) is None
    assert quick(datetime(2026, 12, 7, 12, 0, 0, tzinfo=timezone(timedelta(hours=8)))) == "2026-12-07 04:00:00.000000"


def test_a_naive_time_is_still_refused() -> None:
    dialect = sqlite.dialect()
    quick = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert quick is not None
    with pytest.raises(ValueError, match="naive datetime"):
        quick(datetime(2026, 12, 7, 4, 0))


def test_postgresql_keeps_sqlalchemys_steps() -> None:
    dialect = postgresql.dialect()
    processor = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    value = datetime(2026, 12, 7, 12, 0, tzinfo=timezone(timedelta(hours=8)))
    assert (processor(value) if processor is not None else value) == datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


async def test_stored_and_read_back_as_before(tmp_path: object) -> None:
    """Through a real SQLite file: the column holds SQLAlchemy's text, and reads back the same UTC time."""
    table = Table("times", MetaData(), Column("id", Integer, primary_key=True), Column("at", UTCDateTime()))
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/times.db")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(table.metadata.create_all)
            values = _times(50)
            await conn.execute(insert(table), [{"id": i, "at": v} for i, v in enumerate(values)])
            stored = [row[0] for row in await conn.execute(text("SELECT at FROM times ORDER BY id"))]
            back = [row[0] for row in await conn.execute(select(table.c.at).order_by(table.c.id))]
        assert stored == [v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f").rjust(26, "0") for v in values]
        assert back == [v.astimezone(UTC) for v in values]
    finally:
        await engine.dispose()
