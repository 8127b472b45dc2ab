"""Retention runs by itself every night, not only when someone remembers `supplierbot prune`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.app import RUNTIME, SERVICES, _prune_old_records, build_app
from bot.clock import FakeClock
from bot.ports import ChatKind, ChatRef, InboundMessage, Platform, SenderRef
from bot.settings import Settings
from storage.db import Database
from storage.models import InboxMessage


async def test_the_nightly_job_is_scheduled_and_prunes_what_is_older_than_the_retention_age(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    settings = Settings(database_url=database.url, photo_dir=tmp_path / "photos", retention_days=30)
    app = build_app(settings, clock=clock, database=database)
    runtime, services = app[RUNTIME], app[SERVICES]
    assert runtime.scheduler.scheduler.get_job("retention") is not None

    message = InboundMessage(platform=Platform.TELEGRAM, external_id="old", sent_at=clock.now(), text="hi",
                             chat=ChatRef(Platform.TELEGRAM, "-1", ChatKind.GROUP), sender=SenderRef("1"))
    await runtime.pipeline.accept(message, "{}")
    await runtime.pipeline.process_pending()

    clock.advance(timedelta(days=29))
    await _prune_old_records(services, runtime)
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(InboxMessage)) == 1
    clock.advance(timedelta(days=2))
    await _prune_old_records(services, runtime)
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(InboxMessage)) == 0
