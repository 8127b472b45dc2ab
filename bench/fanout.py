"""Fan-out: many prompts through the outbox to the fake Telegram enforcing its limits
(30/s overall, 1/s per chat). Figure: achieved rate as a fraction of the allowed rate,
with no message lost; baseline: the dispatcher's own rate with no platform limits."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.common import Row, sqlite_database
from bot.adapters.telegram_adapter import TelegramChannel, api_urls
from bot.clock import SystemClock
from bot.dispatcher import OutboxDispatcher
from bot.ports import ChatKind, ChatRef, Platform, Reply
from storage import outbox
from storage.db import Database
from tests.fakes.memory_channel import MemoryChannel
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegramAPI

ALLOWED_PER_SECOND = 30.0
CHATS = 300


async def queue_prompts(database: Database, count: int, platform: Platform = Platform.TELEGRAM) -> None:
    clock = SystemClock()
    async with database.write() as session:
        for i in range(count):
            chat = ChatRef(platform, str(10_000 + i % CHATS), ChatKind.PRIVATE)
            text = f"⏰ 请回复进度 PO-{1000 + i}: 原材料到位 / material ready?"
            await outbox.enqueue(session, f"bench:{i}", Reply(chat=chat, text=text), now=clock.now())


async def drain(dispatcher: OutboxDispatcher, count: int, deadline: float) -> float:
    stop = asyncio.Event()
    runner = asyncio.create_task(dispatcher.run(stop))
    started = time.perf_counter()
    while dispatcher.sent < count and time.perf_counter() - started < deadline:
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - started
    stop.set()
    dispatcher.wake()
    await runner
    return elapsed


async def run(quick: bool) -> list[Row]:
    count = 1000 if quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base_db = Database(await sqlite_database(folder))
        await queue_prompts(base_db, count, Platform.SIMULATOR)  # a platform with no sending limits
        memory = MemoryChannel(Platform.SIMULATOR)
        unlimited = OutboxDispatcher(base_db, SystemClock(), {Platform.SIMULATOR: memory}, batch_size=50)
        base_seconds = await drain(unlimited, count, 600)
        await base_db.dispose()

        database = Database(await sqlite_database(folder))
        await queue_prompts(database, count)
        async with FakeTelegramAPI(enforce_limits=True) as fake:
            base_url, file_url = api_urls(fake.root_url)
            channel = TelegramChannel(DEFAULT_TOKEN, base_url=base_url, base_file_url=file_url)
            await channel.start()
            dispatcher = OutboxDispatcher(database, SystemClock(), {Platform.TELEGRAM: channel}, batch_size=50)
            seconds = await drain(dispatcher, count, count / ALLOWED_PER_SECOND * 3 + 60)
            await channel.stop()
            calls = len(fake.calls_to("sendMessage"))
            delivered = len(fake.messages)
            refused = calls - delivered
        await database.dispose()
    achieved = dispatcher.sent / seconds
    return [Row(
        "fan-out to Telegram (limits enforced)",
        f"{achieved:.1f} msg/s = {achieved / ALLOWED_PER_SECOND:.2f} of the allowed {ALLOWED_PER_SECOND:.0f}/s; "
        f"lost {count - dispatcher.sent}",
        f"{count / base_seconds:,.0f} msg/s without platform limits",
        f"{achieved / ALLOWED_PER_SECOND:.2f}",
        f"{count} prompts to {CHATS} chats; the fake stored {delivered}, refused {refused} with 429",
    )]
