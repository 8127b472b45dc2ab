"""Why four report pages at once take longer than one: each page's answer time, alone and four at
once, beside what every process of the service did meanwhile (CPU used, time spent waiting for a
CPU, from `/proc/PID/schedstat`), by process: the edge, its work process, each render process.

    python -m bench.pages_at_once [--engine sqlite|postgresql] [--orders 10000] [--rounds 3]
        [--rate 20] [--work-process] [--keep FILE]

The dataset is `bench.load`'s (half the open orders with one supplier). `--keep FILE` (SQLite)
seeds FILE once and reuses it on the next run. `--rate` sends progress reports as webhooks while
the pages run, as `bench.load` does. A first request of each kind is shown apart ("cold"): it
includes starting render processes.

Pages are served from kept figures (`bot.web.page_cache`): the first request of each page computes
it ("alone cold"; since stop 43 the default views are computed ahead once the service is ready, so
`--settle` seconds after it they are kept, and the settle's line shows what that cost each process;
`SUPPLIERBOT_REPORT_WARM=false` to compute on first request), the next ones are kept ("alone warm", the rounds) until
`SUPPLIERBOT_REPORT_MAX_AGE_SECONDS` (60 s) has passed, then served kept while one refresh runs in
the background. To time computation on every request, as before the cache, run with
`SUPPLIERBOT_REPORT_MAX_AGE_SECONDS=0`; to have every round refresh in the background (the
webhooks beside the refreshes), with `SUPPLIERBOT_REPORT_MAX_AGE_SECONDS=1`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from bench.common import TargetProcess, drop_postgres, percentile, postgres_database, sqlite_database
from bench.inbound import open_loop
from bench.load import Size, _pages, fetch_page, seed, sign_in, webhooks


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def processes(root: int) -> dict[str, int]:
    """The service's processes by role: edge, work, render-N (spawned by multiprocessing)."""
    named = {"edge": root}
    todo = _children(root)
    render = 0
    while todo:
        pid = todo.pop()
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "multiprocessing" in cmdline and "resource_tracker" not in cmdline:
            render += 1
            named[f"render-{pid}"] = pid
        elif "supplierbot" in cmdline or "bot" in cmdline:
            named[f"work-{pid}"] = pid
        todo += _children(pid)
    return named


def schedstat(pid: int) -> tuple[float, float]:
    """(seconds on a CPU, seconds waiting for one) so far, over all the process's threads (a
    SQLite query runs on aiosqlite's thread, not the event loop's)."""
    ran = waited = 0
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return (0.0, 0.0)
    for task in tasks:
        try:
            one, two, _ = (task / "schedstat").read_text().split()
        except (OSError, ValueError):
            continue
        ran, waited = ran + int(one), waited + int(two)
    return ran / 1e9, waited / 1e9


def snapshot(root: int) -> dict[str, tuple[float, float]]:
    return {name: schedstat(pid) for name, pid in processes(root).items()}


