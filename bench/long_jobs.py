"""Long jobs beside live webhooks: with N open orders loaded (every one with a late node), the
daily digest, an escalation tick (its first: one exception per late node) and a sheet import
run inside the service while Telegram webhooks arrive at a steady 50/s through the real app.
Per job: the webhooks' p50/p99 and non-200 answers while it ran, and the longest write
transaction (begin to commit on a writer engine) the process saw meanwhile.

`--quick`: 10,000 open orders, one job after another, against the baseline measured in the
same run on the same data: each checkout serves from its own process
(`bench/long_jobs_server.py --code`). Then the import's peak RSS, each checkout importing the
same big sheet in a process of its own.

The baseline is a git ref, `main` unless `SUPPLIERBOT_BENCH_BASE_REF` names another (a branch,
a tag, a commit): its tree is unpacked with `git archive` into a temporary folder for the run
and removed after it (`bench.common.base_checkout`), and its server and import run from there
with this checkout's Python and virtualenv, the tree's folder first on `sys.path`. So a run
measures exactly that commit's code, never a working copy's edits; its rows name the ref.

The full run is the issue's scenario, on SQLite and on PostgreSQL, this checkout only (set
`SUPPLIERBOT_BENCH_LONG_JOBS_MAIN=1` to measure the baseline beside it): 100,000 open orders over
1,000 suppliers; the digest, an escalation tick, a 30,000-row import and the four report pages
(/suppliers, /reports/monthly, /quality, /kpis) all started at once while webhooks arrive at
50/s; the webhooks' p99 while each ran, and each page's answer time. Then a 100,000-row import's
peak RSS. `SUPPLIERBOT_BENCH_LONG_JOBS_ENGINES=sqlite` (or `postgresql`) runs one engine only.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from sqlalchemy import insert, text

from bench import traffic
from bench.common import (
    BASE_REF,
    REPO,
    Row,
    base_checkout,
    drop_postgres,
    free_port,
    percentile,
    postgres_database,
    print_table,
    sqlite_database,
)
from bench.inbound import PHOTO_FILE_ID, Request, seed, telegram_requests
from bench.target import TELEGRAM_SECRET
from storage.db import Database
from storage.models import BindingRole, ChatBinding, Milestone, Order, Supplier

RATE = 50.0  # webhooks a second
NODES = ("material_ready", "first_process", "in_process", "final_inspection", "shipped", "received")
ZONE = ZoneInfo("Asia/Shanghai")
SERVER = Path(__file__).resolve().parent / "long_jobs_server.py"
API_TOKEN = "bench-long-jobs-token-0123456789abcdef"
JOBS = (("digest", {"job": "digest"}), ("escalation tick", {"job": "escalate"}))


def job_time() -> datetime:
    """10:00 in Shanghai on the latest weekday: past the digest's time, in working hours."""
    day = datetime.now(ZONE).date()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZONE)


def pages(today: date) -> dict[str, str]:
    """The four report pages the issue names, last month's for the monthly report."""
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return {"/suppliers": "/suppliers", "/reports/monthly": f"/reports/monthly?month={last_month}",
            "/quality": "/quality", "/kpis": "/kpis"}


