"""Wiring of the outbound events into one replica: the relay as a background worker (its
sinks: the registered webhooks, and Jiandaoyun when configured) and the Jiandaoyun order push
route. An unreachable receiver or Jiandaoyun never stops start-up or the service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
from aiohttp import web

from bot.event_relay import EventRelay, combined, fixed
from bot.jiandaoyun import sink_from_settings
from bot.web.jiandaoyun_push import PUSH_PATH, add_jiandaoyun_push
from bot.webhooks import webhook_sinks


def configure_events(app: web.Application, services: Any, runtime: Any, *, run_workers: bool) -> None:
    settings = services.settings
    if settings.jiandaoyun_push_enabled:
        add_jiandaoyun_push(app)
        runtime.notices.append(f"jiandaoyun: order push on at {PUSH_PATH}")
    if not run_workers:
        return
    held: dict[str, Any] = {}

    async def start() -> None:
        http = aiohttp.ClientSession()
        held["http"] = http
        loaders = [webhook_sinks(services.database, http, services.clock, timeout=settings.webhook_timeout_seconds)]
        jiandaoyun = sink_from_settings(settings, http)
        if jiandaoyun is not None:
            loaders.append(fixed(jiandaoyun))
        held["relay"] = EventRelay(services.database, services.clock, combined(*loaders), owner=settings.lease_owner or None,
                                   lease=timedelta(seconds=settings.outbox_lease_seconds),
                                   max_attempts=settings.events_max_attempts, poll=settings.events_poll_seconds,
                                   retention=timedelta(days=settings.retention_days))

    async def stop() -> None:
        if "http" in held:
            await held["http"].close()

    async def run(stop_event: Any) -> None:
        await held["relay"].run(stop_event)

    runtime.startup_hooks.append(start)
    runtime.shutdown_hooks.append(stop)
    runtime.background.append(run)
    runtime.notices.append("events: on (registered webhooks" + (", jiandaoyun" if settings.jiandaoyun_enabled else "")
                           + f"; every {settings.events_poll_seconds:g} s)")
