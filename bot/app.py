"""The composition root: `build_app` wires settings, store, clock, channels and routes
into one aiohttp application; start-up and shutdown live in `cleanup_ctx`.

Start-up never fails because a chat platform cannot be reached: webhook registration and
token checks retry in the background and are logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from aiohttp import web
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock, SystemClock
from bot.connectors.registry import INTERVALS, enabled_systems
from bot.dispatcher import OutboxDispatcher
from bot.event_setup import configure_events
from bot.metrics import Metrics, add_metrics
from bot.pipeline import InboundPipeline
from bot.platforms import PLATFORMS
from bot.ports import Channel, InboundMessage, Platform, Reply
from bot.runtime import RUNTIME, SERVICES, Role, Runtime
from bot.services import Services
from bot.settings import Settings
from bot.sync_cli import scheduled_sync
from bot.web.api import add_api_routes
from bot.web.audit import add_audit_routes, audit_trail
from bot.web.auth import api_identity
from bot.web.guard import Guard, decorate_response
from bot.web.health import add_health_routes
from bot.web.pages import add_dashboard_routes
from bot.web.simulator import add_simulator
from bot.web.throttle import AUTH_THROTTLE, FailureThrottle
from handlers.context import HandlerContext, MessageHandler
from scheduler.jobs import JobConfig
from scheduler.ladder import Ladder
from scheduler.runner import SchedulerService
from storage.db import Database
from storage.inbox_file import InboxFile, inbox_file_url
from storage.photo_store import PhotoStore
from storage.retention import prune

log = logging.getLogger("supplierbot.app")


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    database: Database | None = None,
    channels: dict[Platform, Channel] | None = None,
    handler: MessageHandler | None = None,
    run_workers: bool = True,
    role: Role = Role.ALL,
) -> web.Application:
    """Build the service. Tests pass a fake clock, a test database and fake-backed channels;
    `run_workers=False` leaves processing and delivery to the test, step by step.

    `role` splits one replica in two processes (`bot.runtime.Role`): the `EDGE` answers
    webhooks, pages and the API and holds the long connections; the `WORK` process processes
    the inbox, sends the outbox (unless replies leave through a connection the edge holds),
    runs the scheduler and sends events out. Both build the same services and channels."""
    guard = Guard(trusted_proxies=settings.trusted_proxy_networks, small_body_bytes=settings.form_max_bytes)
    app = web.Application(client_max_size=settings.photo_max_bytes + 64 * 1024, middlewares=[guard.middleware()])
    app.on_response_prepare.append(decorate_response)
    database = database or Database(settings.database_url)
    inbox_url = inbox_file_url(database.url, settings.inbox_file)
    services = Services(
        settings=settings,
        database=database,
        clock=clock or SystemClock(),
        ladder=Ladder.from_settings(settings),
        channels=dict(channels or {}),
        inbox_file=InboxFile(inbox_url) if inbox_url and database.is_sqlite else None,
    )
    # PostgreSQL: storing gets connections of its own, so processing and reports cannot starve it
    inbox_pool = None if database.is_sqlite else Database(database.url, pool_size=settings.inbox_pool_size)
    throttle = FailureThrottle(services.clock)
    app[AUTH_THROTTLE] = throttle
    app.middlewares.append(api_identity(services.database, services.clock, settings.api_token.get_secret_value()))
    app.middlewares.append(audit_trail(services.database, services.clock))
    photo_store = PhotoStore(settings.photo_dir, max_bytes=settings.photo_max_bytes)
    dispatcher = OutboxDispatcher(services.database, services.clock, services.channels, owner=settings.lease_owner or None,
                                  lease=timedelta(seconds=settings.outbox_lease_seconds),
                                  wecom_bot_per_minute=settings.wecom_bot_per_minute)
    pipeline = InboundPipeline(
        services.database, services.clock, settings, handler or _message_handler(role), services.channels, photo_store,
        ladder=services.ladder, on_replies=dispatcher.wake, inbox_file=services.inbox_file, inbox_pool=inbox_pool,
    )
    runtime = Runtime(pipeline=pipeline, dispatcher=dispatcher, photo_store=photo_store, role=role)
    if inbox_pool is not None:
        runtime.shutdown_hooks.insert(0, inbox_pool.dispose)  # hooks run last-first: this one after the rest
        runtime.shutdown_hooks.insert(1, pipeline.stop_storing)  # its held connection back before the dispose
    if services.inbox_file is not None and role is not Role.WORK:  # the work process starts beside the edge
        runtime.startup_hooks.insert(0, services.inbox_file.create)  # made (WAL set) before the first webhook
    app[SERVICES] = services
    app[RUNTIME] = runtime
    metrics = add_metrics(app)
    pipeline.metrics = metrics
    throttle.on_failure, throttle.on_throttled = metrics.auth_failed, metrics.auth_throttled
    dispatcher.metrics = metrics

    if channels is None:
        _configure_platforms(app, settings, services, runtime)
    if role is Role.WORK:
        runtime.background.clear()  # long connections, polling, registration: receiving is the edge's
    works = run_workers and role is not Role.EDGE
    if works:
        runtime.background.append(pipeline.run)
    # the WeCom AI bot's long connection carries its replies and the edge holds it: its sender runs there
    if run_workers and (role is Role.ALL or (role is Role.EDGE) == settings.wecom_bot_long_connection):
        runtime.background.append(dispatcher.run)

    add_health_routes(app)
    add_api_routes(app)
    if settings.simulator:
        add_simulator(app, runtime)
    if works and settings.scheduler:
        _add_scheduler(services, runtime, metrics)
    configure_events(app, services, runtime, run_workers=works)
    add_dashboard_routes(app, warm=run_workers)
    add_audit_routes(app)
    app.cleanup_ctx.append(_lifecycle)
    return app


def _message_handler(role: Role) -> MessageHandler:
    """The reader and its conversations (`handlers.router`), imported only where messages are
    processed. Importing it costs a process ~1.5 s of CPU (compiling the reader's ~1,000
    patterns; all of `bot.app` ~3.8 s), which an edge beside its work process, which stores and
    never processes, would pay at every start: on a busy machine that is seconds before it is
    ready. Imported here, not at the top, for that reason alone."""
    if role is Role.EDGE:
        return _processed_by_the_work_process
    from handlers.router import handle_message

    return handle_message


async def _processed_by_the_work_process(session: AsyncSession, message: InboundMessage,
                                         ctx: HandlerContext) -> list[Reply]:
    """The edge's pipeline stores only (`build_app` runs no processing there); never called."""
    raise RuntimeError("the edge does not process messages: its work process does (bot.background)")


