"""`supplierbot prune`: the retention of `storage.retention`, with the ages and places of the settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.clock import SystemClock
from bot.settings import Settings
from storage.db import Database
from storage.inbox_file import InboxFile, inbox_file_path, inbox_file_url
from storage.photo_store import PhotoStore
from storage.retention import prune


async def prune_command(settings: Settings, *, photo_days: int | None = None, inbox_days: int | None = None,
                        out: Callable[[str], Any] = print) -> int:
    """`supplierbot prune`: the ages default to SUPPLIERBOT_RETENTION_DAYS."""
    photo_days = photo_days or settings.retention_days
    inbox_days = inbox_days or settings.retention_days
    database = Database(settings.database_url)
    inbox_url = inbox_file_url(settings.database_url, settings.inbox_file) if settings.is_sqlite else None
    inbox_file = InboxFile(inbox_url) if inbox_url and inbox_file_path(inbox_url).exists() else None
    try:
        store = PhotoStore(settings.photo_dir, max_bytes=settings.photo_max_bytes)
        result = await prune(database, store, now=SystemClock().now(), photo_days=photo_days, inbox_days=inbox_days,
                             pause=0.05, inbox_file=inbox_file)
    finally:
        await database.dispose()
        if inbox_file is not None:
            await inbox_file.dispose()
    out(f"pruned (photos > {photo_days} days, inbox/outbox > {inbox_days} days): {result.summary()}")
    return 0