def spent(before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]) -> str:
    parts = []
    for name, (ran, waited) in sorted(after.items()):
        ran0, waited0 = before.get(name, (0.0, 0.0))
        parts.append(f"{name} cpu {ran - ran0:.2f} s wait {waited - waited0:.2f} s")
    return "; ".join(parts)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", type=float, default=0.0)
    parser.add_argument("--work-process", action="store_true")
    parser.add_argument("--keep", default="")
    parser.add_argument("--at-once-first", action="store_true",
                        help="no page alone first: the first four arrive at once (issue 20's scenario)")
    parser.add_argument("--idle", type=float, default=0.0,
                        help="seconds of webhooks at --rate with no page running, before the rounds (the baseline)")
    parser.add_argument("--settle", type=float, default=0.0, help="seconds between ready and the first page")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pages-at-once-"))
    size = Size(args.orders, max(11, args.orders // 100))
    name = ""
    if args.engine == "sqlite":
        kept = Path(args.keep) if args.keep else None
        if kept is not None and kept.exists():
            url = f"sqlite+aiosqlite:///{kept}"
        else:
            url = await sqlite_database(folder)
            began = time.perf_counter()
            await seed(url, size)
            print(f"seeded {size.label} in {time.perf_counter() - began:.0f} s", flush=True)
            if kept is not None:
                shutil.copy(url.removeprefix("sqlite+aiosqlite:///"), kept)
                url = f"sqlite+aiosqlite:///{kept}"
    else:
        made = await postgres_database()
        assert made is not None, "no PostgreSQL"
        url, name = made
        began = time.perf_counter()
        await seed(url, size)
        print(f"seeded {size.label} in {time.perf_counter() - began:.0f} s", flush=True)
    token = secrets.token_urlsafe(32)
    pages = _pages(datetime.now(UTC).date())
    extra = ["--work-process"] if args.work_process else []
    try:
        async with TargetProcess("--kind", "telegram", "--photos", str(folder / "photos"), f"--api-token={token}",
                                 "--no-scheduler", "--database", url, *extra) as target:
            assert target.process is not None
            root = target.process.pid
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                             timeout=aiohttp.ClientTimeout(total=600)) as http:
                await sign_in(http, target.port, token)
                print(f"load {os.getloadavg()[0]:.2f}", flush=True)
                if args.settle:  # what the service does meanwhile: since stop 43, warming its report pages
                    before = snapshot(root)
                    await asyncio.sleep(args.settle)
                    print(f"settled {args.settle:.0f} s after ready | {spent(before, snapshot(root))}", flush=True)
                for label in ("cold", "warm") if not args.at_once_first else ():
                    for page, path in pages.items():
                        before = snapshot(root)
                        seconds = await fetch_page(http, target.port, path)
                        print(f"alone {label} {page}: {seconds:.2f} s | {spent(before, snapshot(root))}", flush=True)
                if args.rate and args.idle:
                    print(f"idle webhooks from monotonic {time.monotonic():.3f}", flush=True)
                    latencies, failed = await open_loop(target.port, webhooks(int(args.rate * args.idle), 500_000),
                                                        args.rate)
                    print(f"webhooks at {args.rate:.0f}/s, no page running: p50 "
                          f"{percentile(latencies, 50) * 1000:.0f} ms, p99 {percentile(latencies, 99) * 1000:.0f} ms, "
                          f"{failed} non-200 of {len(latencies)}; load {os.getloadavg()[0]:.2f}; "
                          f"until monotonic {time.monotonic():.3f}", flush=True)
                stream = None
                if args.rate:  # enough webhooks for the rounds (each a few seconds at most)
                    stream = asyncio.create_task(open_loop(target.port, webhooks(int(args.rate * 4 * args.rounds), 1),
                                                           args.rate))
                print(f"rounds from monotonic {time.monotonic():.3f}", flush=True)
                for round_ in range(args.rounds):
                    before = snapshot(root)
                    began = time.perf_counter()

                    async def one(path: str) -> float:
                        return await fetch_page(http, target.port, path)

                    times = await asyncio.gather(*(one(path) for path in pages.values()))
                    wall = time.perf_counter() - began
                    shown = ", ".join(f"{page} {t:.2f}" for page, t in zip(pages, times, strict=True))
                    print(f"four at once, round {round_ + 1} ({wall:.2f} s, load {os.getloadavg()[0]:.2f}): {shown} "
                          f"| {spent(before, snapshot(root))}", flush=True)
                if stream is not None:
                    latencies, failed = await stream
                    print(f"webhooks at {args.rate:.0f}/s meanwhile: p50 {percentile(latencies, 50) * 1000:.0f} ms, "
                          f"p99 {percentile(latencies, 99) * 1000:.0f} ms, {failed} non-200 of {len(latencies)}; "
                          f"load {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        if name:
            await drop_postgres(name)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
