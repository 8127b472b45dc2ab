"""The composition root: `build_app` wires settings, store, clock, channels and routes
into one aiohttp application; start-up and shutdown live in `cleanup_ctx`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.clock import Clock, SystemClock
from bot.ports import Channel, Platform
from bot.services import Services
from bot.settings import Settings
from storage.db import Database

log = logging.getLogger("supplierbot.app")

SERVICES = web.AppKey("services", Services)
MAX_BODY_BYTES = 64 * 1024


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    database: Database | None = None,
    channels: dict[Platform, Channel] | None = None,
) -> web.Application:
    """Build the service. Tests pass a fake clock, a test database and fake-backed channels."""
    app = web.Application(client_max_size=10 * 1024 * 1024 + 64 * 1024)
    services = Services(
        settings=settings,
        database=database or Database(settings.database_url),
        clock=clock or SystemClock(),
        channels=dict(channels or {}),
    )
    app[SERVICES] = services
    app.cleanup_ctx.append(_database_lifecycle)

    from bot.web.api import add_api_routes

    add_api_routes(app)
    return app


async def _database_lifecycle(app: web.Application) -> AsyncIterator[None]:
    yield
    await app[SERVICES].database.dispose()
