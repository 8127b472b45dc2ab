"""The platforms' time-outs are settings: the WeCom API and download time-outs and the Telegram
client's (PTB's HTTPXRequest) and file download's. Each test sets one short and makes the
fake slower than it: the call is given up and retried, or the photo reported as not received."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.clock import FakeClock
from bot.settings import load_settings
from storage.db import Database
from storage.models import OutboxState
from tests.fakes import wecom_api
from tests.fakes.photos import noise_jpeg
from tests.fakes.telegram_api import FILE_DOWNLOAD, FakeTelegramAPI, Fault
from tests.fakes.wecom_api import FakeWeComAPI
from tests.proof.harness import Service, huada_chat, huada_user, processed_once, start_service

ClientFactory = Callable[..., Awaitable[TestClient]]
PHOTO = noise_jpeg(800, 600)


@pytest.fixture
async def sqlite_database(sqlite_url: str) -> AsyncIterator[Database]:
    """Time-outs do not depend on the engine: SQLite only."""
    database = Database(sqlite_url)
    yield database
    await database.dispose()


async def service_with(aiohttp_client: ClientFactory, database: Database, clock: FakeClock,
                       telegram: FakeTelegramAPI, wecom: FakeWeComAPI, tmp_path: Path, **settings: Any) -> Service:
    return await start_service(aiohttp_client, database=database, clock=clock, telegram=telegram,
                               wecom=wecom, photo_dir=tmp_path / "photos", **settings)


async def photo_issues(service: Service) -> list[str]:
    await service.settle()
    [row] = await service.inbox()
    assert processed_once(row)
    [ctx] = service.handler.calls_for(row.external_id)
    return [issue.code for issue in ctx.photo_issues]


def test_the_time_outs_are_read_from_the_environment(monkeypatch: Any) -> None:
    for name, value in (("TELEGRAM_CONNECT", "7"), ("TELEGRAM_READ", "8"), ("TELEGRAM_WRITE", "9"),
                        ("TELEGRAM_POOL", "2"), ("TELEGRAM_DOWNLOAD", "90"), ("WECOM", "12"),
                        ("WECOM_DOWNLOAD", "45")):
        monkeypatch.setenv(f"SUPPLIERBOT_{name}_TIMEOUT_SECONDS", value)
    settings = load_settings()

    assert (settings.telegram_connect_timeout_seconds, settings.telegram_read_timeout_seconds,
            settings.telegram_write_timeout_seconds, settings.telegram_pool_timeout_seconds,
            settings.telegram_download_timeout_seconds) == (7, 8, 9, 2, 90)
    assert (settings.wecom_timeout_seconds, settings.wecom_download_timeout_seconds) == (12, 45)


async def test_telegram_read_timeout(aiohttp_client: ClientFactory, sqlite_database: Database, clock: FakeClock,
                                     telegram: FakeTelegramAPI, wecom: FakeWeComAPI, tmp_path: Path) -> None:
    service = await service_with(aiohttp_client, sqlite_database, clock, telegram, wecom, tmp_path,
                                 telegram_read_timeout_seconds=0.2)
    telegram.program("sendMessage", Fault.latency(1.0))
    update = service.updates.text("PO-1001 完成60%", chat=huada_chat(), sender=huada_user())
    assert await service.telegram_post(update) == 200
    await service.process()

    await service.dispatch()

    [row] = await service.outbox()
    assert row.state == OutboxState.PENDING and row.attempts == 1 and "Timed out" in (row.last_error or "")


async def test_telegram_download_timeout(aiohttp_client: ClientFactory, sqlite_database: Database, clock: FakeClock,
                                         telegram: FakeTelegramAPI, wecom: FakeWeComAPI, tmp_path: Path) -> None:
    service = await service_with(aiohttp_client, sqlite_database, clock, telegram, wecom, tmp_path,
                                 telegram_download_timeout_seconds=0.2)
    update = service.updates.photo(caption="PO-1001 外观", chat=huada_chat(), sender=huada_user(),
                                   sizes=[(800, 600, len(PHOTO))])
    telegram.add_file(update["message"]["photo"][-1]["file_id"], PHOTO)
    telegram.program(FILE_DOWNLOAD, Fault.latency(1.0))
    assert await service.telegram_post(update) == 200

    assert await photo_issues(service) == ["download_failed"]


async def test_wecom_download_timeout(aiohttp_client: ClientFactory, sqlite_database: Database, clock: FakeClock,
                                      telegram: FakeTelegramAPI, wecom: FakeWeComAPI, tmp_path: Path) -> None:
    service = await service_with(aiohttp_client, sqlite_database, clock, telegram, wecom, tmp_path,
                                 wecom_download_timeout_seconds=0.2)
    wecom.add_media("MEDIA_SLOW", PHOTO)
    wecom.inject("media/get", wecom_api.Fault(latency=1.0))
    assert await service.wecom_post(service.wecom_image("MEDIA_SLOW")) == 200

    assert await photo_issues(service) == ["download_failed"]


async def test_wecom_api_timeout(aiohttp_client: ClientFactory, sqlite_database: Database, clock: FakeClock,
                                 telegram: FakeTelegramAPI, wecom: FakeWeComAPI, tmp_path: Path) -> None:
    service = await service_with(aiohttp_client, sqlite_database, clock, telegram, wecom, tmp_path,
                                 wecom_timeout_seconds=0.2)
    wecom.inject("message/send", wecom_api.Fault(latency=1.0))
    assert await service.wecom_post(service.wecom_text("PO-1001 完成60%")) == 200
    await service.process()

    await service.dispatch()

    [row] = await service.outbox()
    assert row.state == OutboxState.PENDING and row.attempts == 1
