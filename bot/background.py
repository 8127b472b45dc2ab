"""The work process: `serve` runs the background work (inbox processing, the outbox
dispatcher, scheduler jobs, events out) in a second process, `supplierbot work`, that it
starts, wakes, restarts and stops.

Why: asyncio shares one thread. A digest over 10,000 orders or a 5,000-row import is seconds
of ORM and rendering CPU, and every webhook waiting behind it waited those seconds (p99 2.5-3.8 s,
WeCom gives up after 5 s). In a process of its own that CPU runs on another core, or at worst
is time-sliced by the kernel in milliseconds, and the edge only accepts and stores.

How the two stay correct is how replicas already do: the edge stores (group commit, into the
inbox file on SQLite); the work process moves and processes (on PostgreSQL it claims rows
with SKIP LOCKED, on SQLite a row is marked processed only while still pending), so a message
is processed once whichever process or replica gets to it. Two processes on one SQLite file
queue on its lock (WAL, `BEGIN IMMEDIATE`, busy_timeout) as two connections of one would.

Signals: the edge writes a byte to the work process's stdin after storing (coalesced to one a
loop turn), which wakes processing at once instead of at its next 1 s poll; end of stdin means
the edge is gone, and the work process drains and exits. SIGTERM to `serve`: webhooks answer
503, the work process is sent SIGTERM and finishes its in-flight batch, then the edge stops;
exit 0. A work process that dies is restarted by the edge at once (a wait would only leave
stored messages unprocessed longer); one that keeps dying is restarted after 1 s, doubling to
30 s, so a crash loop costs a start-up's CPU at most once a second, then less (restarts are
counted in `supplierbot_background_restarts_total`, shown by `/readyz`): the edge keeps
storing meanwhile, and nothing stored is lost. The replies and events a dead work process had
leased for sending are given back by the edge at once (each work process leases under a name
the edge gave it): else its successor waited for the leases to run out, 60 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import aiohttp
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.long_connection import wait_for_either
from bot.settings import Settings
from storage import event_deliveries, outbox
from storage.db import Database

log = logging.getLogger("supplierbot.background")

FIRST_RESTART_DELAY = 1.0
MAX_RESTART_DELAY = 30.0
STEADY_SECONDS = 60.0  # a work process that ran this long and died starts again at once
STOP_SECONDS = 30.0  # its own drain waits 10 s for workers, then its shutdown hooks; then it is killed
WAKE = b"."
WORK_METRICS = "/work/metrics"  # on the work process's socket: its own counters, no access check


def next_restart_delay(delay: float) -> float:
    """The wait before the next restart after one of `delay`: none, then 1 s, doubling to 30 s."""
    return FIRST_RESTART_DELAY if delay <= 0 else min(MAX_RESTART_DELAY, delay * 2)


class WorkProcess:
    """The edge's view of its work process: start, wake, restart when it dies, stop."""

    def __init__(self, settings: Settings, metrics_socket: Path, *, env: dict[str, str] | None = None) -> None:
        """`env`: settings of the work process beyond ours (a benchmark's fakes)."""
        self.settings = settings
        self.env = env or {}
        self.metrics_socket = metrics_socket
        self.process: asyncio.subprocess.Process | None = None
        self.restarts = 0
        self._answered = asyncio.Event()  # the first work process answered (`answered`, `until_answered`)
        self._stopping = asyncio.Event()
        self._wake_due = False
        self._task: asyncio.Task[None] | None = None
        self._spawned = asyncio.Event()
        self.lease_owner = ""  # the running work process's (`Settings.lease_owner`), a new one each start
        # gives back the outbox and event leases a work process held when it dies (`give_back_leases`)
        self.give_back: Callable[[str], Awaitable[int]] | None = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.running and self.process is not None else None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "bot", "work", "--wake-stdin", "--metrics-socket", str(self.metrics_socket)]

    def environment(self) -> dict[str, str]:
        """Ours, plus what `serve` or `demo` set in code rather than in the environment."""
        return {**os.environ, "SUPPLIERBOT_DATABASE_URL": self.settings.database_url,
                "SUPPLIERBOT_API_TOKEN": self.settings.api_token.get_secret_value(),
                "SUPPLIERBOT_SIMULATOR": str(self.settings.simulator).lower(),
                "SUPPLIERBOT_LEASE_OWNER": self.lease_owner, **self.env}

    def start(self) -> None:
        self._task = asyncio.create_task(self._supervise(), name="work-process")

    async def spawned(self) -> None:
        """Until the first work process is spawned (or could not be): what `serve` waits for
        before importing the application itself, so the two processes' imports overlap."""
        await self._spawned.wait()

    def wake(self) -> None:
        """A message was stored: one byte to the work process, at most one a loop turn."""
        if self._wake_due or not self.running:
            return
        self._wake_due = True
        asyncio.get_running_loop().call_soon(self._send_wake)

    def _send_wake(self) -> None:
        self._wake_due = False
        process = self.process
        if process is None or process.stdin is None or process.returncode is not None:
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            process.stdin.write(WAKE)

    async def _supervise(self) -> None:
        delay = 0.0  # a one-off death is restarted at once; only one that keeps dying backs off
        while not self._stopping.is_set():
            began = time.monotonic()
            self.lease_owner = f"work-{uuid.uuid4().hex[:16]}"
            try:
                self.process = await asyncio.create_subprocess_exec(
                    *self.command(), stdin=asyncio.subprocess.PIPE, env=self.environment())
            except OSError as exc:  # no memory, no process slots: the edge goes on storing meanwhile
                self._spawned.set()
                log.error("cannot start the work process (%s); trying again in %.0f s", exc, delay)
                await wait_for_either(self._stopping, delay)
                delay = next_restart_delay(delay)
                continue
            self._spawned.set()
            log.info("work process %s started", self.process.pid)
            self._lower_priority(self.process.pid)
            answering = asyncio.create_task(self._until_answering())
            code = await self.process.wait()
            answering.cancel()
            if code != 0:  # killed or crashed: what it had leased is nobody's now
                await self._give_back_leases(self.lease_owner)
            if self._stopping.is_set():
                return
            if time.monotonic() - began >= STEADY_SECONDS:
                delay = 0.0
            self.restarts += 1
            log.error("work process %s exited with %s; starting it again in %.0f s (restart %d)",
                      self.process.pid, code, delay, self.restarts)
            await wait_for_either(self._stopping, delay)
            delay = next_restart_delay(delay)

    async def _give_back_leases(self, owner: str) -> None:
        """A dead work process's outbox and event rows, leased for sending, are released now: else
        they waited for the lease to run out (`outbox_lease_seconds`, 60 s) before its successor,
        or anyone, sent them. Safe because it is dead (reaped): nothing can send them under its
        name any more; a reply it sent but did not record goes again, as after any crash."""
        if self.give_back is None:
            return
        try:
            released = await self.give_back(owner)
        except Exception as exc:  # the database is away: the leases run out by themselves
            log.warning("could not give back the leases of the dead work process (%s); they expire in %.0f s",
                        exc, self.settings.outbox_lease_seconds)
            return
        if released:
            log.warning("gave back %d leases the dead work process held", released)

    def _lower_priority(self, pid: int) -> None:
        """The work process yields a core to the edge (`Settings.background_niceness`).

        Why: on two cores the edge, the work process and whatever else the machine runs share
        them; a webhook that arrives while the work process renders a digest waited its turn of
        the scheduler's time slice (measured by `bench.long_jobs`: the edge's waits for a CPU).
        With a lower priority the kernel runs the edge's short work first. Only the work process
        is lowered (a process may lower, not raise, a child's priority), so nothing else changes."""
        niceness = self.settings.background_niceness
        if not niceness:
            return
        try:
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, os.getpid()) + niceness)
        except OSError as exc:  # gone already, or not permitted: it runs at the edge's priority
            log.warning("could not lower the work process's priority: %s", exc)

    @property
    def answered(self) -> bool:
        """Whether the first work process has answered: /readyz is ready from then on."""
        return self._answered.is_set()

    @answered.setter
    def answered(self, value: bool) -> None:
        # a setter, not a method: a subclass that tells the answer itself (bench.long_jobs_server's work
        # process, run against older checkouts too) says so by this name
        if value:
            self._answered.set()
        else:
            self._answered.clear()

    async def until_answered(self) -> None:
        """Until the first work process has answered (the edge is ready: report pages' warming waits for it)."""
        await self._answered.wait()

    async def _until_answering(self) -> None:
        while self.running:
            if await self._get("/healthz") is not None:
                self.answered = True
                return
            await asyncio.sleep(0.1)

    async def stop(self) -> int | None:
        """SIGTERM, wait for its drain (killed after STOP_SECONDS); its exit code, None if none ran."""
        self._stopping.set()
        process = self.process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), STOP_SECONDS)
            except TimeoutError:
                log.error("work process %s did not stop within %.0f s; killing it", process.pid, STOP_SECONDS)
                process.kill()
                await process.wait()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        return process.returncode if process is not None else None

    async def metrics(self) -> str | None:
        """The work process's /metrics, or None while it is not answering."""
        return await self._get(WORK_METRICS) if self.running else None

    async def _get(self, path: str) -> str | None:
        try:
            async with aiohttp.ClientSession(connector=aiohttp.UnixConnector(path=str(self.metrics_socket)),
                                             timeout=aiohttp.ClientTimeout(total=5)) as http:
                async with http.get(f"http://work{path}") as response:
                    return await response.text() if response.status == 200 else None
        except (aiohttp.ClientError, TimeoutError, OSError):
            return None


