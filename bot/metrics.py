"""`GET /metrics` in the Prometheus text format.

Each app has its own `CollectorRegistry`: tests and several apps in one process must not
share counters. Counters move through small hooks the pipeline and dispatcher call, and
APScheduler's events; what lives in the database (outbox depth, the most overdue message,
the inbox backlog, escalation steps, which are recorded exactly once) is read at scrape
time with a few indexed queries, so every replica reports the same shared truth:
aggregate those with `max()`, not `sum()`, across replicas.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from bot.clock import Clock, SystemClock
from bot.ports import Platform
from bot.runtime import SERVICES
from bot.web.auth import require_metrics_access
from storage import event_deliveries
from storage.db import Database
from storage.erp_state import sync_states
from storage.inbox_file import InboxFile
from storage.models import EscalationStep, InboxMessage, InboxState, OutboxMessage, OutboxState

log = logging.getLogger("supplierbot.metrics")

PREFIX = "supplierbot"
LATENCY_BUCKETS = (0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600)
TICK_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
SCRAPE_QUERY_TIMEOUT = 5.0


class NoMetrics:
    """The hooks with nothing behind them: the default of the pipeline and dispatcher."""

    def inbound(self, platform: str, outcome: str) -> None: ...
    def delivered(self, platform: str) -> None: ...
    def failed(self, platform: str, code: str | None) -> None: ...
    def dead_letter(self, platform: str) -> None: ...
    def reply_latency(self, platform: str, seconds: float) -> None: ...
    async def replied(self, platform: str, inbox_id: int | None, sent_at: datetime) -> None: ...
    def tick(self, job: str, duration: float, lag: float) -> None: ...
    def auth_failed(self, surface: str) -> None: ...
    def auth_throttled(self, surface: str) -> None: ...


NO_METRICS = NoMetrics()


class Metrics(NoMetrics):
    """The service's counters and histograms, plus the scrape-time database gauges."""

    def __init__(self, database: Database | None, clock: Clock, inbox_file: InboxFile | None = None,
                 registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self._inbound = Counter(f"{PREFIX}_inbound_messages", "Inbound chat messages by outcome: new "
                                "(stored), duplicate (a re-delivery), refused (store unavailable, answered 503).",
                                ["platform", "outcome"], registry=r)
        self._latency = Histogram(f"{PREFIX}_reply_latency_seconds", "From an inbound message being stored to "
                                  "its reply being accepted by the platform.", ["platform"],
                                  buckets=LATENCY_BUCKETS, registry=r)
        self._delivered = Counter(f"{PREFIX}_deliveries", "Outbox messages the platform accepted.",
                                  ["platform"], registry=r)
        self._failed = Counter(f"{PREFIX}_delivery_failures", "Failed send attempts by platform error code "
                               "(retried or dead-lettered).", ["platform", "code"], registry=r)
        self._dead = Counter(f"{PREFIX}_dead_letters", "Outbox messages given up on.", ["platform"], registry=r)
        self._tick = Histogram(f"{PREFIX}_scheduler_tick_duration_seconds", "How long one scheduler job run took.",
                               ["job"], buckets=TICK_BUCKETS, registry=r)
        self._lag = Gauge(f"{PREFIX}_scheduler_lag_seconds", "How late the last run of a job started.", ["job"],
                          registry=r)
        self._last_tick = Gauge(f"{PREFIX}_scheduler_last_tick_timestamp_seconds", "When a job last finished "
                                "(Unix time).", ["job"], registry=r)
        self._auth_failed = Counter(f"{PREFIX}_auth_failures", "Wrong tokens given to the dashboard login "
                                    "(login) or the API (api).", ["surface"], registry=r)
        self._auth_throttled = Counter(f"{PREFIX}_auth_throttled", "Sign-in or API attempts refused with 429 "
                                       "because the address failed too often.", ["surface"], registry=r)
        for surface in ("login", "api"):
            self._auth_failed.labels(surface)
            self._auth_throttled.labels(surface)
        for platform in Platform:
            for outcome in ("new", "duplicate", "refused"):
                self._inbound.labels(platform.value, outcome)
            self._delivered.labels(platform.value)
            self._dead.labels(platform.value)
        self.store = StoreCollector(database, clock, inbox_file) if database is not None else None
        if self.store is not None:
            r.register(self.store)
        # an edge's work process (bot.background): its counters join ours in one exposition
        self.also: Callable[[], Awaitable[str | None]] | None = None

    def auth_failed(self, surface: str) -> None:
        self._auth_failed.labels(surface).inc()

    def auth_throttled(self, surface: str) -> None:
        self._auth_throttled.labels(surface).inc()

    def inbound(self, platform: str, outcome: str) -> None:
        self._inbound.labels(platform, outcome).inc()

    def delivered(self, platform: str) -> None:
        self._delivered.labels(platform).inc()

    def failed(self, platform: str, code: str | None) -> None:
        """`code` is cut at its first ":" ("chat_migrated:-100…" → "chat_migrated") to bound the series."""
        self._failed.labels(platform, (code or "unknown").split(":", 1)[0][:40]).inc()

    def dead_letter(self, platform: str) -> None:
        self._dead.labels(platform).inc()

    def reply_latency(self, platform: str, seconds: float) -> None:
        self._latency.labels(platform).observe(max(0.0, seconds))

    async def replied(self, platform: str, inbox_id: int | None, sent_at: datetime) -> None:
        """A reply to an inbound message was delivered: observe inbox-to-reply latency (one PK read)."""
        if inbox_id is None or self.store is None:
            return
        try:
            async with self.store.database.read() as session:
                received_at = await session.scalar(
                    select(InboxMessage.received_at).where(InboxMessage.id == inbox_id)
                )
        except Exception as exc:
            log.debug("metrics: no latency for inbox %s: %s", inbox_id, exc)
            return
        if received_at is not None:
            self.reply_latency(platform, (sent_at - _aware(received_at)).total_seconds())

    def tick(self, job: str, duration: float, lag: float) -> None:
        self._tick.labels(job).observe(max(0.0, duration))
        self._lag.labels(job).set(max(0.0, lag))
        self._last_tick.labels(job).set_to_current_time()

    def observe_apscheduler(self, scheduler: Any) -> None:
        """Tick duration and lag of every job of an APScheduler 3 scheduler, from its events.

        Lag is how long after its scheduled time a run was submitted (APScheduler's wall clock).
        Runs are keyed by job id, which `max_instances=1` makes unique at any moment.
        """
        from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_SUBMITTED

        running: dict[str, tuple[float, float]] = {}

        def listener(event: Any) -> None:
            if event.code == EVENT_JOB_SUBMITTED:
                scheduled = event.scheduled_run_times[-1]
                running[event.job_id] = (time.monotonic(), (datetime.now(UTC) - scheduled).total_seconds())
                return
            started = running.pop(event.job_id, None)
            if started is not None:
                self.tick(event.job_id, time.monotonic() - started[0], started[1])

        scheduler.add_listener(listener, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

    async def exposition(self) -> bytes:
        if self.store is not None:
            await self.store.refresh()
        ours = generate_latest(self.registry)
        theirs = await self.also() if self.also is not None else None
        return merge_expositions(ours, theirs) if theirs else ours


class _Families(Collector):
    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterator[Metric]:
        yield from self.families


def merge_expositions(ours: bytes, theirs: str) -> bytes:
    """One replica's figures from its two processes: counters and histograms add up; a gauge both
    report (what the database holds, read at scrape time) is ours; the rest is whoever has it."""
    families = {family.name: family for family in text_string_to_metric_families(ours.decode())}
    for family in text_string_to_metric_families(theirs):
        mine = families.get(family.name)
        if mine is None:
            families[family.name] = family
            continue
        where = {(sample.name, tuple(sorted(sample.labels.items()))): index
                 for index, sample in enumerate(mine.samples)}
        for sample in family.samples:
            index = where.get((sample.name, tuple(sorted(sample.labels.items()))))
            if index is None:
                mine.samples.append(sample)
            elif family.type in ("counter", "histogram", "summary") and not sample.name.endswith("_created"):
                mine.samples[index] = mine.samples[index]._replace(value=mine.samples[index].value + sample.value)
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Families(list(families.values())))
    return generate_latest(registry)


@dataclass(frozen=True)
class StoreSnapshot:
    up: bool
    outbox: dict[str, int]
    outbox_leased: int
    oldest_due_seconds: float
    inbox_pending: int
    escalations: dict[int, int]
    erp: tuple[dict[str, Any], ...] = ()
    events: dict[tuple[str, str], int] = field(default_factory=dict)  # (sink, state) -> outbound event deliveries


class StoreCollector(Collector):
    """Database gauges. prometheus-client collects synchronously, so the /metrics handler
    awaits `refresh()` first and `collect()` reports that snapshot."""

    def __init__(self, database: Database, clock: Clock, inbox_file: InboxFile | None = None) -> None:
        self.database = database
        self.clock = clock
        self.inbox_file = inbox_file
        self.snapshot: StoreSnapshot | None = None

    async def refresh(self) -> None:
        try:
            self.snapshot = await asyncio.wait_for(self._query(), SCRAPE_QUERY_TIMEOUT)
        except Exception as exc:
            log.warning("metrics: database gauges unavailable: %s", exc)
            self.snapshot = StoreSnapshot(False, {}, 0, 0.0, 0, {})

    async def _query(self) -> StoreSnapshot:
        pending, dead = OutboxState.PENDING.value, OutboxState.DEAD.value
        now = self.clock.now()
        async with self.database.read() as session:
            depth = {state: 0 for state in (pending, dead)}
            rows = await session.execute(
                select(OutboxMessage.state, func.count()).where(OutboxMessage.state.in_((pending, dead)))
                .group_by(OutboxMessage.state)
            )
            depth.update({state: int(n) for state, n in rows.all()})
            oldest: datetime | None = await session.scalar(
                select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.state == pending)
            )
            leased = await session.scalar(
                select(func.count()).select_from(OutboxMessage)
                .where(OutboxMessage.state == pending, OutboxMessage.lease_until > now)
            )
            inbox = await session.scalar(
                select(func.count()).select_from(InboxMessage).where(InboxMessage.state == InboxState.PENDING.value)
            )
            steps = await session.execute(
                select(EscalationStep.level, func.count()).group_by(EscalationStep.level)
            )
            escalations = {int(level): int(n) for level, n in steps.all()}
            erp = tuple(await sync_states(session))
            events = {(sink, state): n for sink, states in (await event_deliveries.counts_by_sink(session)).items()
                      for state, n in states.items() if state != OutboxState.SENT.value}
        if self.inbox_file is not None:  # stored, not yet moved into the main inbox: pending too
            inbox = int(inbox or 0) + await self.inbox_file.count_waiting()
        overdue = 0.0
        if oldest is not None:
            overdue = max(0.0, (now - _aware(oldest)).total_seconds())
        return StoreSnapshot(True, depth, int(leased or 0), overdue, int(inbox or 0), escalations, erp, events)

    def describe(self) -> list[Metric]:
        return []

    def collect(self) -> Iterator[Metric]:
        snap = self.snapshot
        if snap is None:
            return
        yield GaugeMetricFamily(f"{PREFIX}_database_up", "Whether the scrape-time database queries worked.",
                                value=1 if snap.up else 0)
        if not snap.up:
            return
        depth = GaugeMetricFamily(f"{PREFIX}_outbox_messages", "Outbox rows waiting (pending) or given up (dead).",
                                  labels=["state"])
        for state, count in sorted(snap.outbox.items()):
            depth.add_metric([state], count)
        yield depth
        yield GaugeMetricFamily(f"{PREFIX}_outbox_leased", "Pending outbox rows a dispatcher holds right now.",
                                value=snap.outbox_leased)
        yield GaugeMetricFamily(f"{PREFIX}_outbox_oldest_pending_age_seconds",
                                "How long the most overdue pending outbox row has been due (0: none due).",
                                value=snap.oldest_due_seconds)
        yield GaugeMetricFamily(f"{PREFIX}_inbox_pending", "Stored inbound messages not processed yet.",
                                value=snap.inbox_pending)
        fired = CounterMetricFamily(f"{PREFIX}_escalations", "Escalation steps fired, by level (-1: follow-ups "
                                    "after an acknowledgement, -2: returns to the ladder after its timeout); "
                                    "counted in the database, exactly once.",
                                    labels=["level"])
        for level, count in sorted(snap.escalations.items()):
            fired.add_metric([str(level)], count)
        yield fired
        events = GaugeMetricFamily(f"{PREFIX}_event_deliveries", "Outbound events (webhooks, Jiandaoyun) waiting "
                                   "(pending) or given up (dead), by sink.", labels=["sink", "state"])
        for (sink, state), count in sorted(snap.events.items()):
            events.add_metric([sink, state], count)
        yield events
        yield from _erp_metrics(snap.erp)


