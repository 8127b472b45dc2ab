"""The service of one checkout, for `bench.long_jobs`: run as a script with `--code DIR` so the
same measurement runs against this branch and against main's checkout in the same run.

`serve`: the whole app on `--database` (scheduler off; replies go to a loopback fake Telegram),
plus `POST /bench/job?job=digest|escalate|import[&file=...]`, which runs that job in the
service's own event loop on the service's own database (as the scheduler would), and
`GET /bench/holds?since=T`, the longest writer transaction begun at or after T (monotonic).
`GET /bench/edge?since=T&until=T` (serve): where a webhook's time went on the edge in that window
(monotonic, the same clock as the bench's `perf_counter`): the handler's own time, the inbox
INSERT's commit, the event loop's lag, GC pauses, and how long this process, its work process
and the bench waited for a CPU (`/proc/PID/schedstat`) per second of the window.
`import-rss`: one `supplierbot import` of `--file` in this process; prints its peak RSS.

Only names both checkouts have are used: `bot.app.build_app`, `bot.runtime.SERVICES`,
`scheduler.jobs`, `bot.intake_cli.import_file`, `storage.db.Database`; and each process settles its
garbage collection once listening as that checkout's `serve` would (`_settle`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

HOLDS: list[tuple[float, float, str]] = []  # (began, seconds, task) of every write transaction in this process
JOB_TASK = "bench-job"
HANDLED: list[tuple[float, float]] = []  # (began, seconds) of every webhook's handler on the edge
INSERTS: list[tuple[float, float]] = []  # (began, seconds) of every group commit into the inbox
LAGS: list[tuple[float, float]] = []  # (at, seconds late) of a 10 ms sleep on the edge's loop
GCS: list[tuple[float, float, int]] = []  # (began, seconds, generation) of every collection
RUNQUEUE: list[tuple[float, dict[str, float]]] = []  # (at, seconds waited for a CPU so far, by process)


def _task_name() -> str:
    try:
        task = asyncio.current_task()
    except RuntimeError:
        return ""
    return task.get_name() if task is not None else ""


def _watch_writers() -> None:
    """Time every transaction on every writer engine this process makes (the service's and an import's)."""
    from sqlalchemy import event

    from storage.db import Database

    original = Database.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        began: dict[int, tuple[float, str]] = {}

        def on_begin(connection: Any) -> None:  # after the engine's own BEGIN (IMMEDIATE): the wait is not counted
            began[id(connection)] = (time.perf_counter(), _task_name())

        def on_end(connection: Any) -> None:
            start = began.pop(id(connection), None)
            if start is not None:
                HOLDS.append((start[0], time.perf_counter() - start[0], start[1]))

        engine = self.writer.sync_engine
        event.listen(engine, "begin", on_begin)
        event.listen(engine, "commit", on_end)
        event.listen(engine, "rollback", on_end)

    Database.__init__ = init  # type: ignore[method-assign]


def _watch_edge(app: Any, pids: Any) -> list[Any]:
    """Time the edge: webhooks' handlers, the inbox's group commits, loop lag, GC, CPU waits."""
    import gc

    from aiohttp import web

    from bot.pipeline import GroupCommit

    @web.middleware
    async def timed(request: web.Request, handler: Any) -> Any:
        began = time.perf_counter()
        try:
            return await handler(request)
        finally:
            if request.path.startswith("/webhooks/"):
                HANDLED.append((began, time.perf_counter() - began))

    app.middlewares.insert(0, timed)
    original = GroupCommit._insert

    async def insert(self: Any, rows: Any) -> Any:
        began = time.perf_counter()
        try:
            return await original(self, rows)
        finally:
            INSERTS.append((began, time.perf_counter() - began))

    GroupCommit._insert = insert  # type: ignore[method-assign]
    collecting: dict[str, float] = {}

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collecting["at"] = time.perf_counter()
        elif "at" in collecting:
            GCS.append((collecting["at"], time.perf_counter() - collecting.pop("at"), info["generation"]))

    gc.callbacks.append(on_gc)

    async def lag() -> None:
        while True:
            began = time.perf_counter()
            await asyncio.sleep(0.01)
            LAGS.append((began, time.perf_counter() - began - 0.01))

    async def runqueue() -> None:
        while True:
            waited: dict[str, float] = {}
            for name, pid in pids().items():
                try:
                    waited[name] = int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
                except (OSError, IndexError, ValueError):
                    pass
            RUNQUEUE.append((time.perf_counter(), waited))
            await asyncio.sleep(0.5)

    return [asyncio.create_task(lag()), asyncio.create_task(runqueue())]


def _edge_route() -> Any:
    from aiohttp import web

    def p(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] * 1000 if ordered else float("nan")

    async def edge(request: web.Request) -> web.Response:
        since, until = float(request.query["since"]), float(request.query["until"])

        def within(rows: list[Any]) -> list[Any]:
            return [row for row in rows if since <= row[0] <= until]

        handled = [s for _, s in within(HANDLED)]
        inserts = [s for _, s in within(INSERTS)]
        lags = [s for _, s in within(LAGS)]
        gcs = within(GCS)
        samples = within(RUNQUEUE)
        waits: dict[str, float] = {}
        if len(samples) >= 2:
            (first_at, first), (last_at, last) = samples[0], samples[-1]
            for name in last:
                if name in first:
                    waits[name] = (last[name] - first[name]) / (last_at - first_at) * 1000  # ms per s
        return web.json_response({
            "handler_p50": p(handled, 50), "handler_p99": p(handled, 99), "handler_max": p(handled, 100),
            "insert_p50": p(inserts, 50), "insert_p99": p(inserts, 99), "insert_max": p(inserts, 100),
            "inserts": len(inserts),
            "lag_p50": p(lags, 50), "lag_p99": p(lags, 99), "lag_max": p(lags, 100),
            "gc_count": len(gcs), "gc_max": max((s for _, s, _ in gcs), default=0.0) * 1000,
            "gc_total": sum(s for _, s, _ in gcs) * 1000, "runqueue_ms_per_s": waits,
        })

    return edge


def _split(args: argparse.Namespace) -> bool:
    """Two processes (the edge, and the work process where jobs run) when this checkout can."""
    import importlib.util

    return args.layout == "two" or (args.layout == "auto" and importlib.util.find_spec("bot.background") is not None)


async def serve(args: argparse.Namespace) -> None:
    """`serve`: the service (its edge, when split). `work`: the work process beside it, where jobs run."""
    from aiohttp import web

    from bot.settings import Settings
    from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegramAPI

    fake: FakeTelegramAPI | None = None
    api_base = args.telegram_api
    if args.mode == "serve":
        fake = FakeTelegramAPI(enforce_limits=True)
        if args.photo_file_id:
            from tests.fakes.photos import noise_jpeg

            fake.add_file(args.photo_file_id, noise_jpeg())
        await fake.start()
        api_base = fake.root_url
    settings = Settings(database_url=args.database, photo_dir=args.photos, scheduler=False,
                        telegram_token=DEFAULT_TOKEN, telegram_webhook_secret=args.secret,
                        telegram_api_base=api_base, api_token=args.api_token)
    split = _split(args)
    work: Any = None
    if split:
        from bot.app import build_app
        from bot.runtime import RUNTIME, Role

        app = build_app(settings, role=Role.EDGE if args.mode == "serve" else Role.WORK)
    else:
        from bot.app import build_app

        app = build_app(settings)
    watching: list[Any] = []
    if args.mode == "serve" and split:
        work = _start_work(args, settings, app, api_base)
        app.router.add_post("/bench/job", _forward(work.port))
    else:
        app.router.add_post("/bench/job", _job_route(args, settings))
    if args.mode == "serve":
        def pids() -> dict[str, int]:
            found = {"edge": os.getpid(), "bench": os.getppid()}
            if work is not None and work.pid is not None:
                found["work"] = work.pid
            return found

        watching = _watch_edge(app, pids)
        app.router.add_get("/bench/edge", _edge_route())
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", args.port).start()
    _settle(args.mode)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    listening = None
    if args.mode == "work":
        from bot.background import listen_for_wakes

        listening = asyncio.create_task(listen_for_wakes(app[RUNTIME].pipeline.wake, stop))
    elif work is not None:
        while not work.answered:  # ready when the work process answers, as serve's /readyz
            await asyncio.sleep(0.1)
    print("ready", flush=True)
    await stop.wait()
    if work is not None:
        await asyncio.gather(runner.cleanup(), work.stop())
    else:
        await runner.cleanup()
    if listening is not None:
        listening.cancel()
    for task in watching:
        task.cancel()
    if fake is not None:
        await fake.close()


def _settle(mode: str) -> None:
    """What this checkout's `serve` does in this process once listening: from the checkout that
    has `settle_after_start_up`, every process it starts calls it; before, only the work process
    settled (`settle_garbage_collection`); before that, none did."""
    import importlib.util

    if importlib.util.find_spec("bot.background") is None:
        return
    import bot.background as background

    settle = getattr(background, "settle_after_start_up", None)
    if settle is None and mode == "work":
        settle = getattr(background, "settle_garbage_collection", None)
    if settle is not None:
        settle()


def _start_work(args: argparse.Namespace, settings: Any, app: Any, api_base: str) -> Any:
    """The work process, started and woken as `supplierbot serve` does, running this script's `work`."""
    import tempfile

    from bench.common import free_port
    from bot.background import WorkProcess
    from bot.runtime import RUNTIME

    port = free_port()

    class BenchWork(WorkProcess):
        def command(self) -> list[str]:
            return [sys.executable, str(Path(__file__).resolve()), "work", "--code", args.code, "--database",
                    args.database, "--port", str(port), "--photos", args.photos, "--secret", args.secret,
                    "--now", args.now, "--telegram-api", api_base, "--layout", "two", "--api-token", args.api_token]

        async def _until_answering(self) -> None:
            import aiohttp

            async with aiohttp.ClientSession() as http:
                while self.running:
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                            if response.status == 200:
                                self.answered = True
                                return
                    except aiohttp.ClientError:
                        pass
                    await asyncio.sleep(0.1)

    work = BenchWork(settings, Path(tempfile.mkdtemp()) / "work.sock")
    work.port = port  # type: ignore[attr-defined]
    app[RUNTIME].pipeline.on_stored = work.wake
    work.start()
    return work


