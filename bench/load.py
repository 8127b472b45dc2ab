"""Load: report pages and chat lists on a large dataset, and what they do to webhooks.

A dataset the size of a large factory's (full: 100,000 open orders and 1,000 suppliers;
`--quick`: 10,000 and 100), loaded with Core bulk inserts, half of the open orders with one
supplier (whose chat asks `/orders`). The service runs in its own process (bench.target,
scheduler off, so only this traffic is measured). Measured in the same run:

- each report page alone (suppliers, monthly report, quality, KPIs), beside the same page
  on a small dataset (10 suppliers, 100 orders);
- webhooks at a steady rate (progress reports, and `/orders` of the big supplier every 25th)
  while four report pages are requested at once, again and again, beside the same webhooks
  on the same data with no pages running;
- the big supplier's `/orders`: from its webhook to its processed reply, beside a progress
  report's.

Goal (issue 20): webhook p99 < 100 ms while the pages run; each page < 2 s.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import func, insert, select, text

from bench.common import Row, TargetProcess, drop_postgres, percentile, postgres_database, sqlite_database
from bench.inbound import Request, open_loop
from bench.target import TELEGRAM_SECRET
from storage.db import Database
from storage.models import (
    BindingRole,
    ChatBinding,
    ExceptionTicket,
    InboxMessage,
    InboxState,
    Inspection,
    Lot,
    Milestone,
    MilestoneChange,
    Order,
    Prompt,
    Supplier,
)

GROUP_ID = -1009876543
NODES = ("material_ready", "first_process", "in_process", "final_inspection", "shipped", "received")
REASONS = ("停电", "钢材没到", "模具坏了", "等料", "缺人", "外协延误", "设备保养", "客户改图")
ORDERS_EVERY = 25  # one `/orders` of the big supplier among this many webhooks
CHUNK = 5000


@dataclass(frozen=True)
class Size:
    open_orders: int
    suppliers: int

    @property
    def label(self) -> str:
        return f"{self.suppliers:,} suppliers, {self.open_orders:,} open orders"


def _pages(today: date) -> dict[str, str]:
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return {"/suppliers": "/suppliers", "/reports/monthly": f"/reports/monthly?month={last_month}",
            "/quality": "/quality", "/kpis": "/kpis"}


# --- the dataset ----------------------------------------------------------------------------

async def seed(url: str, size: Size) -> int:
    """Suppliers, open orders (half with supplier 1) with six nodes each, a tenth more accepted
    in the last 90 days, and the period's inspections, lots, exceptions, prompts and planned-date
    moves. Returns the big supplier's open-order count."""
    db = Database(url)
    now = datetime.now(UTC)
    today = now.date()
    big = size.open_orders // 2
    async with db.write() as session:
        await session.execute(insert(Supplier), [
            {"id": i, "code": f"S{i:04d}", "name": f"供应商{i:04d}", "created_at": now}
            for i in range(1, size.suppliers + 1)])
        session.add(ChatBinding(platform="telegram", chat_id=str(GROUP_ID), role=BindingRole.SUPPLIER.value,
                                supplier_id=1, created_at=now))
    total = size.open_orders + size.open_orders // 10
    for start in range(1, total + 1, CHUNK):
        orders, nodes, changes, inspections, lots, tickets = [], [], [], [], [], []
        for oid in range(start, min(total + 1, start + CHUNK)):
            is_open = oid <= size.open_orders
            supplier = 1 if oid <= big else 2 + oid % (size.suppliers - 1)
            release = today - timedelta(days=10 + oid % 110)
            due = release + timedelta(days=30 + oid % 31)
            accepted = None if is_open else datetime.combine(due - timedelta(days=oid % 5 - 2),
                                                             datetime.min.time(), UTC) + timedelta(hours=3)
            if accepted is not None and accepted > now:
                accepted = now - timedelta(hours=oid % 48 + 1)
            orders.append({"id": oid, "po": f"PO-{oid}", "po_key": str(oid), "supplier_id": supplier,
                           "part_no": f"P-{oid % 300}", "process": "stamping", "quantity": 1000,
                           "release_date": release, "due_date": due,
                           "status": "in_progress" if is_open else "accepted", "accepted_at": accepted,
                           "created_at": now, "updated_at": now})
            for seq, node in enumerate(NODES):
                mid = (oid - 1) * len(NODES) + seq + 1
                planned = release + timedelta(days=5 * (seq + 1))
                done = (not is_open) or (planned < today and (oid + seq) % 9 != 0)
                late = (oid + seq) % 4 == 0
                nodes.append({"id": mid, "order_id": oid, "seq": seq, "node": node, "planned_date": planned,
                              "original_planned_date": planned - timedelta(days=2 if (oid + seq) % 13 == 0 else 0),
                              "inspection": node == "final_inspection", "status": "done" if done else "pending",
                              "percent": 100.0 if done else 0.0, "qty_done": 0,
                              "done_at": datetime.combine(planned + timedelta(days=1 if late else 0),
                                                          datetime.min.time(), UTC) + timedelta(hours=2)
                              if done else None, "updated_at": now})
                if (oid + seq) % 13 == 0:
                    changes.append({"milestone_id": mid, "at": now - timedelta(days=oid % 80, hours=seq),
                                    "actor": "王工", "field": "planned_date", "reason": REASONS[oid % len(REASONS)],
                                    "source": "chat"})
            if oid % 3 == 0:
                inspections.append({"order_id": oid, "inspected_at": now - timedelta(days=oid % 85, hours=1),
                                    "inspector": "QC", "first_inspection": True,
                                    "verdict": "fail" if oid % 11 == 0 else "pass", "qty_inspected": 50,
                                    "qty_accepted": 45 if oid % 11 == 0 else 50})
            if oid % 5 == 0:
                lots.append({"order_id": oid, "lot_no": "L1", "qty": 500, "shipped_at": now - timedelta(days=oid % 85),
                             "qty_accepted": 480, "qty_rejected": 20, "qty_reworked": oid % 7,
                             "qty_scrapped": oid % 3})
            if oid % 20 == 0:
                opened = now - timedelta(days=oid % 80, hours=5)
                tickets.append({"order_id": oid, "kind": "delay", "title": f"PO-{oid} 延期", "opened_at": opened,
                                "opened_by": "王工", "level": 1,
                                "acknowledged_at": opened + timedelta(minutes=oid % 600) if oid % 3 else None})
        async with db.write() as session:
            for model, rows in ((Order, orders), (Milestone, nodes), (MilestoneChange, changes),
                                (Inspection, inspections), (Lot, lots), (ExceptionTicket, tickets)):
                if rows:
                    await session.execute(insert(model), rows)
    prompts = []
    for supplier in range(1, size.suppliers + 1):
        for day in range(30):
            sent = now - timedelta(days=day, hours=2)
            prompts.append({"schedule_key": f"{supplier}:{day}", "supplier_id": supplier, "order_ids": [],
                            "sent_at": sent, "reply_by": sent + timedelta(hours=4),
                            "answered_at": sent + timedelta(hours=(supplier + day) % 6)
                            if (supplier + day) % 4 else None})
    async with db.write() as session:
        for start in range(0, len(prompts), CHUNK):
            await session.execute(insert(Prompt), prompts[start:start + CHUNK])
    if not db.is_sqlite:
        async with db.write() as session:
            for table in ("suppliers", "orders", "milestones"):
                await session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                           f"(SELECT max(id) FROM {table}))"))
            await session.execute(text("ANALYZE"))
    await db.dispose()
    return big


