"""Fixtures of the proof suite: the loopback platforms and the whole service over them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from bot.clock import FakeClock
from storage.db import Database
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.wecom_api import FakeWeComAPI
from tests.proof.harness import WECOM_CONTACT, WECOM_CORP_ID, WECOM_STRANGER, Service, start_service

ClientFactory = Callable[..., Awaitable[TestClient]]


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI(require_https_webhook=False, can_read_all_group_messages=True) as fake:
        yield fake


@pytest.fixture
async def wecom() -> AsyncIterator[FakeWeComAPI]:
    async with FakeWeComAPI(corp_id=WECOM_CORP_ID, users={WECOM_CONTACT, WECOM_STRANGER}) as fake:
        yield fake


@pytest.fixture
async def service(aiohttp_client: ClientFactory, database: Database, clock: FakeClock,
                  telegram: FakeTelegramAPI, wecom: FakeWeComAPI, tmp_path: Path) -> Service:
    """The real app, seeded, with processing and delivery left to the test (`run_workers=False`)."""
    return await start_service(aiohttp_client, database=database, clock=clock, telegram=telegram, wecom=wecom,
                               photo_dir=tmp_path / "photos")


@pytest.fixture
async def sqlite_service(aiohttp_client: ClientFactory, sqlite_url: str, clock: FakeClock,
                         telegram: FakeTelegramAPI, wecom: FakeWeComAPI, tmp_path: Path) -> AsyncIterator[Service]:
    """The same, on SQLite only: for behaviour that does not depend on the engine but is slow to show."""
    database = Database(sqlite_url)
    yield await start_service(aiohttp_client, database=database, clock=clock, telegram=telegram, wecom=wecom,
                              photo_dir=tmp_path / "photos")
    await database.dispose()