async def serve_work(settings: Settings, *, wake_stdin: bool, metrics_socket: str | None) -> int:
    """`supplierbot work`: the background work of one replica, until SIGTERM, SIGINT or (with
    `wake_stdin`) the end of stdin. Its /metrics answers on `metrics_socket`, for the edge."""
    from bot.app import build_app
    from bot.metrics import METRICS
    from bot.runtime import RUNTIME, Role

    app = build_app(settings, role=Role.WORK)
    runtime = app[RUNTIME]
    metrics = app[METRICS]

    async def own_metrics(request: web.Request) -> web.Response:
        """For the edge only: the socket lives in a folder only this user can open."""
        return web.Response(body=await metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get(WORK_METRICS, own_metrics)
    runner = web.AppRunner(app, shutdown_timeout=10, access_log=None)
    await runner.setup()
    settle_after_start_up()
    if metrics_socket:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(metrics_socket)
        await web.UnixSite(runner, metrics_socket).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    listening = asyncio.create_task(listen_for_wakes(runtime.pipeline.wake, stop)) if wake_stdin else None
    await stop.wait()
    runtime.draining = True
    await runner.cleanup()
    if listening is not None:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening
    return 0


def settle_after_start_up() -> None:
    """Keep what start-up built (modules, the reader's tables, the app) out of every later
    collection, in each process `serve` starts (the edge and the work process) and in the
    benchmarks' copies of them: each collection of the oldest generation walked the whole heap.
    Processing makes cyclic garbage fast (every ORM row is a cycle with its state), so in the
    work process that was ~120 ms about every 3,000 messages, 55 µs a message of CPU and a pause
    in the middle of a batch (`bench.processing_profile`, WeCom progress: 55 -> 15 µs a message);
    on the edge it was a webhook held for the whole walk (a 347 ms pause, a 360 ms inbox INSERT,
    `bench.long_jobs`)."""
    gc.collect()
    gc.freeze()


async def listen_for_wakes(wake: Callable[[], None], stop: asyncio.Event) -> None:
    """Each read from stdin wakes processing; its end (the edge is gone) stops this process."""
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        data = await reader.read(4096)
        if not data:
            log.warning("the serving process is gone; stopping")
            stop.set()
            return
        wake()


async def give_back_leases(database: Database, owner: str) -> int:
    """Release every outbox and event row `owner` (a dead work process) leased and did not finish."""
    async with database.write() as session:
        return await outbox.release_leases(session, owner) + await event_deliveries.release_leases(session, owner)


class _Restarts(Collector):
    def __init__(self, work: WorkProcess) -> None:
        self.work = work

    def collect(self) -> Iterator[Metric]:
        restarts = CounterMetricFamily("supplierbot_background_restarts", "Times the work process (processing, "
                                       "outbox, scheduler) died and was started again by the edge.")
        restarts.add_metric([], self.work.restarts)
        yield restarts
        up = GaugeMetricFamily("supplierbot_background_up", "1 while the work process runs, 0 while it restarts.")
        up.add_metric([], 1.0 if self.work.running else 0.0)
        yield up


def restarts_collector(work: WorkProcess) -> Collector:
    """The edge's figures about its work process, for its /metrics."""
    return _Restarts(work)
