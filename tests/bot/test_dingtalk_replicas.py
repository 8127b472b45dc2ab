"""Two replicas on one PostgreSQL database share a DingTalk robot (in one process, and as two
`serve` processes one of which is killed). Each holds its own Stream
connection (no lease: DingTalk pushes every frame to one of the app's connections, at random),
and every message pushed, including the ones DingTalk pushes twice and to either replica, is
stored once and answered once."""

from __future__ import annotations

import asyncio
import json
import signal
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import RUNTIME, build_app
from bot.clock import FakeClock
from bot.ports import Platform
from bot.settings import Settings
from storage.db import Database
from storage.models import InboxMessage, InboxState, OutboxMessage, OutboxState
from tests.fakes.dingtalk_server import FakeDingTalk, text_message
from tests.handlers.supplier_world import seed_world
from tests.ops.processes import free_port, run_cli, service_env, start_service, stop, wait_ready

pytestmark = pytest.mark.postgres

GROUP = "cidHuaDa0001+group=="
WANG = "manager4211"
MESSAGES = 12
ClientFactory = Callable[..., Awaitable[TestClient]]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDingTalk]:
    async with FakeDingTalk(seed=5) as server:
        yield server


async def replica(aiohttp_client: ClientFactory, fake: FakeDingTalk, url: str, clock: FakeClock,
                  photos: Path) -> TestClient:
    settings = Settings(database_url=url, dingtalk_client_id=fake.client_id, dingtalk_client_secret=fake.client_secret,
                        dingtalk_api_base=fake.base, photo_dir=photos, scheduler=False)
    return await aiohttp_client(build_app(settings, clock=clock, database=Database(url)))  # workers on


async def test_two_replicas_each_store_every_message_once_and_answer_it_once(
        fake: FakeDingTalk, aiohttp_client: ClientFactory, database: Database, clock: FakeClock,
        tmp_path: Path) -> None:
    if database.is_sqlite:
        pytest.skip("replicas share PostgreSQL")
    await seed_world(database, clock, Platform.DINGTALK, huada_chat=GROUP, wang=WANG)
    replicas = [await replica(aiohttp_client, fake, database.url, clock, tmp_path / "photos") for _ in range(2)]
    await fake.wait_for(lambda: len(fake.live) == 2)
    hook_until = int((clock.now() + timedelta(minutes=90)).timestamp() * 1000)

    pushed: list[str] = []
    for n in range(MESSAGES):
        body = text_message(f"msgR{n:03d}==", "/status PO-1001", conversation_id=GROUP, group=True, staff_id=WANG,
                            session_webhook=fake.new_session_webhook(GROUP), webhook_until_ms=hook_until)
        pushed.append(await fake.push(body))
        if n % 3 == 0:  # DingTalk pushes some again, to whichever connection it picks
            pushed.append(await fake.push(body))
    await fake.wait_for(lambda: all(fake.acked(m) for m in pushed), within=20)
    await fake.wait_for(lambda: len(fake.texts(GROUP)) >= MESSAGES, within=30)

    async def settled() -> bool:
        async with database.read() as session:
            pending = await session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.state != OutboxState.SENT.value))
        return pending == 0

    for _ in range(100):
        if await settled():
            break
        await fake.wait_for(lambda: True)
    async with database.read() as session:
        rows = list((await session.execute(select(InboxMessage).where(InboxMessage.platform == "dingtalk"))).scalars())
    stored = Counter(r.external_id for r in rows)
    received = Counter(stream_index for stream_index, stream in enumerate(fake.streams) for _ in stream.sent)
    accepted = [r.app[RUNTIME].pipeline.accepted for r in replicas]

    assert stored == Counter({f"msgR{n:03d}==": 1 for n in range(MESSAGES)})
    assert all(r.state == InboxState.PROCESSED.value for r in rows)
    assert len(fake.texts(GROUP)) == MESSAGES  # one answer per message, whichever replica sent it
    assert len(received) == 2 and sum(accepted) == MESSAGES and all(accepted)  # both replicas took messages
    assert all(json.loads(f["data"])["msgId"] for s in fake.streams for f in s.sent)


@pytest.mark.slow
async def test_two_serve_processes_and_one_killed_every_message_is_stored_and_answered_once(
        fake: FakeDingTalk, throwaway_database: str, tmp_path: Path) -> None:
    url = throwaway_database
    ports = [free_port(), free_port()]
    envs = [service_env(url, port=port, photo_dir=tmp_path / "photos", SUPPLIERBOT_DINGTALK_CLIENT_ID=fake.client_id,
                        SUPPLIERBOT_DINGTALK_CLIENT_SECRET=fake.client_secret, SUPPLIERBOT_DINGTALK_API_BASE=fake.base)
            for port in ports]
    await run_cli("db", "upgrade", env=envs[0], cwd=tmp_path)
    seeding = Database(url)
    await seed_world(seeding, FakeClock(datetime.now(UTC)), Platform.DINGTALK, huada_chat=GROUP, wang=WANG)
    await seeding.dispose()
    replicas = [await start_service("serve", env=env, cwd=tmp_path) for env in envs]
    until = int((datetime.now(UTC) + timedelta(minutes=90)).timestamp() * 1000)

    async def push(names: list[str]) -> None:
        ids = [await fake.push(text_message(name, "/status PO-1001", conversation_id=GROUP, group=True, staff_id=WANG,
                                            session_webhook=fake.new_session_webhook(GROUP), webhook_until_ms=until))
               for name in names]
        await fake.wait_for(lambda: all(fake.acked(i) for i in ids), within=30)

    try:
        await asyncio.gather(*(wait_ready(p, f"http://127.0.0.1:{port}") for p, port in zip(replicas, ports, strict=True)))
        await fake.wait_for(lambda: len(fake.live) == 2, within=30)
        await push([f"before{n}==" for n in range(8)])
        await fake.wait_for(lambda: len(fake.texts(GROUP)) >= 8, within=30)

        replicas[0].send_signal(signal.SIGKILL)
        await replicas[0].wait()
        await fake.wait_for(lambda: len(fake.live) == 1, within=30)
        await push([f"after{n}==" for n in range(8)])
        await fake.wait_for(lambda: len(fake.texts(GROUP)) >= 16, within=30)
        await asyncio.sleep(1.0)  # time for a second answer, were there one
    finally:
        for process in replicas:
            if process.returncode is None:
                await stop(process)

    database = Database(url)
    async with database.read() as session:
        ids = (await session.execute(select(InboxMessage.external_id)
                                     .where(InboxMessage.platform == "dingtalk"))).scalars().all()
    await database.dispose()
    assert Counter(ids) == Counter({f"{when}{n}==": 1 for when in ("before", "after") for n in range(8)})
    assert len(fake.texts(GROUP)) == 16