def _forward(port: int) -> Any:
    from aiohttp import ClientSession, ClientTimeout, web

    async def forward(request: web.Request) -> web.Response:
        async with ClientSession(timeout=ClientTimeout(total=3600)) as http:
            async with http.post(f"http://127.0.0.1:{port}/bench/job", params=request.query) as response:
                return web.json_response(await response.json())

    return forward


def _job_route(args: argparse.Namespace, settings: Any) -> Any:
    from aiohttp import web

    from bot.intake_cli import import_file
    from bot.runtime import SERVICES
    from scheduler.jobs import JobConfig, daily_digest, escalate_overdue

    now = datetime.fromisoformat(args.now)

    class Clock:
        def now(self) -> datetime:
            return now

    async def job(request: web.Request) -> web.Response:
        """The job in a task of its own name, so its write transactions are told from the webhooks'."""
        services = request.app[SERVICES]
        name = request.query["job"]
        config = JobConfig.from_settings(settings, ladder=services.ladder)

        async def run() -> object:
            if name == "digest":
                return await daily_digest(services.database, now, config)
            if name == "escalate":
                return await escalate_overdue(services.database, now, config)
            lines: list[str] = []
            return await import_file(settings, request.query["file"], out=lines.append, clock=Clock())  # type: ignore[arg-type]

        began = time.perf_counter()
        done = await asyncio.create_task(run(), name=JOB_TASK)
        seconds = time.perf_counter() - began
        mine = [hold for start, hold, task in HOLDS if start >= began and task == JOB_TASK]
        others = [hold for start, hold, task in HOLDS if start >= began and task != JOB_TASK]
        return web.json_response({"result": done, "seconds": seconds, "longest_hold": max(mine, default=0.0),
                                  "transactions": len(mine), "longest_other_hold": max(others, default=0.0)})

    return job


