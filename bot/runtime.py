"""What every part of a running replica shares: the typed app keys (`SERVICES`, `RUNTIME`),
the `Runtime` of moving parts, and the small helpers the platform modules wire with
(`unless_draining`, `retry_in_background`).

It lives apart from the composition root (`bot.app`) so platform modules, web routes and
metrics can reach the keys without importing the root that imports them: no circle, no
imports hidden inside functions. The moving parts are named for the type checker only,
because the outbox dispatcher reads the platform registry, whose modules read this one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.long_connection import wait_for_either
from bot.services import Services
from bot.web.edge import Draining, edge_route
from storage import migrate
from storage.db import Database

if TYPE_CHECKING:
    from bot.dispatcher import OutboxDispatcher
    from bot.pipeline import InboundPipeline
    from storage.photo_store import PhotoStore

log = logging.getLogger("supplierbot.app")

WebHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Worker = Callable[[asyncio.Event], Coroutine[Any, Any, None]]  # runs as a task until the event is set
Hook = Callable[[], Awaitable[None]]


class Role(StrEnum):
    """What one process of a replica does. `serve` is `ALL`, or `EDGE` beside a `WORK` process
    it starts and supervises (`bot.background`): the background work's CPU (ORM, rendering a
    digest, an import) then runs on another core and event loop than the webhooks."""

    ALL = "all"  # one process does everything
    EDGE = "edge"  # webhooks, pages, API, long connections: accepts and stores, answers
    WORK = "work"  # inbox processing, outbox dispatcher, scheduler jobs, events out


@dataclass
class Runtime:
    """The moving parts of one replica."""

    pipeline: InboundPipeline
    dispatcher: OutboxDispatcher
    photo_store: PhotoStore
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    draining: bool = False
    background: list[Worker] = field(default_factory=list)
    startup_hooks: list[Hook] = field(default_factory=list)
    shutdown_hooks: list[Hook] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    scheduler: Any = None  # scheduler.runner.SchedulerService, when this replica runs one
    role: Role = Role.ALL
    work_process: Any = None  # bot.background.WorkProcess, on an edge whose work runs beside it


SERVICES = web.AppKey("services", Services)
RUNTIME = web.AppKey("runtime", Runtime)


def unless_draining(runtime: Runtime, handler: WebHandler) -> WebHandler:
    """A webhook that answers 503 once shutdown has begun, so the platform re-delivers to a live replica."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        if runtime.draining:
            raise Draining("shutting down")
        return await handler(request)

    return edge_route("webhook", guarded)


async def retry_in_background(what: str, action: Callable[[], Awaitable[None]], stop: asyncio.Event,
                              *, first_delay: float = 0.0, max_delay: float = 300.0) -> None:
    """Retry a start-up call (webhook registration, token check) until it works or we stop."""
    delay = max(first_delay, 1.0)
    if first_delay:
        await wait_for_either(stop, first_delay)
    while not stop.is_set():
        try:
            await action()
            log.info("%s: done", what)
            return
        except Exception as exc:
            log.warning("%s failed, retrying in %.0fs: %s", what, delay, exc)
        await wait_for_either(stop, delay)
        delay = min(max_delay, delay * 2)


async def check_schema(database: Database) -> str | None:
    """None when the schema is current, else what to do about it. Read on a read connection:
    readiness must not queue behind SQLite's one writer (or hold it from a webhook)."""
    current = await migrate.current_revision(database.reader)
    head = migrate.head_revision()
    if current == head:
        return None
    if current is None:
        return "the database is empty: run `supplierbot db upgrade` first"
    return f"the database is at revision {current}, this version needs {head}: run `supplierbot db upgrade`"