async def load_orders(url: str, count: int, today: date) -> None:
    """`count` open orders over count/100 suppliers, each with a supplier group, a buyers' group for
    the first twenty and one for everyone; every order's second node is three days late."""
    database = Database(url)
    suppliers = max(10, count // 100)
    now = datetime.now(UTC)
    async with database.write() as session:
        await session.execute(insert(Supplier), [
            {"id": 1000 + s, "code": f"S{s:04d}", "name": f"供应商{s:04d}", "created_at": now, "aliases": []}
            for s in range(suppliers)])
        bindings = [{"platform": "telegram", "chat_id": str(-2000000 - s), "role": BindingRole.SUPPLIER.value,
                     "supplier_id": 1000 + s, "created_at": now} for s in range(suppliers)]
        bindings += [{"platform": "telegram", "chat_id": str(-3000000 - s), "role": BindingRole.BUYERS.value,
                      "supplier_id": 1000 + s, "created_at": now} for s in range(min(20, suppliers))]
        await session.execute(insert(ChatBinding), bindings)
    for start in range(0, count, 5000):
        orders, nodes = [], []
        for number in range(start, min(count, start + 5000)):
            release = today - timedelta(days=20)
            orders.append({
                "id": 100 + number, "po": f"LJ-{number}", "po_key": f"lj{number}", "supplier_id": 1000 + number % suppliers,
                "part_no": f"P-{number % 500}", "part_name": "", "process": "stamping", "quantity": 100, "unit": "pcs",
                "release_date": release, "due_date": today + timedelta(days=30), "priority": "normal",
                "status": "in_progress", "notes": "", "created_at": now, "updated_at": now, "created_by": "bench",
            })
            for seq, node in enumerate(NODES, start=1):
                planned = today - timedelta(days=15) if seq == 1 else today - timedelta(days=3) if seq == 2 \
                    else today + timedelta(days=5 * seq)
                done = seq == 1
                nodes.append({
                    "order_id": 100 + number, "seq": seq, "node": node, "planned_date": planned,
                    "original_planned_date": planned, "inspection": node == "final_inspection",
                    "status": "done" if done else "pending", "percent": 100.0 if done else 0.0, "qty_done": 0,
                    "updated_at": now,
                })
        async with database.write() as session:
            await session.execute(insert(Order), orders)
            await session.execute(insert(Milestone), nodes)
    if not database.is_sqlite:  # ids were given: the sequences go past them, and the planner learns the sizes
        async with database.write() as session:
            for table in ("suppliers", "chat_bindings", "orders", "milestones"):
                await session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                           f"(SELECT max(id) FROM {table}))"))
            await session.execute(text("ANALYZE"))
    await database.dispose()


def write_sheet(path: Path, rows: int, suppliers: int, today: date, prefix: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["PO号", "供应商", "物料编码", "品名", "工艺", "数量", "交期", "备注"])
        for number in range(rows):
            writer.writerow([f"{prefix}-{number}", f"S{number % suppliers:04d}", f"BRK-{number % 700}", "支架",
                             "stamping", 100 + number % 900, (today + timedelta(days=40 + number % 30)).isoformat(),
                             "bench"])
    return path


def python_of(code: Path) -> str:
    own = code / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