async def import_rss(args: argparse.Namespace) -> None:
    from bot.intake_cli import import_file
    from bot.settings import Settings

    lines: list[str] = []
    began = time.perf_counter()
    code = await import_file(Settings(database_url=args.database, scheduler=False), args.file, out=lines.append)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"exit": code, "seconds": seconds, "peak_rss_mib": peak, "said": lines[:3],
                      "longest_hold": max((h for _, h, _ in HOLDS), default=0.0), "transactions": len(HOLDS)}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["serve", "work", "import-rss"])
    parser.add_argument("--code", required=True, help="the checkout whose code runs")
    parser.add_argument("--database", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--photos", default="/tmp/supplierbot-bench-photos")
    parser.add_argument("--secret", default="bench-secret")
    parser.add_argument("--now", default="")
    parser.add_argument("--file", default="")
    parser.add_argument("--photo-file-id", default="")
    parser.add_argument("--api-token", default="", help="signs a bench into the report pages")
    parser.add_argument("--telegram-api", default="", help="work: the fake Telegram the edge started")
    parser.add_argument("--layout", choices=["auto", "one", "two"], default="auto",
                        help="one process, or the edge and a work process (auto: two where the code has it)")
    args = parser.parse_args()
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [args.code, *(p for p in sys.path if p not in (here, args.code))]
    _watch_writers()
    asyncio.run(import_rss(args) if args.mode == "import-rss" else serve(args))


if __name__ == "__main__":
    main()
