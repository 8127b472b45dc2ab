"""The board's at-risk filter at 10,000 open orders: which orders are at risk, as one set query
(`storage.risk.at_risk_orders`, what the board runs), against two baselines measured in the
same run on the same data: the previous implementation (every supplier's finished nodes
fetched and dated in Python, then every open order's current node judged one by one, handed
to the filter as a list of ids), and today's `at_risk_nodes` (the list with reasons the
digest and the warning job need: history counted by the database, judging still per order)."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from unittest.mock import patch
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bench.common import Row, drop_postgres, postgres_database, sqlite_database
from storage import risk
from storage.board import BoardFilter, NodeState, board_page, health_clause
from storage.db import Database
from storage.models import Milestone, Order, Supplier
from storage.risk import SupplierHistory, at_risk_nodes, at_risk_orders

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai
NODES = ("material_ready", "first_process", "in_process", "final_inspection", "shipped", "received")
ZONES = ("Asia/Shanghai", "Asia/Shanghai", "Europe/Berlin", "America/Chicago")


async def fill(database: Database, orders: int) -> None:
    """`orders` open orders of four suppliers in three zones, six nodes each, at every stage:
    some behind, some ahead, some late, with a done history that makes two suppliers usually late."""
    today = NOW.astimezone(SH).date()
    async with database.write() as session:
        for number, zone in enumerate(ZONES):
            session.add(Supplier(id=number + 1, code=f"S{number}", name=f"供应商{number}", timezone=zone,
                                 created_at=NOW))
    for start in range(0, orders, 2000):
        order_rows, node_rows = [], []
        for number in range(start, min(orders, start + 2000)):
            release = today - timedelta(days=number % 40)
            order_rows.append({
                "id": number + 1, "po": f"PO-{number}", "po_key": str(number), "supplier_id": number % 4 + 1,
                "part_no": "P", "part_name": "", "process": "stamping", "quantity": 100, "unit": "pcs",
                "release_date": release, "due_date": release + timedelta(days=36), "priority": "normal",
                "status": "in_progress", "notes": "", "created_at": NOW, "updated_at": NOW, "created_by": "bench",
            })
            for seq, node in enumerate(NODES):
                planned: date = release + timedelta(days=6 * (seq + 1))
                done = planned < today - timedelta(days=number % 3)
                node_rows.append({
                    "order_id": number + 1, "seq": seq, "node": node, "planned_date": planned,
                    "original_planned_date": planned, "inspection": node == "final_inspection",
                    "status": "done" if done else "in_progress" if planned <= today + timedelta(days=6) else "pending",
                    "percent": 100.0 if done else float(number * 7 % 100), "qty_done": 0,
                    "done_at": datetime.combine(planned + timedelta(days=number % 2 * (number % 4)), datetime.min.time(),
                                                SH) + timedelta(hours=15) if done else None,
                    "updated_at": NOW,
                })
        async with database.write() as session:
            await session.execute(insert(Order), order_rows)
            await session.execute(insert(Milestone), node_rows)
    async with database.write() as session:  # planner statistics, as a running database has them
        await session.execute(text("ANALYZE"))


async def previous_history(session: AsyncSession, now: datetime, zones: dict[int, ZoneInfo],
                           days: int) -> dict[int, SupplierHistory]:
    """The previous implementation of `supplier_history`: every finished node back to Python."""
    rows = (await session.execute(
        select(Order.supplier_id, Milestone.planned_date, Milestone.done_at)
        .join(Order, Milestone.order_id == Order.id)
        .where(Milestone.status == "done", Milestone.done_at.is_not(None),
               Milestone.done_at >= now - timedelta(days=days), Milestone.done_at <= now,
               Order.supplier_id.in_(list(zones)))
    )).all()
    delays: dict[int, list[int]] = defaultdict(list)
    for supplier_id, planned, done_at in rows:
        delays[supplier_id].append((done_at.astimezone(zones[supplier_id]).date() - planned).days)
    out = {}
    for supplier_id, values in delays.items():
        late = [d for d in values if d > 0]
        out[supplier_id] = SupplierHistory(len(values), len(late), sum(late) / len(late) if late else 0.0)
    return out


async def measure(database: Database) -> tuple[float, float, float, float, int, int]:
    """Medians of five: (set query ms, previous implementation ms, `at_risk_nodes` ms, the whole
    board page filtered ms, orders at risk by the set query and one by one)."""
    set_times, before_times, loop_times, page_times = [], [], [], []
    by_set = by_loop = 0
    today = NOW.astimezone(SH).date()
    for _ in range(5):
        started = time.perf_counter()
        async with database.read() as session:
            with patch.object(risk, "supplier_history", previous_history):
                ids = {r.order_id for r in await at_risk_nodes(session, NOW, fallback_zone=SH)}
            await session.scalar(select(func.count(Order.id)).where(health_clause(NodeState.AT_RISK, today, ids)))
        before_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        async with database.read() as session:
            risky = await at_risk_orders(session, NOW, fallback_zone=SH)
            by_set = await session.scalar(
                select(func.count(Order.id)).where(health_clause(NodeState.AT_RISK, today, risky))) or 0
        set_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        async with database.read() as session:
            ids = {r.order_id for r in await at_risk_nodes(session, NOW, fallback_zone=SH)}
            by_loop = await session.scalar(
                select(func.count(Order.id)).where(health_clause(NodeState.AT_RISK, today, ids))) or 0
        loop_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        async with database.read() as session:
            await board_page(session, BoardFilter(health=NodeState.AT_RISK), today=today, zone=SH, now=NOW)
        page_times.append(time.perf_counter() - started)
    ms = [statistics.median(values) * 1000 for values in (set_times, before_times, loop_times, page_times)]
    return ms[0], ms[1], ms[2], ms[3], by_set, by_loop


async def run(quick: bool) -> list[Row]:
    orders = 10_000
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        engines: list[tuple[str, str, str | None]] = [("SQLite", await sqlite_database(Path(tmp)), None)]
        pg = await postgres_database()
        if pg is not None:
            engines.append(("PostgreSQL", pg[0], pg[1]))
        for engine, url, pg_name in engines:
            database = Database(url)
            try:
                await fill(database, orders)
                set_ms, before_ms, loop_ms, page_ms, by_set, by_loop = await measure(database)
            finally:
                await database.dispose()
                if pg_name:
                    await drop_postgres(pg_name)
            rows.append(Row(
                f"board at-risk filter, {orders:,} open orders ({engine})",
                f"set query {set_ms:.0f} ms; whole filtered page {page_ms:.0f} ms",
                f"previous implementation {before_ms:.0f} ms; at_risk_nodes {loop_ms:.0f} ms",
                f"{set_ms / before_ms:.2f}× / {set_ms / loop_ms:.2f}×",
                f"{by_set} at risk ({'same' if by_set == by_loop else f'≠ {by_loop}'} as one by one)",
            ))
    return rows
