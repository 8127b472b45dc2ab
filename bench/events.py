"""Outbound events: a burst of reports turned into events by the feed, then delivered, signed,
to a loopback receiver that verifies each. Figures: events published per second, events
delivered per second, and what a scan costs when nothing is new (the grace window re-read);
baseline: the same receiver taking plain sequential POSTs with no database at all."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from bench.common import Row, sqlite_database
from bot.clock import FakeClock
from bot.event_relay import EventRelay
from bot.webhooks import new_secret, webhook_sinks
from storage.db import Database
from storage.models import ProgressReport
from storage.webhook_endpoints import add_endpoint
from tests.events import world
from tests.fakes.event_receiver import FakeEventReceiver


async def run(quick: bool) -> list[Row]:
    count = 1000 if quick else 5000
    clock = FakeClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
    secret = new_secret()
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(await sqlite_database(Path(tmp)))
        async with FakeEventReceiver(secret, now=lambda: clock.now().timestamp()) as receiver, \
                aiohttp.ClientSession() as http:
            started = time.perf_counter()
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as plain:
                for _ in range(200):
                    async with plain.post(receiver.url, data=b"{}") as response:  # 401: the HTTP cost only
                        await response.read()
            raw_rate = 200 / (time.perf_counter() - started)
            receiver.bad_signatures = 0  # those were the unsigned baseline posts
            async with database.write() as session:
                await add_endpoint(session, url=receiver.url, secret=secret, events=(), description="",
                                   now=clock.now())
            relay = EventRelay(database, clock, webhook_sinks(database, http, clock), batch_size=200)
            order_id = await world.seed_order(database, clock)
            await relay.publish_once()
            async with database.write() as session:
                session.add_all([ProgressReport(order_id=order_id, kind="progress", reporter="王工", platform="wecom",
                                                reported_at=clock.now(), text=f"第{i}批", percent=50.0, details={})
                                 for i in range(count)])
            started = time.perf_counter()
            published = 0
            while (made := (await relay.publish_once()).total):
                published += made
            publish_seconds = time.perf_counter() - started
            started = time.perf_counter()
            while await relay.deliver_once():
                pass
            deliver_seconds = time.perf_counter() - started
            started = time.perf_counter()
            await relay.publish_once()
            idle_ms = (time.perf_counter() - started) * 1000
            delivered, bad = len(receiver.event_ids), receiver.bad_signatures
        await database.dispose()
    rate = delivered / deliver_seconds
    return [Row(
        "events: feed and signed webhooks (SQLite)",
        f"{published / publish_seconds:,.0f} events/s published, {rate:,.0f}/s delivered; "
        f"scan with nothing new over {count} in the grace window {idle_ms:.0f} ms",
        f"{raw_rate:,.0f} plain POSTs/s to the same receiver",
        f"{rate / raw_rate:.2f}",
        f"{count} reports; {delivered} delivered, {bad} bad signatures",
    )]
