"""/metrics speaks the Prometheus text format, and its numbers follow what happens."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import RUNTIME, build_app
from bot.clock import FakeClock
from bot.metrics import Metrics, add_metrics
from bot.ports import ChatKind, ChatRef, InboundMessage, Platform, Reply, SenderRef, SendError
from bot.settings import Settings
from storage import outbox
from storage.db import Database
from storage.models import EscalationStep, ExceptionTicket, Order, OutboxMessage, OutboxState, Supplier
from tests.fakes.memory_channel import MemoryChannel

GROUP = ChatRef(Platform.TELEGRAM, "-100500", ChatKind.GROUP)


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample by (name, sorted labels); parsing at all proves the format."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found[(name, tuple(sorted(labels.items())))]


async def scrape(client) -> dict:  # noqa: ANN001
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return samples(await response.text())


async def add_escalation_steps(session: AsyncSession, clock: FakeClock, levels: list[int]) -> None:
    now = clock.now()
    supplier = Supplier(code="HD", name="华达精密", created_at=now)
    session.add(supplier)
    await session.flush()
    order = Order(po="PO-1", po_key="1", supplier_id=supplier.id, part_no="BRK", process="stamping", quantity=10,
                  release_date=date(2026, 11, 1), due_date=date(2026, 12, 1), created_at=now, updated_at=now)
    session.add(order)
    await session.flush()
    ticket = ExceptionTicket(order_id=order.id, kind="overdue", title="PO-1 late", opened_at=now, opened_by="system")
    session.add(ticket)
    await session.flush()
    session.add_all([EscalationStep(exception_id=ticket.id, level=level, repeat=n, fired_at=now, target="buyers")
                     for n, level in enumerate(levels)])


def make_app(database: Database, clock: FakeClock, tmp_path: Path, channels: dict | None = None):  # noqa: ANN201
    settings = Settings(database_url=database.url, photo_dir=tmp_path / "photos")
    app = build_app(settings, clock=clock, database=database, channels=channels or {}, run_workers=False)
    return app, add_metrics(app)


async def test_counters_move_and_database_gauges_are_read_at_scrape_time(
    database: Database, clock: FakeClock, tmp_path: Path, aiohttp_client
) -> None:
    app, metrics = make_app(database, clock, tmp_path)
    assert add_metrics(app) is metrics
    client = await aiohttp_client(app)

    first = await scrape(client)
    assert value(first, "supplierbot_inbound_messages_total", platform="telegram", outcome="new") == 0
    assert value(first, "supplierbot_database_up") == 1
    assert value(first, "supplierbot_outbox_messages", state="pending") == 0
    assert value(first, "supplierbot_outbox_oldest_pending_age_seconds") == 0

    async with database.write() as session:
        for key in ("a", "b", "c"):
            await outbox.enqueue(session, key, Reply(chat=GROUP, text=key), now=clock.now() - timedelta(minutes=10))
        await session.execute(update(OutboxMessage).where(OutboxMessage.idempotency_key == "c")
                              .values(state=OutboxState.DEAD.value))
        await add_escalation_steps(session, clock, levels=[0, 1, 1, -1])
    metrics.inbound("telegram", "new")
    metrics.inbound("telegram", "new")
    metrics.inbound("telegram", "duplicate")
    metrics.delivered("telegram")
    metrics.failed("telegram", "429")
    metrics.dead_letter("wecom")
    metrics.reply_latency("telegram", 1.5)
    metrics.tick("escalate_overdue", duration=0.2, lag=3.0)

    found = await scrape(client)
    assert value(found, "supplierbot_inbound_messages_total", platform="telegram", outcome="new") == 2
    assert value(found, "supplierbot_inbound_messages_total", platform="telegram", outcome="duplicate") == 1
    assert value(found, "supplierbot_deliveries_total", platform="telegram") == 1
    assert value(found, "supplierbot_delivery_failures_total", platform="telegram", code="429") == 1
    assert value(found, "supplierbot_dead_letters_total", platform="wecom") == 1
    assert value(found, "supplierbot_escalations_total", level="1") == 2
    assert value(found, "supplierbot_escalations_total", level="-1") == 1
    assert value(found, "supplierbot_reply_latency_seconds_count", platform="telegram") == 1
    assert value(found, "supplierbot_reply_latency_seconds_bucket", platform="telegram", le="2.0") == 1
    assert value(found, "supplierbot_scheduler_tick_duration_seconds_count", job="escalate_overdue") == 1
    assert value(found, "supplierbot_scheduler_lag_seconds", job="escalate_overdue") == 3.0
    assert value(found, "supplierbot_outbox_messages", state="pending") == 2
    assert value(found, "supplierbot_outbox_messages", state="dead") == 1
    assert value(found, "supplierbot_outbox_oldest_pending_age_seconds") == 600
    assert value(found, "supplierbot_inbox_pending") == 0


async def test_a_database_outage_is_a_gauge_not_a_failed_scrape(tmp_path: Path, clock: FakeClock,
                                                                 aiohttp_client) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'never-migrated.db'}")
    app, _ = make_app(database, clock, tmp_path)
    client = await aiohttp_client(app)
    found = await scrape(client)
    assert value(found, "supplierbot_database_up") == 0
    assert not any(name == "supplierbot_outbox_messages" for name, _ in found)


def test_each_app_has_its_own_registry(clock: FakeClock) -> None:
    one, two = Metrics(None, clock), Metrics(None, clock)
    one.inbound("telegram", "new")
    assert one.registry is not two.registry
    assert two.registry.get_sample_value(
        "supplierbot_inbound_messages_total", {"platform": "telegram", "outcome": "new"}) == 0


async def test_the_pipeline_and_dispatcher_report_to_metrics(database: Database, clock: FakeClock,
                                                            tmp_path: Path, aiohttp_client) -> None:
    channel = MemoryChannel(Platform.TELEGRAM)
    app, metrics = make_app(database, clock, tmp_path, {Platform.TELEGRAM: channel})
    runtime = app[RUNTIME]
    if not hasattr(runtime.pipeline, "metrics"):
        pytest.skip("metrics hooks are not wired into bot/pipeline.py and bot/dispatcher.py yet")
    client = await aiohttp_client(app)
    message = InboundMessage(platform=Platform.TELEGRAM, external_id="1", chat=GROUP, sender=SenderRef("42", "Li"),
                             sent_at=datetime(2026, 11, 24, 2, 0, tzinfo=UTC), text="PO-1001 完成60%")
    assert await runtime.pipeline.accept(message, "{}")
    assert not await runtime.pipeline.accept(message, "{}")
    await runtime.pipeline.process_pending()
    clock.advance(timedelta(seconds=3))
    await runtime.dispatcher.dispatch_once()
    assert channel.texts
    channel.faults.append(SendError("Forbidden: bot was blocked by the user", permanent=True, code="403"))
    async with database.write() as session:
        await outbox.enqueue(session, "late", Reply(chat=GROUP, text="late"), now=clock.now())
    clock.advance(timedelta(seconds=2))  # past the chat's 1/s sending limit
    await runtime.dispatcher.dispatch_once()

    found = await scrape(client)
    assert value(found, "supplierbot_inbound_messages_total", platform="telegram", outcome="new") == 1
    assert value(found, "supplierbot_inbound_messages_total", platform="telegram", outcome="duplicate") == 1
    assert value(found, "supplierbot_deliveries_total", platform="telegram") == len(channel.texts)
    assert value(found, "supplierbot_reply_latency_seconds_sum", platform="telegram") == pytest.approx(3.0)
    assert value(found, "supplierbot_delivery_failures_total", platform="telegram", code="403") == 1
    assert value(found, "supplierbot_dead_letters_total", platform="telegram") == 1
    assert value(found, "supplierbot_outbox_messages", state="dead") == 1


async def test_scheduler_jobs_report_their_duration_and_lag(clock: FakeClock) -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    metrics = Metrics(None, clock)
    scheduler = AsyncIOScheduler(timezone=UTC)
    metrics.observe_apscheduler(scheduler)
    ran = asyncio.Event()

    async def prompt_due() -> None:
        await asyncio.sleep(0.05)
        ran.set()

    scheduler.add_job(prompt_due, "date", run_date=datetime.now(UTC), id="prompt_due", misfire_grace_time=10)
    scheduler.start()
    try:
        await asyncio.wait_for(ran.wait(), 5)
        for _ in range(100):
            if metrics.registry.get_sample_value("supplierbot_scheduler_tick_duration_seconds_count",
                                                 {"job": "prompt_due"}):
                break
            await asyncio.sleep(0.01)
    finally:
        scheduler.shutdown(wait=False)
    registry = metrics.registry
    assert registry.get_sample_value("supplierbot_scheduler_tick_duration_seconds_count", {"job": "prompt_due"}) == 1
    assert registry.get_sample_value("supplierbot_scheduler_tick_duration_seconds_sum", {"job": "prompt_due"}) >= 0.05
    assert 0 <= registry.get_sample_value("supplierbot_scheduler_lag_seconds", {"job": "prompt_due"}) < 5
