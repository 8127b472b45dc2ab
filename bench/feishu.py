"""Feishu long connection: how long an event waits for its frame's answer (the SDK's thread,
the hop to the service's loop, the INSERT into the inbox, the hop back), against Feishu's
3-second re-push limit; events one at a time and in a burst.

The loopback fake speaks the SDK's protocol; the service is `build_app` on SQLite with the
workers off, so only receiving is measured.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from aiohttp.test_utils import TestServer

from bench.common import Row, percentile, sqlite_database
from bot.app import build_app
from bot.settings import Settings
from tests.fakes.feishu_server import FakeFeishu, text_event

GROUP = "oc_bench0000000000000000000000001"
WANG = "ou_bench0000000000000000000000001"
LIMIT_MS = 3000.0


async def _answered(fake: FakeFeishu, event_id: str) -> None:
    while not fake.events[event_id].acked:
        await asyncio.sleep(0.0005)


async def run(quick: bool) -> list[Row]:
    count = 100 if quick else 500
    with tempfile.TemporaryDirectory() as folder:
        url = await sqlite_database(Path(folder))
        async with FakeFeishu(ack_timeout=30) as fake:
            settings = Settings(database_url=url, feishu_app_id=fake.app_id, feishu_app_secret=fake.secret,
                                feishu_domain=fake.base_url, photo_dir=Path(folder) / "photos", scheduler=False)
            server = TestServer(build_app(settings, run_workers=False))
            await server.start_server()
            try:
                await fake.wait_connected()
                one_by_one = []
                for n in range(count):
                    started = time.perf_counter()
                    event_id = await fake.push(text_event(f"PO-1001 完成{n % 100}%", chat_id=GROUP, sender=WANG))
                    await _answered(fake, event_id)
                    one_by_one.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                ids = [await fake.push(text_event(f"PO-1001 {n}", chat_id=GROUP, sender=WANG)) for n in range(count)]
                await asyncio.gather(*(_answered(fake, i) for i in ids))
                burst = time.perf_counter() - started
            finally:
                await server.close()
    p50, p95 = percentile(one_by_one, 50), percentile(one_by_one, 95)
    return [
        Row("feishu", f"event → answered frame p50 {p50:.1f} ms, p95 {p95:.1f} ms ({count} events, SQLite)",
            f"Feishu re-pushes after {LIMIT_MS:.0f} ms", f"{LIMIT_MS / p95:.0f}× headroom at p95"),
        Row("feishu", f"burst of {count}: all stored and answered in {burst:.2f} s ({count / burst:.0f}/s)",
            "", "", "one connection; each event a committed INSERT"),
    ]