class Server:
    """One checkout's service in its own process."""

    def __init__(self, code: Path, url: str, now: datetime, folder: Path) -> None:
        self.code, self.url, self.now, self.folder = code, url, now, folder
        self.port = free_port()

    async def __aenter__(self) -> Server:
        self.log = (self.folder / f"server-{self.port}.log").open("wb")
        self.process = subprocess.Popen(
            [python_of(self.code), str(SERVER), "serve", "--code", str(self.code), "--database", self.url,
             "--port", str(self.port), "--photos", str(self.folder / "photos"), "--secret", TELEGRAM_SECRET,
             "--now", self.now.isoformat(), "--photo-file-id", PHOTO_FILE_ID, "--api-token", API_TOKEN],
            cwd=self.code, stdout=subprocess.PIPE, stderr=self.log,
            env={**os.environ, "SUPPLIERBOT_SCHEDULER": "false"},
        )
        assert self.process.stdout is not None
        line = await asyncio.to_thread(self.process.stdout.readline)
        if b"ready" not in line:
            raise RuntimeError(f"server did not start: {(self.folder / f'server-{self.port}.log').read_text()[-2000:]}")
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Stream:
    """Webhooks at a steady rate, each answer timed, until stopped."""

    def __init__(self, port: int, requests: list[Request]) -> None:
        self.port, self.requests = port, requests
        self.answers: list[tuple[float, float, int]] = []  # (sent at, seconds, status)
        self.lags: list[tuple[float, float]] = []  # (at, seconds late) of a 10 ms sleep on the bench's own loop
        self._stop = asyncio.Event()

    async def _lag(self) -> None:
        while not self._stop.is_set():
            began = time.perf_counter()
            await asyncio.sleep(0.01)
            self.lags.append((began, time.perf_counter() - began - 0.01))

    async def run(self) -> None:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                         timeout=aiohttp.ClientTimeout(total=120)) as http:
            async def one(request: Request) -> None:
                path, query, headers, body = request
                sent = time.perf_counter()
                try:
                    async with http.post(f"http://127.0.0.1:{self.port}{path}", params=query, headers=headers,
                                         data=body) as response:
                        await response.read()
                        status = response.status
                except (aiohttp.ClientError, TimeoutError):
                    status = 0
                self.answers.append((sent, time.perf_counter() - sent, status))

            tasks = [asyncio.create_task(self._lag())]
            begin = time.perf_counter()
            for index, request in enumerate(self.requests):
                if self._stop.is_set():
                    break
                delay = begin + index / RATE - time.perf_counter()
                if delay > 0:
                    try:
                        await asyncio.wait_for(self._stop.wait(), delay)
                        break
                    except TimeoutError:
                        pass
                tasks.append(asyncio.create_task(one(request)))
            await asyncio.gather(*tasks)

    def stop(self) -> None:
        self._stop.set()

    def window(self, start: float, end: float) -> dict[str, float]:
        mine = [(seconds, status) for sent, seconds, status in self.answers if start <= sent <= end]
        latencies = [seconds for seconds, _ in mine]
        lags = [late for at, late in self.lags if start <= at <= end]
        return {"p50": percentile(latencies, 50) * 1000, "p99": percentile(latencies, 99) * 1000,
                "worst": max(latencies, default=float("nan")) * 1000, "count": len(mine),
                "failed": sum(status != 200 for _, status in mine), "bench_lag_p99": percentile(lags, 99) * 1000}


async def edge_figures(http: aiohttp.ClientSession, port: int, window: tuple[float, float]) -> dict[str, Any]:
    """Where the edge's time went in `window` (see `long_jobs_server`)."""
    async with http.get(f"http://127.0.0.1:{port}/bench/edge",
                        params={"since": str(window[0]), "until": str(window[1])}) as response:
        return dict(await response.json())


def _edge_line(result: dict[str, Any]) -> str:
    edge = result.get("edge") or {}
    if not edge:
        return ""
    waits = ", ".join(f"{name} {ms:.0f}" for name, ms in sorted(edge["runqueue_ms_per_s"].items()))
    return (f"edge: handler p99 {edge['handler_p99']:.0f} ms (max {edge['handler_max']:.0f}), inbox commit p99 "
            f"{edge['insert_p99']:.0f} ms (max {edge.get('insert_max', float('nan')):.0f}), loop lag p99 {edge['lag_p99']:.0f} ms (max {edge['lag_max']:.0f}), "
            f"GC {edge['gc_count']}× max {edge['gc_max']:.0f} ms; bench loop lag p99 {result['bench_lag_p99']:.0f} ms; "
            f"waiting for a CPU, ms/s: {waits}")


