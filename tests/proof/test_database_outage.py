"""When the database goes away in the middle of a request, the platform is told 503 (so it
re-delivers) and nothing is half-written; once it is back, the re-delivery is stored and
processed once."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy.engine import make_url

import storage.db
from bot.clock import FakeClock
from storage.db import Database, is_database_down
from tests.databases import PostgresTestDatabase, empty_postgres
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.wecom_api import FakeWeComAPI
from tests.proof.harness import (
    HUADA_GROUP,
    Service,
    huada_chat,
    huada_user,
    processed_once,
    start_service,
)
from tests.proof.tcp_proxy import TcpProxy

ClientFactory = Callable[..., Awaitable[TestClient]]
WECOM_PATIENCE = 5.0  # WeCom gives up on an answer after 5 s and retries (3 tries in all)


# --- PostgreSQL behind a proxy we can cut ---------------------------------------------------

@pytest.fixture
async def pg_database(postgres_database: PostgresTestDatabase) -> AsyncIterator[Database]:
    """PostgreSQL only: the proxy cuts a TCP connection; SQLite has its own tests below."""
    if postgres_database.unavailable:
        pytest.skip(postgres_database.unavailable)
    database = Database(postgres_database.url)
    await empty_postgres(database)
    yield database
    await database.dispose()


@pytest.fixture
def pg_url(pg_database: Database) -> str:
    return pg_database.url


@pytest.fixture
async def proxy(pg_url: str) -> AsyncIterator[TcpProxy]:
    url = make_url(pg_url)
    proxy = await TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    yield proxy
    await proxy.close()


@pytest.fixture
async def behind_proxy(aiohttp_client: ClientFactory, pg_database: Database, proxy: TcpProxy, pg_url: str,
                       clock: FakeClock, telegram: FakeTelegramAPI, wecom: FakeWeComAPI,
                       tmp_path: Path) -> AsyncIterator[Service]:
    """The service reaching PostgreSQL only through `proxy`; the test keeps a direct line."""
    proxied = Database(make_url(pg_url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
    service = await start_service(aiohttp_client, database=pg_database, app_database=proxied, clock=clock,
                                  telegram=telegram, wecom=wecom, photo_dir=tmp_path / "photos")
    yield service
    await proxied.dispose()


def stored_by(external_id: str) -> bytes:
    """What the edge sends as it commits a message to the inbox, to cut the connection at: on
    PostgreSQL one statement outside a transaction block, committed as it runs
    (`storage.inbox_inserts`), which carries the message's id among its values; no COMMIT follows
    it. (Processing still commits with COMMIT: the test below that cuts there.)"""
    return external_id.encode()


def a_report(service: Service, text: str = "PO-1001 完成60%") -> dict[str, object]:
    return service.updates.text(text, chat=huada_chat(), sender=huada_user())


async def test_postgres_gone_before_the_request_answers_503_quickly_on_both_webhooks(
    behind_proxy: Service, proxy: TcpProxy
) -> None:
    service = behind_proxy
    proxy.cut()

    started = time.monotonic()
    statuses = [await service.telegram_post(a_report(service)),
                await service.wecom_post(service.wecom_text("PO-1001 完成60%"))]
    elapsed = time.monotonic() - started

    assert statuses == [503, 503]
    assert elapsed < WECOM_PATIENCE
    assert await service.inbox() == []


async def test_postgres_cut_at_the_inbox_commit_answers_503_stores_nothing_and_the_redelivery_is_processed_once(
    behind_proxy: Service, proxy: TcpProxy
) -> None:
    service = behind_proxy
    update = a_report(service)
    proxy.cut_before(stored_by(str(update["update_id"])))

    assert await service.telegram_post(update) == 503
    assert await service.inbox() == []
    proxy.restore()
    assert await service.telegram_post(update) == 200
    await service.settle()

    [row] = await service.inbox()
    assert proxy.cuts == 1 and processed_once(row)
    assert len(service.handler.calls_for(row.external_id)) == 1
    assert len(service.telegram_texts(HUADA_GROUP)) == len(await service.outbox()) >= 1


async def test_postgres_lost_the_acknowledgement_of_a_commit_the_redelivery_is_still_one_record(
    behind_proxy: Service, proxy: TcpProxy
) -> None:
    service = behind_proxy
    plaintext = service.wecom_text("PO-1001 完成80%")
    proxy.cut_after(stored_by(str(service.next_msg_id)))  # the server commits; the answer never reaches us

    first = await service.wecom_post(plaintext, nonce="1")
    stored_anyway = len(await service.inbox())
    proxy.restore()
    again = await service.wecom_post(plaintext, nonce="2")
    await service.settle()

    assert first == 503 and stored_anyway == 1 and again == 200
    [row] = await service.inbox()
    assert processed_once(row)
    assert len(service.wecom_texts()) == len(await service.outbox()) >= 1


async def test_postgres_cut_while_processing_leaves_the_message_pending_and_nothing_half_written(
    behind_proxy: Service, proxy: TcpProxy
) -> None:
    service = behind_proxy
    assert await service.telegram_post(a_report(service)) == 200
    before = await service.counts()
    proxy.cut_before(b"COMMIT")

    with pytest.raises(Exception) as raised:
        await service.process()

    assert is_database_down(raised.value), raised.value
    assert await service.counts() == before
    [row] = await service.inbox()
    assert row.state == "pending" and row.attempts == 0
    proxy.restore()
    await service.settle()
    [row] = await service.inbox()
    assert processed_once(row)
    assert len(service.telegram_texts(HUADA_GROUP)) == len(await service.outbox()) >= 1


# --- SQLite: another process holds the write lock --------------------------------------------

@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    """The service waits 30 s for SQLite's write lock; tests that want the give-up wait 0.3 s."""
    monkeypatch.setattr(storage.db, "SQLITE_BUSY_TIMEOUT_MS", 300)
    return 0.3


