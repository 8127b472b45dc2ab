"""A replica that runs no scheduler still keeps the service's calendar, ladders and language.

Issue 12, defect 3: the exception ladder was configured by a module-global call in the
scheduler's `start()`, so a replica with `scheduler = false` opened and acknowledged
exceptions on the built-in calendar (Shanghai, Monday to Friday, no holidays, Chinese).
Here the whole service is built with the scheduler off, for a Berlin company that speaks
English and has Thursday 26 November off; messages arrive at the Telegram webhook.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import RUNTIME, SERVICES, build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from storage.models import (
    BindingRole,
    ChatBinding,
    ChatIdentity,
    ExceptionTicket,
    InboxMessage,
    InboxState,
    OutboxMessage,
    OutboxState,
    Person,
    Role,
    Supplier,
)
from storage.order_intake import create_orders
from tests.fakes.telegram_api import FakeTelegramAPI, Updates, supergroup_chat, user
from tests.handlers.supplier_world import TODAY, order_draft

TOKEN, SECRET = "123:ABC", "s"
SUPPLIER_GROUP, BUYERS_GROUP = -1005550001, -1005550002
HANS = 4711
WEDNESDAY_EVENING = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # 19:00 in Berlin, 02:00 Thursday in Shanghai


async def seed(database: Database, now: datetime) -> None:
    """Kraft (Berlin) with PO-7001 and its contact Hans in the supplier group; a buyers' group.
    No chat has a language of its own, so the service's language decides."""
    async with database.write() as session:
        kraft = Supplier(code="KR", name="Kraft GmbH", timezone="Europe/Berlin", language="en", created_at=now)
        session.add(kraft)
        await session.flush()
        await create_orders(session, [order_draft("PO-7001", "KR")], actor="test", now=now, today=TODAY)
        hans = Person(name="Hans", role=Role.SUPPLIER.value, supplier_id=kraft.id, language="en", created_at=now)
        session.add(hans)
        await session.flush()
        session.add_all([
            ChatIdentity(person_id=hans.id, platform="telegram", user_id=str(HANS)),
            ChatBinding(platform="telegram", chat_id=str(SUPPLIER_GROUP), role=BindingRole.SUPPLIER.value,
                        supplier_id=kraft.id, created_at=now),
            ChatBinding(platform="telegram", chat_id=str(BUYERS_GROUP), role=BindingRole.BUYERS.value, created_at=now),
        ])
        anna = Person(name="Anna", role=Role.BUYER.value, created_at=now)  # a known buyer: she may acknowledge
        session.add(anna)
        await session.flush()
        session.add(ChatIdentity(person_id=anna.id, platform="telegram", user_id="900"))


async def post(client: TestClient, update: dict[str, Any], database: Database, clock: FakeClock) -> None:
    """Deliver an update and let the replica's own workers (running, as in production) process
    it and send the answers; the clock moves only while sends wait for the per-chat limits."""
    response = await client.post("/webhooks/telegram", json=update,
                                  headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status == 200
    inbox_file = client.app[SERVICES].inbox_file  # on SQLite, stored messages wait there first
    for _ in range(500):
        # read upstream first (the inbox file, the inbox, then the outbox): a message only moves
        # downstream, so each later read finds it where the earlier one left it or further on; read
        # the other way, it could move from the file to the outbox between two reads, unseen by both
        waiting = await inbox_file.count_waiting() if inbox_file is not None else 0
        async with database.read() as session:
            inbox = await session.scalar(select(func.count(InboxMessage.id))
                                         .where(InboxMessage.state == InboxState.PENDING.value))
            outgoing = await session.scalar(select(func.count(OutboxMessage.id))
                                            .where(OutboxMessage.state == OutboxState.PENDING.value))
        inbox = (inbox or 0) + waiting
        if not inbox and not outgoing:
            return
        if not inbox:
            clock.advance(timedelta(seconds=1))
            client.app[RUNTIME].dispatcher.wake()
        await asyncio.sleep(0.02)
    raise AssertionError("the replica's workers did not finish")


async def the_ticket(database: Database) -> ExceptionTicket:
    async with database.read() as session:
        return (await session.execute(select(ExceptionTicket))).scalar_one()


async def test_a_replica_without_scheduler_opens_and_acknowledges_on_the_configured_calendar(
    aiohttp_client: Any, database: Database, clock: FakeClock, tmp_path: Path,
) -> None:
    clock.set(WEDNESDAY_EVENING)
    await seed(database, clock.now())
    settings = Settings(database_url=database.url, telegram_token=TOKEN, telegram_webhook_secret=SECRET,
                        photo_dir=tmp_path / "photos", scheduler=False, timezone="Europe/Berlin", language="en",
                        holidays="2026-11-26")
    async with FakeTelegramAPI(TOKEN, require_https_webhook=False) as telegram:
        settings = settings.model_copy(update={"telegram_api_base": telegram.root_url})
        client = await aiohttp_client(build_app(settings, clock=clock, database=database))
        assert client.app[RUNTIME].scheduler is None  # its workers run, its scheduler does not
        assert client.app[SERVICES].ladder.calendar.zone.key == "Europe/Berlin"
        updates = Updates()
        group, hans = supergroup_chat(SUPPLIER_GROUP, "Kraft"), user(HANS, "Hans", language_code="en")
        buyers, buyer = supergroup_chat(BUYERS_GROUP, "Buyers"), user(900, "Anna", language_code="en")

        # 19:00 in Berlin is working time there: the buyers' step is due now, not at
        # Thursday 08:00 in Shanghai
        await post(client, updates.text("7001 延期到12月5号 钢材没到", chat=group, sender=hans), database, clock)
        opened = await the_ticket(database)
        assert opened.kind == "delay" and opened.level == 1
        assert opened.next_escalation_at == WEDNESDAY_EVENING

        # acknowledged at 19:30: the owner is reminded one working day later on Berlin's clock,
        # Thursday being a holiday: Friday 19:30 in Berlin (not Friday 08:00 in Shanghai)
        clock.set(datetime(2026, 11, 25, 18, 30, tzinfo=UTC))
        await post(client, updates.callback(f"x:ack:{opened.id}", chat=buyers, sender=buyer), database, clock)
        acked = await the_ticket(database)
        assert acked.acknowledged_at is not None
        assert acked.next_escalation_at == datetime(2026, 11, 27, 18, 30, tzinfo=UTC)

        # the node done: the delay closes by itself, and the buyers hear it in English
        await post(client, updates.text("7001 原材料到了", chat=group, sender=hans), database, clock)
        closed = await the_ticket(database)
        assert closed.resolved_at is not None
        told = [c.params["text"] for c in telegram.calls_to("sendMessage") if c.params["chat_id"] == BUYERS_GROUP]
        assert told[-1] == f"✅ Resolved EXC-{closed.id} PO-7001 {closed.title}: node done"
