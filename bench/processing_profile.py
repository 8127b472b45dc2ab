"""Processing alone, on the inbound bench's mixed Telegram traffic: statements and CPU per
message, which statements, and (PROFILE=1) where cProfile sees the time.

`python -m bench.processing_profile [sqlite|postgres] [count] [batch]`: seeds a database as
`bench.inbound` does, stores `count` mixed messages through the pipeline, then times
`process_pending` until the inbox is empty. Wall time on a shared machine varies run to run;
the statement counts do not, and CPU per message varies far less.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from bench.common import drop_postgres, postgres_database, sqlite_database
from bench.inbound import PHOTO_FILE_ID, seed, telegram_requests
from bot.adapters.telegram_adapter import inbound_from_update
from bot.clock import SystemClock
from bot.pipeline import InboundPipeline
from bot.ports import InboundMessage, Platform, Reply
from bot.settings import Settings
from handlers.context import HandlerContext
from handlers.router import handle_message
from storage.db import Database
from storage.photo_store import PhotoStore
from tests.fakes.memory_channel import MemoryChannel
from tests.fakes.photos import noise_jpeg

PROFILE = os.environ.get("PROFILE") == "1"
KINDS = ("progress", "delay", "shipment", "defect", "photo", "buyer query")


def kind_of(message: InboundMessage) -> str:
    """Which of the bench's mix a message is (see `bench.inbound._telegram_message`)."""
    if message.photos:
        return "photo"
    if "进度怎么样" in message.text:
        return "buyer query"
    if "晚" in message.text:
        return "delay"
    if "发了" in message.text:
        return "shipment"
    if "毛刺" in message.text:
        return "defect"
    return "progress"


async def main(engine: str, count: int, batch: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pg = None
        if engine == "sqlite":
            url = await sqlite_database(folder)
        else:
            pg = await postgres_database()
            assert pg
            url = pg[0]
        await seed(url)
        db = Database(url)
        statements = 0

        kinds: dict[str, int] = {}
        # statements while a message's handler runs, by the kind of message; the rest (claiming,
        # marking processed, whatever is flushed at the batch's end) is the batch's
        current = "batch"
        by_message: dict[str, int] = {}
        messages: dict[str, int] = {}

        async def handler(session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
            nonlocal current
            current = kind_of(message)
            messages[current] = messages.get(current, 0) + 1
            try:
                return await handle_message(session, message, ctx)
            finally:
                current = "batch"

        def count_statement(_conn: object, _cursor: object, sql: str, *_a: object) -> None:
            nonlocal statements
            statements += 1
            by_message[current] = by_message.get(current, 0) + 1
            words = sql.split()
            if words[0].upper() == "SELECT" and "FROM" in words:
                key = "SELECT FROM " + words[words.index("FROM") + 1]
            else:
                key = " ".join(words[:3])
            kinds[key] = kinds.get(key, 0) + 1

        event.listen(db.writer.sync_engine, "before_cursor_execute", count_statement)
        if db.reader is not db.writer:
            event.listen(db.reader.sync_engine, "before_cursor_execute", count_statement)
        channel = MemoryChannel(Platform.TELEGRAM, files={PHOTO_FILE_ID: noise_jpeg(400, 300)})
        pipeline = InboundPipeline(db, SystemClock(), Settings(), handler, {Platform.TELEGRAM: channel},
                                   PhotoStore(folder / "photos"))
        for _path, _query, _headers, body in telegram_requests(count, 1):
            raw = body.decode()
            message = inbound_from_update(json.loads(raw))
            assert message is not None
            await pipeline.accept(message, raw)
        statements = 0
        kinds.clear()
        by_message.clear()
        messages.clear()
        profiler = cProfile.Profile()
        started = time.perf_counter()
        cpu = time.process_time()
        if PROFILE:
            profiler.enable()
        done = 0
        while True:
            n = await pipeline.process_pending(batch)
            if not n:
                break
            done += n
        profiler.disable()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        print(f"{engine}: {done} processed in {seconds:.2f}s = {done / seconds:.0f}/s; "
              f"{statements} statements = {statements / done:.2f}/message; CPU {cpu / done * 1000:.1f} ms/message")
        print("  statements while handling, per message of each kind (the batch's own: per message):")
        for kind in KINDS:
            if messages.get(kind):
                print(f"    {kind:12} {by_message.get(kind, 0) / messages[kind]:6.2f}  ({messages[kind]} messages)")
        print(f"    {'batch':12} {by_message.get('batch', 0) / done:6.2f}")
        for key, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
            print(f"  {n / done:6.2f}/msg  {key}")
        if PROFILE:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
        await db.dispose()
        if pg:
            await drop_postgres(pg[1])


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "sqlite", int(sys.argv[2]) if len(sys.argv) > 2 else 360,
                     int(sys.argv[3]) if len(sys.argv) > 3 else None))