# --- the traffic ----------------------------------------------------------------------------

def webhooks(count: int, first_id: int, *, orders_every: int = ORDERS_EVERY) -> list[Request]:
    """Progress reports from the big supplier's group; every `orders_every`-th asks `/orders`."""
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    chat = {"id": GROUP_ID, "type": "supergroup", "title": "供应商0001 外协群"}
    sender = {"id": 4242, "is_bot": False, "first_name": "王工"}
    out: list[Request] = []
    for i in range(count):
        words = "/orders" if orders_every and i % orders_every == orders_every - 1 else \
            f"PO-{1 + (i * 37) % 997} 完成{i % 99 + 1}%"
        update = {"update_id": first_id + i,
                  "message": {"message_id": first_id + i, "date": int(time.time()), "chat": chat, "from": sender,
                              "text": words}}
        out.append(("/webhooks/telegram", {}, headers, json.dumps(update, ensure_ascii=False).encode()))
    return out


async def sign_in(http: aiohttp.ClientSession, port: int, token: str) -> None:
    base = f"http://127.0.0.1:{port}"
    async with http.post(f"{base}/login", data={"token": token, "next": "/board"}, allow_redirects=False,
                         headers={"Origin": base}) as response:
        if response.status != 303:
            raise RuntimeError(f"sign-in answered {response.status}")


