"""The demo rows written back (tests/demo_rows.py) are the rows the demo's seed writes, on both engines:
every table's rows, ids included, and where the PostgreSQL sequences stand (the next id a test takes)."""

from __future__ import annotations

from sqlalchemy import text

from bot.clock import FakeClock
from bot.settings import load_settings
from storage.db import Database
from storage.demo import seed_demo_data
from tests.bot.pipeline_replay import empty, every_row
from tests.demo_rows import demo_rows, seed_demo, write_rows


async def test_the_demo_written_back_is_the_demo_seeded(database: Database, clock: FakeClock) -> None:
    zone = load_settings(database_url=database.url).zone
    await seed_demo_data(database, zone, now=clock.now())
    seeded, kept = await every_row(database), await demo_rows(database)
    assert sum(len(rows) for rows in seeded.values()) > 100, "the demo seeded next to nothing: this proves nothing"
    await empty(database)
    assert not any((await every_row(database)).values())
    await write_rows(database, kept)
    assert await every_row(database) == seeded
    assert await demo_rows(database) == kept  # the sequences too


async def test_a_database_already_holding_rows_is_left_to_the_seed(database: Database, clock: FakeClock) -> None:
    zone = load_settings(database_url=database.url).zone
    await seed_demo(database, zone, now=clock.now())  # kept, or written back
    first = await every_row(database)
    await seed_demo(database, zone, now=clock.now())  # the seed's own rule: data exists, nothing added
    assert await every_row(database) == first
    if not database.is_sqlite:
        async with database.read() as session:
            assert await session.scalar(text("SELECT count(*) FROM pg_sequences WHERE last_value IS NOT NULL"))