def _configure_platforms(app: web.Application, settings: Settings, services: Services, runtime: Runtime) -> None:
    for spec in PLATFORMS:
        if spec.enabled(settings):
            spec.configure(app, settings, services, runtime)


def _add_scheduler(services: Services, runtime: Runtime, metrics: Metrics) -> None:
    """Prompts, escalations and digests; every replica may tick, the database decides what is due."""
    scheduler = SchedulerService(services.database, services.clock, interval=services.settings.scheduler_interval_seconds,
                                 config=JobConfig.from_settings(services.settings, ladder=services.ladder))
    metrics.observe_apscheduler(scheduler.scheduler)
    runtime.scheduler = scheduler
    scheduler.scheduler.add_job(_prune_old_records, CronTrigger(hour=3, minute=17, timezone=services.settings.zone),
                                args=[services, runtime], id="retention", name="retention", coalesce=True,
                                max_instances=1, misfire_grace_time=3600)

    _add_erp_syncs(services, runtime, scheduler)

    async def start() -> None:
        scheduler.start()

    async def stop() -> None:
        scheduler.shutdown()

    runtime.startup_hooks.append(start)
    runtime.shutdown_hooks.append(stop)
    runtime.notices.append(
        f"scheduler: on (prompts, escalations, digests; every {services.settings.scheduler_interval_seconds:g} s)")


def _add_erp_syncs(services: Services, runtime: Runtime, scheduler: SchedulerService) -> None:
    """A scheduled pull per ERP set up with an interval; each tick asks the database whether it is due."""
    for system in enabled_systems(services.settings):
        minutes = INTERVALS[system](services.settings)
        if minutes <= 0:
            continue
        scheduler.add(f"erp_sync:{system}", scheduled_sync(system, services.settings, services.clock, services.ladder))
        runtime.notices.append(f"ERP sync: {system} every {minutes:g} min")


async def _prune_old_records(services: Services, runtime: Runtime) -> None:
    """Nightly retention: full-size photos and inbox rows older than SUPPLIERBOT_RETENTION_DAYS.
    Idempotent, so every replica may run it."""
    days = services.settings.retention_days
    try:
        result = await prune(services.database, runtime.photo_store, now=services.clock.now(), photo_days=days,
                             inbox_days=days, pause=0.05, inbox_file=services.inbox_file)
        log.info("retention: %s", result.summary())
    except Exception:
        log.exception("retention failed; it runs again tomorrow")


async def _lifecycle(app: web.Application) -> AsyncIterator[None]:
    services, runtime = app[SERVICES], app[RUNTIME]
    for hook in runtime.startup_hooks:
        await hook()
    tasks = [asyncio.create_task(worker(runtime.stop)) for worker in runtime.background]
    yield
    runtime.draining = True
    runtime.stop.set()
    runtime.dispatcher.wake()  # both idle loops see `stop` now, not at their next poll (1 s each, shutdown waited it)
    runtime.pipeline.wake()
    if tasks:
        done, pending = await asyncio.wait(tasks, timeout=10)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    for hook in reversed(runtime.shutdown_hooks):
        try:
            await hook()
        except Exception:
            log.exception("shutdown hook failed")
    await services.database.dispose()
    if services.inbox_file is not None:
        await services.inbox_file.dispose()
