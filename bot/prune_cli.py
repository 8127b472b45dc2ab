"""`supplierbot prune`: the retention of `storage.retention`, with the ages and places of the settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.clock import SystemClock
from bot.settings import Settings
from storage.db import Database
from storage.photo_store import PhotoStore
from storage.retention import prune


async def prune_command(settings: Settings, *, photo_days: int | None = None, inbox_days: int | None = None,
                        out: Callable[[str], Any] = print) -> int:
    """`supplierbot prune`: the ages default to SUPPLIERBOT_RETENTION_DAYS."""
    photo_days = photo_days or settings.retention_days
    inbox_days = inbox_days or settings.retention_days
    database = Database(settings.database_url)
    try:
        store = PhotoStore(settings.photo_dir, max_bytes=settings.photo_max_bytes)
        result = await prune(database, store, now=SystemClock().now(), photo_days=photo_days, inbox_days=inbox_days,
                             pause=0.05)
    finally:
        await database.dispose()
    out(f"pruned (photos > {photo_days} days, inbox/outbox > {inbox_days} days): {result.summary()}")
    return 0