class WriteLock:
    """`BEGIN IMMEDIATE` from another connection: what a second process or a backup would do."""

    def __init__(self, url: str) -> None:
        self.connection = sqlite3.connect(make_url(url).database or "", isolation_level=None)

    def __enter__(self) -> WriteLock:
        self.connection.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
        self.connection.close()

    def release(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")


async def test_sqlite_locked_by_another_process_answers_503_after_the_busy_timeout_and_stores_nothing(
    short_busy_timeout: float, sqlite_service: Service
) -> None:
    service = sqlite_service
    update = a_report(service)
    plaintext = service.wecom_text("PO-1001 完成60%")

    with WriteLock(service.store_url):
        statuses = [await service.telegram_post(update), await service.wecom_post(plaintext)]
        assert await service.inbox() == []  # readers are not blocked (WAL)
    again = [await service.telegram_post(update), await service.wecom_post(plaintext, nonce="2")]
    await service.settle()

    assert statuses == [503, 503] and again == [200, 200]
    rows = await service.inbox()
    assert len(rows) == 2 and all(processed_once(r) for r in rows)


async def test_a_sqlite_write_lock_held_briefly_only_delays_the_answer(sqlite_service: Service) -> None:
    service = sqlite_service
    update = a_report(service)

    with WriteLock(service.store_url) as lock:
        asyncio.get_running_loop().call_later(0.4, lock.release)
        status = await service.telegram_post(update)

    assert status == 200
    await service.settle()  # on SQLite it waits in the inbox file until processing moves it
    [row] = await service.inbox()
    assert row.external_id == str(update["update_id"])


async def test_sqlite_locked_while_processing_leaves_the_message_pending_and_nothing_half_written(
    short_busy_timeout: float, sqlite_service: Service
) -> None:
    service = sqlite_service
    assert await service.telegram_post(a_report(service)) == 200
    before = await service.counts()

    with WriteLock(service.database.url), pytest.raises(Exception) as raised:
        await service.process()

    assert is_database_down(raised.value), raised.value
    assert await service.counts() == before
    await service.settle()
    [row] = await service.inbox()
    assert processed_once(row)
    assert len(service.telegram_texts(HUADA_GROUP)) == len(await service.outbox()) >= 1
