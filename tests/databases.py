"""Test databases: a migrated SQLite file per test, one migrated PostgreSQL database per
test session, emptied between tests, and empty throw-away ones for tests that run the
service as processes (`ThrowawayPostgres`, the one place a database is created).

PostgreSQL is used when it answers at SUPPLIERBOT_TEST_PG_URL (default: the local server's
`test` database); where it is absent its tests are skipped with the reason shown. In CI
(CI=true) an absent PostgreSQL is an error, not a skip.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import text

from storage import migrate
from storage.db import Database
from storage.models import Base

PG_ADMIN_URL = os.environ.get("SUPPLIERBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def _pg_available() -> str | None:
    try:
        conn = await asyncpg.connect(_asyncpg_dsn(PG_ADMIN_URL), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"
    await conn.close()
    return None


class ThrowawayPostgres:
    """One empty database on the local server under a fresh name, and its removal: the one
    place tests make PostgreSQL databases. Dropped WITH (FORCE), since a killed replica's
    connections may linger."""

    def __init__(self, prefix: str = "sbtest") -> None:
        self.name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        base, _, _ = PG_ADMIN_URL.rpartition("/")
        self.url = f"{base}/{self.name}"

    async def create(self) -> str | None:
        """Create it; the reason when PostgreSQL is not there (then nothing was created)."""
        unavailable = await _pg_available()
        if unavailable:
            return unavailable
        conn = await asyncpg.connect(_asyncpg_dsn(PG_ADMIN_URL))
        try:
            await conn.execute(f'CREATE DATABASE "{self.name}"')
        finally:
            await conn.close()
        return None

    async def drop(self) -> None:
        conn = await asyncpg.connect(_asyncpg_dsn(PG_ADMIN_URL))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            await conn.close()


def run_apart(work: Callable[[], Coroutine[Any, Any, Any]]) -> None:
    """`asyncio.run(work())`, in a thread of its own when an event loop already runs here: a session
    fixture is first asked for from inside an async test when that test runs alone."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(work())
        return
    with ThreadPoolExecutor(max_workers=1) as apart:
        apart.submit(asyncio.run, work()).result()


class PostgresTestDatabase:
    """The session's database for the `database` fixture: a throw-away one, migrated once."""

    def __init__(self) -> None:
        self._database = ThrowawayPostgres("sbtest")
        self.name = self._database.name
        self.url = self._database.url
        self.unavailable: str | None = None

    def create(self) -> None:
        run_apart(self._create)

    async def _create(self) -> None:
        self.unavailable = await self._database.create()
        if self.unavailable:
            return
        db = Database(self.url, null_pool=True)
        await migrate.upgrade(db.writer)
        await db.dispose()

    def drop(self) -> None:
        if not self.unavailable:
            run_apart(self._database.drop)


_TABLES = tuple(table.name for table in Base.metadata.sorted_tables)  # parents before the tables that refer to them
_FILLED = " UNION ALL ".join(f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM \"{name}\")" for name in _TABLES)
_SEQUENCES_USED = ("SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) FROM pg_sequences"
                   " WHERE last_value IS NOT NULL")


async def empty_postgres(db: Database) -> None:
    """The session's database as freshly migrated: no rows, every id sequence from 1.

    Only the tables a test filled are emptied, children first, and only the sequences it used restarted: a
    TRUNCATE of all 42 tables gives each table and index a new file, ~0.3-1 s a test on a busy machine, while
    most tests fill a few tables (done this way, the ~950 PostgreSQL tests of the suite spend ~0.05 s each here)."""
    async with db.writer.begin() as conn:
        filled = {row[0] for row in await conn.execute(text(_FILLED))}
        for name in reversed(_TABLES):
            if name in filled:
                await conn.execute(text(f'DELETE FROM "{name}"'))
        for sequence in (row[0] for row in await conn.execute(text(_SEQUENCES_USED))):
            await conn.execute(text(f"ALTER SEQUENCE {sequence} RESTART"))


class SqliteTemplate:
    """A migrated SQLite file made once per session and copied for each test (fast)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.db"

    def create(self) -> None:
        async def run() -> None:
            db = Database(f"sqlite+aiosqlite:///{self.path}")
            await migrate.upgrade(db.writer)
            await db.dispose()

        run_apart(run)

    def copy_to(self, target: Path) -> str:
        shutil.copyfile(self.path, target)
        return f"sqlite+aiosqlite:///{target}"
