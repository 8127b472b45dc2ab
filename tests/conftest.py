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
# last, alone, while the other worker had nothing left (the tail of an 11-minute run). The heaviest files go first,
# heaviest first (longest job first: what is left at the end is small), by their summed test times in a whole run
# (stop 42, at load ~10: the corpus 206 s, the pipeline's failing batches 134 s, ... the pipeline's batches 60 s);
# then the other files that start processes, a browser or a whole pipeline; the rest keep their order.
_HEAVIEST = (
    "test_parsing_corpus.py", "test_pipeline_batch_failures.py", "test_work_process.py", "test_reading_conversations.py",
    "test_fast_search.py", "test_set_queries.py", "test_escalation_flow.py", "test_replicas_killed.py",
    "test_dashboard.py", "test_feishu_replicas.py", "test_dingtalk_replicas.py", "test_prompts.py",
    "test_private_contacts.py", "test_confirm_rate.py", "test_ack_timeout.py", "test_reach_bindings.py",
    "test_web_guard.py", "test_people_access.py", "test_reading_families.py", "test_buyer_conversations.py",
    "test_wecom_bot_replicas.py", "test_replicas.py", "test_pipeline_batches.py", "test_hostile_input.py",
)
_SLOW_DIRECTORIES = frozenset({"ops", "proof"})
_SLOW_WORDS = ("replica", "killed", "work_process", "crash", "shutdown", "browser", "phones", "pipeline",
               "confirm_rate", "people_access", "reach_bindings", "fast_search")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def later(item: pytest.Item) -> tuple[int, int]:
        path = item.path
        if path.name in _HEAVIEST and path.parent.name != "tests":
            return 0, _HEAVIEST.index(path.name)
        slow = path.parent.name in _SLOW_DIRECTORIES or any(word in path.name for word in _SLOW_WORDS)
        return (1 if slow else 2), 0

    items.sort(key=later)  # stable: each file's tests keep their order
