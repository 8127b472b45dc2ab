"""The demo data the dashboard, setup, people and browser tests start from (`storage.demo.seed_demo_data`),
seeded for real once a test process per engine, zone and moment, and written again as the very rows it made for
every later test that asks for the same.

Each of those tests seeded the demo afresh: hundreds of orders and their nodes through the ORM, 1-4 s of a test's
setup on a loaded machine (test_dashboard.py alone: 104 tests, 150 s of setup). The rows it leaves (every table,
ids included) and, on PostgreSQL, where its sequences stand are read once and written back through one insert a
table. `tests/test_demo_rows.py` holds the rows written back equal to a seed's on both engines; the seed itself
still runs in every test process that asks for the demo, and in its own tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import insert, select, text

from storage.db import Database
from storage.demo import seed_demo_data
from storage.models import Base

_TABLES = tuple(Base.metadata.sorted_tables)  # parents before the tables that refer to them
_FILLED = " UNION ALL ".join(f"SELECT 1 WHERE EXISTS (SELECT 1 FROM \"{table.name}\")" for table in _TABLES)
_SEQUENCES = ("SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value FROM pg_sequences"
              " WHERE last_value IS NOT NULL")


@dataclass(frozen=True)
class DemoRows:
    """What one seed left: each table's rows (column key -> value), and the PostgreSQL sequences it moved."""

    tables: tuple[tuple[Any, list[dict[str, Any]]], ...]
    sequences: tuple[tuple[str, int], ...]


_KEPT: dict[tuple[str, str, datetime], DemoRows] = {}


async def seed_demo(database: Database, zone: tzinfo, *, now: datetime) -> None:
    """`seed_demo_data(database, zone, now=now)` into an empty database, as the same rows once seeded here
    before. A database that is not empty is handed to the seed itself (which then adds nothing)."""
    key = ("sqlite" if database.is_sqlite else "postgres", str(zone), now)
    if not await _empty(database):
        await seed_demo_data(database, zone, now=now)
        return
    kept = _KEPT.get(key)
    if kept is None:
        await seed_demo_data(database, zone, now=now)
        _KEPT[key] = await demo_rows(database)
        return
    await write_rows(database, kept)


async def _empty(database: Database) -> bool:
    async with database.read() as session:
        return (await session.execute(text(_FILLED))).first() is None


async def demo_rows(database: Database) -> DemoRows:
    """Every row of every table, and (PostgreSQL) every sequence used."""
    tables = []
    async with database.read() as session:
        for table in _TABLES:
            # by key, not as stored: PostgreSQL returns a heap's rows as they lie, and a vacuum between a
            # delete and the inserts after it puts them elsewhere (the comparison of two reads flaked)
            rows = [dict(row._mapping) for row in await session.execute(select(table).order_by(*table.primary_key))]
            if rows:
                tables.append((table, rows))
        sequences: tuple[tuple[str, int], ...] = ()
        if not database.is_sqlite:
            sequences = tuple((str(name), int(value)) for name, value in await session.execute(text(_SEQUENCES)))
    return DemoRows(tuple(tables), sequences)


async def write_rows(database: Database, kept: DemoRows) -> None:
    async with database.write() as session:
        for table, rows in kept.tables:
            await session.execute(insert(table), rows)
        for name, value in kept.sequences:
            await session.execute(text("SELECT setval(:name, :value)"), {"name": name, "value": value})
