"""Scale: the overdue and due-prompt queries of one scheduler tick as the milestone table
grows (history of closed orders) while what is due stays the same. The time must follow
what is due, not the table: the baseline is the same queries at the smallest size."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bench.common import Row, sqlite_database
from bot.settings import Settings
from scheduler.calendar import WorkCalendar
from scheduler.queries import current_nodes, overdue_milestones
from storage.db import Database
from storage.models import Milestone, Order, Supplier

OPEN_ORDERS = 1000
NODES = ("material_ready", "first_process", "in_process", "final_inspection", "shipped", "received")
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


async def fill(database: Database, milestones: int) -> None:
    """`OPEN_ORDERS` open orders (a tenth of them with an overdue node) and closed history."""
    today = NOW.date()
    orders_total = milestones // len(NODES)
    async with database.write() as session:
        session.add(Supplier(code="HD", name="华达精密", created_at=NOW))
        await session.flush()
    for start in range(0, orders_total, 5000):
        stop = min(orders_total, start + 5000)
        order_rows, node_rows = [], []
        for number in range(start, stop):
            open_order = number < OPEN_ORDERS
            release = today - timedelta(days=20 if open_order else 400 + number % 300)
            order_rows.append({
                "id": number + 1, "po": f"PO-{number}", "po_key": str(number), "supplier_id": 1, "part_no": "P",
                "part_name": "", "process": "stamping", "quantity": 100, "unit": "pcs", "release_date": release,
                "due_date": release + timedelta(days=30), "priority": "normal",
                "status": "in_progress" if open_order else "accepted", "notes": "", "created_at": NOW,
                "updated_at": NOW, "created_by": "bench",
            })
            for seq, node in enumerate(NODES):
                planned: date = release + timedelta(days=5 * (seq + 1))
                done = not open_order or planned < today - timedelta(days=1) and not (number % 10 == 0 and seq == 2)
                node_rows.append({
                    "order_id": number + 1, "seq": seq, "node": node, "planned_date": planned,
                    "original_planned_date": planned, "inspection": node == "final_inspection",
                    "status": "done" if done else "pending", "percent": 100.0 if done else 0.0, "qty_done": 0,
                    "updated_at": NOW,
                })
        async with database.write() as session:
            await session.execute(insert(Order), order_rows)
            await session.execute(insert(Milestone), node_rows)


async def time_queries(database: Database, calendar: WorkCalendar) -> tuple[float, float, int]:
    overdue_times, prompt_times = [], []
    found = 0
    for _ in range(5):
        async with database.read() as session:
            started = time.perf_counter()
            found = len(await overdue_milestones(session, NOW))
            overdue_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            await current_nodes(session, NOW, calendar=calendar)
            prompt_times.append(time.perf_counter() - started)
    return statistics.median(overdue_times) * 1000, statistics.median(prompt_times) * 1000, found


async def run(quick: bool) -> list[Row]:
    sizes = (10_000, 100_000) if quick else (10_000, 100_000, 1_000_000)
    calendar = WorkCalendar.from_settings(Settings())
    rows: list[Row] = []
    baseline: tuple[float, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            database = Database(await sqlite_database(Path(tmp)))
            await fill(database, size)
            overdue_ms, prompt_ms, found = await time_queries(database, calendar)
            await database.dispose()
            baseline = baseline or (overdue_ms, prompt_ms)
            rows.append(Row(
                f"scheduler tick queries, {size:,} milestones (SQLite)",
                f"overdue {overdue_ms:.1f} ms ({found} due); due-prompt {prompt_ms:.1f} ms",
                f"{baseline[0]:.1f} ms / {baseline[1]:.1f} ms at {sizes[0]:,}",
                f"{overdue_ms / baseline[0]:.2f}× / {prompt_ms / baseline[1]:.2f}×",
                f"{OPEN_ORDERS} open orders, the rest closed history",
            ))
    return rows
