"""Two `serve` processes on one PostgreSQL database: Telegram re-delivers to either, sometimes to
both; every update is stored once and every reply is sent once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from storage.db import Database
from storage.models import (
    BindingRole,
    ChatBinding,
    ChatIdentity,
    InboxMessage,
    InboxState,
    OutboxMessage,
    OutboxState,
    Person,
    Role,
    Supplier,
)
from tests.fakes.telegram_api import FakeTelegramAPI, Updates, group_chat, user
from tests.ops.processes import (
    WEBHOOK_SECRET,
    free_port,
    run_cli,
    service_env,
    start_service,
    stop,
    wait_ready,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

CHAT_ID = -4001234
SENDER_ID = 42
UPDATES = 7
TO_BOTH = {1, 3, 5}
SETTLE_SECONDS = 25


async def seed_bound_chat(url: str) -> None:
    database = Database(url)
    now = datetime.now(UTC)
    async with database.write() as session:
        supplier = Supplier(code="HD", name="华达精密", created_at=now)
        session.add(supplier)
        await session.flush()
        person = Person(name="王工", role=Role.SUPPLIER.value, supplier_id=supplier.id, created_at=now)
        session.add(person)
        await session.flush()
        session.add(ChatIdentity(person_id=person.id, platform="telegram", user_id=str(SENDER_ID)))
        session.add(ChatBinding(platform="telegram", chat_id=str(CHAT_ID), chat_kind="group",
                                role=BindingRole.SUPPLIER.value, supplier_id=supplier.id, title="华达精密 外协群",
                                created_at=now))
    await database.dispose()


async def test_two_replicas_store_each_update_once_and_send_each_reply_once(
    throwaway_database: str, tmp_path: Path
) -> None:
    url = throwaway_database
    async with FakeTelegramAPI() as api:
        ports = [free_port(), free_port()]
        envs = [service_env(url, port=port, photo_dir=tmp_path / "photos", telegram_api=api.root_url)
                for port in ports]
        await run_cli("db", "upgrade", env=envs[0], cwd=tmp_path)
        await seed_bound_chat(url)
        replicas = [await start_service("serve", env=env, cwd=tmp_path) for env in envs]
        try:
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            await asyncio.gather(*(wait_ready(p, b) for p, b in zip(replicas, bases, strict=True)))
            sent_ids = await _deliver_updates(bases)
            inbox, outbox = await _settled(url)
        finally:
            codes = [await stop(p) for p in replicas]
        calls = [c for c in api.calls_to("sendMessage") if c.params.get("chat_id") == CHAT_ID]
    assert codes == [0, 0]

    assert sorted(inbox) == sorted(sent_ids), "each update stored exactly once"
    assert all(state == InboxState.PROCESSED.value for state in inbox.values())
    assert outbox, "the handler replied to nothing: the test would prove nothing"
    assert all(row.state == OutboxState.SENT.value for row in outbox)
    assert Counter(c.params["text"] for c in calls) == Counter(row.payload["text"] for row in outbox), \
        "each reply sent exactly once"


async def _deliver_updates(bases: list[str]) -> list[str]:
    updates = Updates()
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    chat, sender = group_chat(CHAT_ID), user(SENDER_ID, "王工")
    sent: list[str] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:

        async def post(base: str, update: dict) -> int:
            async with http.post(base + "/webhooks/telegram", json=update, headers=headers) as response:
                return response.status

        for n in range(UPDATES):
            update = updates.text(f"PO-100{n} 完成{10 * n}%", chat=chat, sender=sender)
            targets = bases if n in TO_BOTH else [bases[n % 2]]
            statuses = await asyncio.gather(*(post(base, update) for base in targets))
            assert set(statuses) == {200}, statuses
            sent.append(str(update["update_id"]))
    return sent


async def _settled(url: str) -> tuple[dict[str, str], list[OutboxMessage]]:
    """Inbox states by external id and the outbox, once everything is processed and sent."""
    database = Database(url, null_pool=True)
    deadline = time.monotonic() + SETTLE_SECONDS
    try:
        while True:
            async with database.read() as session:
                inbox = dict((await session.execute(select(InboxMessage.external_id, InboxMessage.state))).all())
                outbox = list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())
                pending = await session.scalar(select(func.count()).select_from(InboxMessage)
                                               .where(InboxMessage.state == InboxState.PENDING.value))
            done = pending == 0 and inbox and all(r.state != OutboxState.PENDING.value for r in outbox)
            if done or time.monotonic() > deadline:
                return inbox, outbox
            await asyncio.sleep(0.25)
    finally:
        await database.dispose()