async def fetch_page(http: aiohttp.ClientSession, port: int, path: str) -> float:
    started = time.perf_counter()
    async with http.get(f"http://127.0.0.1:{port}{path}", allow_redirects=False) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
    return time.perf_counter() - started


async def page_times(port: int, token: str, pages: dict[str, str], rounds: int = 2) -> dict[str, tuple[float, float]]:
    """Each page alone: its first request (the figures computed: `bot.web.page_cache` keeps them
    after) and the best of the next `rounds - 1` (kept figures, within their max age)."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        await sign_in(http, port, token)
        times = {name: [await fetch_page(http, port, path) for _ in range(rounds)] for name, path in pages.items()}
    return {name: (spent[0], min(spent[1:] or spent)) for name, spent in times.items()}


async def processed(db: Database) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(InboxMessage)
                                        .where(InboxMessage.state != InboxState.PENDING.value)) or 0)


async def one_message_seconds(port: int, db: Database, words: str, update_id: int) -> float:
    """From posting one update to its being processed (replies written), polled every 10 ms."""
    (request,) = webhooks(1, update_id, orders_every=0)
    path, _, headers, _ = request
    body = json.loads(request[3])
    body["message"]["text"] = words
    before = await processed(db)
    started = time.perf_counter()
    async with aiohttp.ClientSession() as http, http.post(f"http://127.0.0.1:{port}{path}", headers=headers,
                                                          data=json.dumps(body, ensure_ascii=False)) as response:
        await response.read()
    while await processed(db) <= before:
        if time.perf_counter() - started > 120:
            return float("nan")
        await asyncio.sleep(0.01)
    return time.perf_counter() - started


async def under_load(port: int, token: str, pages: dict[str, str], rate: float, seconds: float,
                     first_id: int) -> tuple[list[float], int, dict[str, list[float]]]:
    """Webhooks at `rate` for `seconds` while four pages are requested at once, over and over."""
    done = asyncio.Event()
    times: dict[str, list[float]] = {name: [] for name in pages}

    async def pages_loop() -> None:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                         timeout=aiohttp.ClientTimeout(total=600)) as http:
            await sign_in(http, port, token)
            while not done.is_set():
                spent = await asyncio.gather(*(fetch_page(http, port, path) for path in pages.values()))
                for name, value in zip(pages, spent, strict=True):
                    times[name].append(value)

    reporter = asyncio.create_task(pages_loop())
    await asyncio.sleep(0.2)  # the pages are running before the first webhook
    latencies, failures = await open_loop(port, webhooks(int(rate * seconds), first_id), rate)
    done.set()
    await reporter
    return latencies, failures, times


# --- the run --------------------------------------------------------------------------------

async def measure(engine: str, url: str, small_url: str, size: Size, rate: float, seconds: float,
                  folder: Path) -> list[Row]:
    token = secrets.token_urlsafe(32)
    args = ["--kind", "telegram", "--photos", str(folder / "photos"), f"--api-token={token}", "--no-scheduler"]
    pages = _pages(datetime.now(UTC).date())
    async with TargetProcess(*args, "--database", small_url) as small:
        baseline_pages = await page_times(small.port, token, pages)
    loading = time.perf_counter()
    big = await seed(url, size)
    loaded = time.perf_counter() - loading
    db = Database(url)
    try:
        async with TargetProcess(*args, "--database", url) as target:
            alone = await page_times(target.port, token, pages)
            idle, idle_failures = await open_loop(target.port, webhooks(int(rate * seconds), 1, orders_every=0), rate)
            await _drain(db)
            progress_s = statistics.median([await one_message_seconds(target.port, db, "PO-7 完成50%", 900_000 + i)
                                            for i in range(3)])
            orders_s = statistics.median([await one_message_seconds(target.port, db, "/orders", 910_000 + i)
                                          for i in range(3)])
            loaded_latencies, failures, busy = await under_load(target.port, token, pages, rate, seconds, 100_000)
            await _drain(db)
    finally:
        await db.dispose()
    p50, p99 = percentile(loaded_latencies, 50) * 1000, percentile(loaded_latencies, 99) * 1000
    idle50, idle99 = percentile(idle, 50) * 1000, percentile(idle, 99) * 1000
    rows = [Row(
        f"load: webhooks while 4 report pages run → {engine}",
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms at {rate:.0f}/s ({len(loaded_latencies)} updates, "
        f"/orders every {ORDERS_EVERY}th)",
        f"no pages: p50 {idle50:.1f} ms, p99 {idle99:.1f} ms",
        f"p99 {p99 / idle99:.2f}×",
        f"{size.label} (loaded in {loaded:.0f} s); non-200: {failures + idle_failures}; goal p99 < 100 ms",
    ), Row(
        f"load: chat /orders, one supplier with {big:,} open orders → {engine}",
        f"{orders_s * 1000:.0f} ms webhook → processed",
        f"a progress report: {progress_s * 1000:.0f} ms",
        f"{orders_s / progress_s:.2f}×",
        "a page of 15 with the count of the rest",
    )]
    for name in pages:
        worst = max(busy[name]) if busy[name] else float("nan")
        first, kept = alone[name]
        rows.append(Row(
            f"load: page {name} → {engine}",
            f"alone: first request (computed) {first:.2f} s, then (kept) {kept:.2f} s; with 3 others at once: "
            f"worst {worst:.2f} s ({len(busy[name])} runs)",
            f"10 suppliers, 100 orders, first request: {baseline_pages[name][0]:.2f} s",
            f"{first / baseline_pages[name][0]:.1f}×",
            f"{size.label}; goal < 2 s",
        ))
    return rows


async def _drain(db: Database, timeout: float = 300) -> None:
    """Wait until every stored update is processed, so one phase's backlog does not slow the next."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        async with db.read() as session:
            pending = await session.scalar(select(func.count()).select_from(InboxMessage)
                                           .where(InboxMessage.state == InboxState.PENDING.value))
        if not pending:
            return
        await asyncio.sleep(0.2)


async def run(quick: bool) -> list[Row]:
    size = Size(10_000, 100) if quick else Size(100_000, 1_000)
    rate, seconds = (20.0, 15.0) if quick else (50.0, 30.0)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = await sqlite_database(folder)
        await seed(small, Size(100, 11))
        rows += await measure("SQLite", await sqlite_database(folder), small, size, rate, seconds, folder)
        pg = await postgres_database()
        small_pg = await postgres_database()
        if pg and small_pg:
            try:
                await seed(small_pg[0], Size(100, 11))
                rows += await measure("PostgreSQL", pg[0], small_pg[0], size, rate, seconds, folder)
            finally:
                await drop_postgres(pg[1])
                await drop_postgres(small_pg[1])
    return rows