async def measure(code: Path, orders: int, import_rows: int, folder: Path) -> dict[str, dict[str, Any]]:
    """One job after another, each in a window of its own (the quick run, beside the baseline's)."""
    now = job_time()
    url = await sqlite_database(folder / code.name)
    await seed(url)
    await load_orders(url, orders, now.date())
    sheet = write_sheet(folder / f"import-{code.name}.csv", import_rows, max(10, orders // 100), now.date(), "IM")
    results: dict[str, dict[str, Any]] = {}
    windows: dict[str, tuple[float, float]] = {}
    async with Server(code, url, now, folder / code.name) as server:
        stream = Stream(server.port, telegram_requests(int(RATE * 3600), 1))
        streaming = asyncio.create_task(stream.run())
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3600)) as http:
            await asyncio.sleep(3)
            began = time.perf_counter()
            await asyncio.sleep(5)
            windows["idle"] = (began, time.perf_counter())
            results["idle"] = {}
            for job, query in (*JOBS, ("import", {"job": "import", "file": str(sheet)})):
                began = time.perf_counter()
                async with http.post(f"http://127.0.0.1:{server.port}/bench/job", params=query) as response:
                    results[job] = await response.json()
                windows[job] = (began, time.perf_counter())
                await asyncio.sleep(3)
        stream.stop()
        await streaming  # every answer in, the slow ones too, before the windows are read
        await _with_edge(server.port, windows, results)
    for job, (start, end) in windows.items():
        results[job].update(stream.window(start, end))
    return results


async def _with_edge(port: int, windows: dict[str, tuple[float, float]], results: dict[str, dict[str, Any]]) -> None:
    """The edge's own figures for each window, where the checkout's server gives them (a baseline
    from before the edge counted them does not)."""
    async with aiohttp.ClientSession() as http:
        for name, window in windows.items():
            try:
                results[name]["edge"] = await edge_figures(http, port, window)
            except (aiohttp.ClientError, aiohttp.ContentTypeError, KeyError):
                results[name]["edge"] = {}


async def fetch_page(http: aiohttp.ClientSession, port: int, path: str) -> dict[str, Any]:
    began = time.perf_counter()
    async with http.get(f"http://127.0.0.1:{port}{path}", allow_redirects=False) as response:
        await response.read()
        return {"status": response.status, "seconds": time.perf_counter() - began}


