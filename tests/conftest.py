"""Fixtures shared by the whole suite: databases on both engines, a fake clock."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from storage.db import Database
from tests.databases import PostgresTestDatabase, SqliteTemplate, ThrowawayPostgres, empty_postgres

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    template = SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))
    template.create()
    return template


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[PostgresTestDatabase]:
    pg = PostgresTestDatabase()
    pg.create()
    if pg.unavailable and IN_CI:
        pytest.fail(f"CI needs PostgreSQL: {pg.unavailable}")
    yield pg
    pg.drop()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: SqliteTemplate) -> str:
    """The URL of an empty, migrated database; every test using it runs on both engines."""
    if request.param == "sqlite":
        return sqlite_template.copy_to(tmp_path / "supplierbot.db")
    pg: PostgresTestDatabase = request.getfixturevalue("postgres_database")
    if pg.unavailable:
        pytest.skip(pg.unavailable)
    return pg.url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    if not db.is_sqlite:
        await empty_postgres(db)
    yield db
    await db.dispose()


@pytest.fixture
async def throwaway_database() -> AsyncIterator[str]:
    """The URL of an empty PostgreSQL database of this test's own (not migrated), dropped after:
    for tests that run `supplierbot` processes against it."""
    database = ThrowawayPostgres("sbreplicas")
    unavailable = await database.create()
    if unavailable:
        if IN_CI:
            pytest.fail(f"CI needs PostgreSQL: {unavailable}")
        pytest.skip(unavailable)
    try:
        yield database.url
    finally:
        await database.drop()


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: SqliteTemplate) -> str:
    """For tests that are about SQLite itself."""
    return sqlite_template.copy_to(tmp_path / "supplierbot.db")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))  # 10:00 in Shanghai, a Tuesday


# The suite runs a file to a worker on two cores (`--dist=loadfile --no-loadscope-reorder`, Makefile). Left to itself
# xdist hands out the files with the most tests first, so a file of one 30-second test that starts real processes ran
# last, alone, while the other worker had nothing left (the tail of an 11-minute run). Files that start processes, a
# browser or a whole pipeline go first; the rest keep their order.
_SLOW_DIRECTORIES = frozenset({"ops", "proof"})
_SLOW_WORDS = ("replica", "killed", "work_process", "crash", "shutdown", "browser", "phones", "pipeline",
               "confirm_rate", "people_access", "reach_bindings", "fast_search")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def later(item: pytest.Item) -> int:
        path = item.path
        return 0 if path.parent.name in _SLOW_DIRECTORIES or any(word in path.name for word in _SLOW_WORDS) else 1

    items.sort(key=later)  # stable: each file's tests keep their order