def _erp_metrics(states: tuple[dict[str, Any], ...]) -> Iterator[Metric]:
    """Each ERP's pull: when it last worked, whether it is failing now, conflicts waiting, last run's lines."""
    success = GaugeMetricFamily(f"{PREFIX}_erp_sync_last_success_timestamp_seconds",
                                "When the last ERP sync that finished without error ended (0: never).",
                                labels=["system"])
    failing = GaugeMetricFamily(f"{PREFIX}_erp_sync_failing",
                                "1 when the ERP's last sync ended in an error (credentials, network, ERP).",
                                labels=["system"])
    conflicts = GaugeMetricFamily(f"{PREFIX}_erp_sync_conflicts",
                                  "Fields the ERP changed after SupplierBot did, waiting to be settled.",
                                  labels=["system"])
    lines = GaugeMetricFamily(f"{PREFIX}_erp_sync_last_run_lines", "Bill lines of the last sync, by outcome.",
                              labels=["system", "outcome"])
    for state in states:
        system = state["system"]
        last = state["last_success_at"]
        success.add_metric([system], _aware(last).timestamp() if last is not None else 0)
        failing.add_metric([system], 1 if state["failing"] else 0)
        conflicts.add_metric([system], state["conflicts"])
        for outcome, count in sorted(state["counts"].items()):
            if outcome != "pages":
                lines.add_metric([system, outcome], count)
    yield from (success, failing, conflicts, lines)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


METRICS = web.AppKey("metrics", Metrics)


async def metrics_view(request: web.Request) -> web.Response:
    """Open on loopback; elsewhere it wants SUPPLIERBOT_METRICS_TOKEN as a bearer token."""
    if SERVICES in request.app:
        require_metrics_access(request, request.app[SERVICES].settings.metrics_token.get_secret_value())
    body = await request.app[METRICS].exposition()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def add_metrics(app: web.Application) -> Metrics:
    """Add `GET /metrics` once (a second call returns the same `Metrics`)."""
    if METRICS in app:
        return app[METRICS]
    services = app[SERVICES] if SERVICES in app else None
    metrics = Metrics(services.database if services else None, services.clock if services else SystemClock(),
                      services.inbox_file if services else None)
    app[METRICS] = metrics
    app.router.add_get("/metrics", metrics_view)
    return metrics