async def measure_together(code: Path, url: str, orders: int, import_rows: int, folder: Path) -> dict[str, dict[str, Any]]:
    """The issue's scenario: every long job and the four report pages started at once, webhooks
    measured while each runs (windows overlap), and over the whole time anything ran."""
    now = job_time()
    await seed(url)
    await load_orders(url, orders, now.date())
    sheet = write_sheet(folder / f"import-{code.name}.csv", import_rows, max(10, orders // 100), now.date(), "IM")
    results: dict[str, dict[str, Any]] = {}
    windows: dict[str, tuple[float, float]] = {}
    async with Server(code, url, now, folder / code.name) as server:
        stream = Stream(server.port, telegram_requests(int(RATE * 3600), 1))
        streaming = asyncio.create_task(stream.run())
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3600),
                                         cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            base = f"http://127.0.0.1:{server.port}"
            async with http.post(f"{base}/login", data={"token": API_TOKEN, "next": "/board"},
                                 allow_redirects=False, headers={"Origin": base}) as response:
                if response.status != 303:
                    raise RuntimeError(f"sign-in answered {response.status}")
            await asyncio.sleep(3)
            began = time.perf_counter()
            await asyncio.sleep(5)
            windows["idle"] = (began, time.perf_counter())
            results["idle"] = {}

            async def job(name: str, query: dict[str, str]) -> None:
                began = time.perf_counter()
                async with http.post(f"{base}/bench/job", params=query) as response:
                    results[name] = await response.json()
                windows[name] = (began, time.perf_counter())

            async def page(path: str) -> None:
                began = time.perf_counter()
                results[path] = await fetch_page(http, server.port, path)
                windows[path] = (began, time.perf_counter())

            start = time.perf_counter()
            await asyncio.gather(*(job(name, query) for name, query in JOBS),
                                 job("import", {"job": "import", "file": str(sheet)}),
                                 *(page(path) for path in pages(now.date()).values()))
            windows["all at once"] = (start, time.perf_counter())
            results["all at once"] = {"seconds": time.perf_counter() - start}
            await asyncio.sleep(3)
        stream.stop()
        await streaming
        await _with_edge(server.port, windows, results)
    for name, (begin, end) in windows.items():
        results[name].update(stream.window(begin, end))
    return results


def import_rss(code: Path, url: str, sheet: Path) -> dict[str, Any]:
    done = subprocess.run(
        [python_of(code), str(SERVER), "import-rss", "--code", str(code), "--database", url, "--file", str(sheet)],
        cwd=code, capture_output=True, text=True, env={**os.environ, "SUPPLIERBOT_SCHEDULER": "false"}, check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"import-rss failed: {done.stderr[-2000:]}")
    return dict(json.loads(lines[-1]))


def _figure(result: dict[str, Any]) -> str:
    return (f"webhooks p50 {result['p50']:,.0f} ms, p99 {result['p99']:,.0f} ms, {result['failed']} non-200; "
            f"job's longest write txn {result['longest_hold']:.2f} s (others' {result['longest_other_hold']:.2f} s); "
            f"job {result['seconds']:.1f} s")


def _engines() -> list[str]:
    chosen = os.environ.get("SUPPLIERBOT_BENCH_LONG_JOBS_ENGINES", "sqlite,postgresql")
    return [engine.strip() for engine in chosen.split(",") if engine.strip()]


async def run(quick: bool) -> list[Row]:
    rows: list[Row] = []
    print(f"long jobs' webhooks: the inbound bench's Telegram mix; {traffic.describe(traffic.chosen())}", flush=True)
    with_base = quick or bool(os.environ.get("SUPPLIERBOT_BENCH_LONG_JOBS_MAIN"))
    with tempfile.TemporaryDirectory() as tmp, base_checkout() if with_base else nullcontext() as base:
        folder = Path(tmp)
        if quick and base is not None:
            rows += await _one_after_another(folder, base, 10_000, 5_000)
        else:
            if base is not None:
                rows += await _one_after_another(folder, base, 30_000, 30_000)
            for engine in _engines():
                measured = await _all_at_once(folder, engine, 100_000, 30_000)
                print_table(measured)  # each engine's figures as soon as they are in: a full run is long
                rows += measured
        rows += await _rss(folder, 20_000 if quick else 100_000, base if quick else None)
    return rows


async def _all_at_once(folder: Path, engine: str, orders: int, import_rows: int) -> list[Row]:
    """The issue's scenario on one engine, this checkout."""
    (folder / REPO.name).mkdir(exist_ok=True)
    label = "SQLite" if engine == "sqlite" else "PostgreSQL"
    name = ""
    if engine == "sqlite":
        url = await sqlite_database(folder / REPO.name)
    else:
        made = await postgres_database()
        if made is None:
            return [Row(f"long jobs at once ({label})", "skipped: no PostgreSQL", "—", "—")]
        url, name = made
    try:
        result = await measure_together(REPO, url, orders, import_rows, folder)
    finally:
        if name:
            await drop_postgres(name)
    size = f"{orders:,} open orders, {max(10, orders // 100):,} suppliers"
    idle = result["idle"]
    rows = [Row(f"long jobs at once ({label}): idle webhooks at {RATE:.0f}/s",
                f"p50 {idle['p50']:.0f} ms, p99 {idle['p99']:.0f} ms, {idle['failed']} non-200", "—", "—",
                f"{size}; {_edge_line(idle)}")]
    for job, what in (("digest", size), ("escalation tick", size), ("import", f"{import_rows:,} rows")):
        figure = result[job]
        rows.append(Row(f"long jobs at once ({label}): webhooks while the {job} ran ({what})", _figure(figure),
                        "—", "—", f"goal webhook p99 < 100 ms; {_edge_line(figure)}"))
    for path in pages(job_time().date()).values():
        figure = result[path]
        rows.append(Row(f"long jobs at once ({label}): webhooks while {path.split('?')[0]} rendered",
                        f"page {figure['seconds']:.2f} s (HTTP {figure['status']}); webhooks p50 {figure['p50']:,.0f} ms, "
                        f"p99 {figure['p99']:,.0f} ms, {figure['failed']} non-200", "—", "—",
                        "goal page < 2 s, webhook p99 < 100 ms"))
    every = result["all at once"]
    rows.append(Row(f"long jobs at once ({label}): webhooks while any ran",
                    f"p50 {every['p50']:,.0f} ms, p99 {every['p99']:,.0f} ms, worst {every['worst']:,.0f} ms, "
                    f"{every['failed']} non-200 of {every['count']}", "—", "—",
                    f"all done in {every['seconds']:.1f} s; goal p99 < 100 ms; {_edge_line(every)}"))
    return rows


async def _one_after_another(folder: Path, base: Path, orders: int, import_rows: int) -> list[Row]:
    """Each job in turn, in the baseline's service (`base`, the tree of `BASE_REF`) and then in this checkout's."""
    rows: list[Row] = []
    measured: dict[str, dict[str, dict[str, Any]]] = {}
    for name, code in ((BASE_REF, base), ("this branch", REPO)):
        (folder / code.name).mkdir(exist_ok=True)
        measured[name] = await measure(code, orders, import_rows, folder)
    before, after = measured[BASE_REF], measured["this branch"]
    rows.append(Row(f"long jobs: idle webhooks at {RATE:.0f}/s (SQLite)",
                    f"p50 {after['idle']['p50']:.0f} ms, p99 {after['idle']['p99']:.0f} ms",
                    f"{BASE_REF} p50 {before['idle']['p50']:.0f} ms, p99 {before['idle']['p99']:.0f} ms", "—",
                    f"{orders:,} open orders loaded; {_edge_line(after['idle'])}"))
    for job in ("digest", "escalation tick", "import"):
        size = f"{import_rows:,} rows" if job == "import" else f"{orders:,} open orders"
        a, b = after[job], before[job]
        rows.append(Row(
            f"long jobs: {job}, {size}, webhooks at {RATE:.0f}/s (SQLite)", _figure(a), f"{BASE_REF}: " + _figure(b),
            f"p99 {a['p99'] / b['p99']:.2f}×, longest txn {a['longest_hold'] / max(b['longest_hold'], 1e-9):.2f}×",
            f"{a['transactions']} vs {b['transactions']} write txns; goal webhook p99 < 100 ms; {_edge_line(a)}",
        ))
    return rows


async def _rss(folder: Path, rss_rows: int, base: Path | None) -> list[Row]:
    """The import's peak RSS in this checkout, and in the baseline's tree (`base`) when given."""
    today = job_time().date()
    measured: dict[str, dict[str, Any]] = {}
    for name, code in ((BASE_REF, base), ("this branch", REPO)) if base is not None else (("this branch", REPO),):
        (folder / code.name).mkdir(exist_ok=True)
        url = await sqlite_database(folder / code.name)
        await load_orders(url, 0, today)
        sheet = write_sheet(folder / f"rss-{code.name}.csv", rss_rows, 10, today, "RSS")
        measured[name] = await asyncio.to_thread(import_rss, code, url, sheet)
    a = measured["this branch"]
    b = measured.get(BASE_REF)
    return [Row(
        f"import of {rss_rows:,} rows: peak RSS (SQLite, own process)",
        f"{a['peak_rss_mib']:,.0f} MiB in {a['seconds']:.0f} s; longest write txn {a['longest_hold']:.2f} s",
        f"{BASE_REF} {b['peak_rss_mib']:,.0f} MiB in {b['seconds']:.0f} s; longest write txn {b['longest_hold']:.2f} s"
        if b else "—",
        f"{a['peak_rss_mib'] / b['peak_rss_mib']:.2f}×" if b else "—", "goal < 300 MB at 100,000 rows",
    )]
