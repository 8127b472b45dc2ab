"""A varied, seeded dataset over many suppliers, loaded with Core bulk inserts: for checking
that a figure computed for every supplier at once equals the figure computed one supplier at
a time. Rows fall on local-day boundaries, in and out of the period, in every status: what
the hand-made worlds cover one by one, here mixed at random (the seed keeps it repeatable)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from storage.db import Database
from storage.models import (
    ExceptionTicket,
    Inspection,
    Lot,
    Milestone,
    MilestoneChange,
    Order,
    ProgressReport,
    Prompt,
    Supplier,
)

FIRST_DAY = date(2026, 9, 1)
DAYS = 120
REASONS = ("停电", "钢材没到", " 停电 ", "machine down", "Machine down", "模具坏了", "等料", "缺人", "外协延误",
           "订单插单", "质量返工", "设备保养", "客户改图", "", "  ", "b", "a", "B")
STATUSES = ("released", "in_progress", "in_progress", "shipped", "accepted", "accepted", "cancelled", "on_hold")


def _moment(rng: random.Random, tz: ZoneInfo) -> datetime:
    """A time in the window, often right on a local midnight (either side)."""
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    if rng.random() < 0.25:
        edge = datetime.combine(day, time.min, tz)
        return (edge + timedelta(seconds=rng.choice((-1, 0, 1)))).astimezone(UTC)
    return datetime.combine(day, time(rng.randrange(24), rng.randrange(60)), tz).astimezone(UTC)


async def seed_varied(database: Database, *, suppliers: int = 25, seed: int = 20, tz: ZoneInfo) -> list[int]:
    """Suppliers (a few with nothing at all) and their orders, nodes, inspections, lots,
    exceptions, prompts and planned-date moves. Returns the supplier ids."""
    rng = random.Random(seed)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    supplier_rows = [{"id": i + 1, "code": f"S{i:03d}", "name": f"供应商{i:03d}", "created_at": now}
                     for i in range(suppliers)]
    orders, nodes, reports, changes, inspections, lots, tickets, prompts = [], [], [], [], [], [], [], []
    for supplier in supplier_rows[: suppliers - 3]:  # the last three have nothing
        for _ in range(rng.randrange(1, 12)):
            order_id = len(orders) + 1
            release = FIRST_DAY + timedelta(days=rng.randrange(-20, DAYS - 20))
            status = rng.choice(STATUSES)
            accepted = _moment(rng, tz) if status == "accepted" or rng.random() < 0.1 else None
            orders.append({
                "id": order_id, "po": f"PO-{order_id}", "po_key": str(order_id), "supplier_id": supplier["id"],
                "part_no": "P", "process": "default", "quantity": 100, "release_date": release,
                "due_date": release + timedelta(days=rng.randrange(5, 60)), "status": status,
                "accepted_at": accepted, "created_at": now, "updated_at": now,
            })
            for seq in range(rng.randrange(0, 6)):
                milestone_id = len(nodes) + 1
                planned = release + timedelta(days=rng.randrange(0, 50))
                node_status = rng.choice(("pending", "done", "done", "skipped", "in_progress"))
                done_at = _moment(rng, tz) if node_status == "done" or rng.random() < 0.05 else None
                nodes.append({
                    "id": milestone_id, "order_id": order_id, "seq": seq, "node": "in_process",
                    "planned_date": planned + timedelta(days=rng.choice((0, 0, 2))), "original_planned_date": planned,
                    "status": node_status, "done_at": done_at, "updated_at": now,
                })
                for _ in range(rng.randrange(0, 3)):
                    report_id = None
                    if rng.random() < 0.6:
                        report_id = len(reports) + 1
                        reports.append({
                            "id": report_id, "order_id": order_id, "milestone_id": milestone_id, "kind": "delay",
                            "reporter": "王工", "platform": "telegram", "reported_at": now, "details": {},
                            "undone_at": now if rng.random() < 0.2 else None,
                        })
                    changes.append({
                        "milestone_id": milestone_id, "at": _moment(rng, tz), "actor": "王工",
                        "field": rng.choice(("planned_date", "planned_date", "planned_date", "status")),
                        "reason": rng.choice(REASONS), "source": rng.choice(("chat", "chat", "dashboard", "undo")),
                        "report_id": report_id,
                    })
            for _ in range(rng.randrange(0, 4)):
                qty = rng.choice((None, 10, 50))
                inspections.append({
                    "order_id": order_id, "inspected_at": _moment(rng, tz), "inspector": "QC",
                    "stage": rng.choice(("supplier", "incoming")), "first_inspection": rng.random() < 0.8,
                    "verdict": rng.choice(("pass", "pass", "fail", "pending")), "qty_inspected": qty,
                    "qty_accepted": None if qty is None or rng.random() < 0.1 else rng.randrange(qty + 1),
                })
            for number in range(rng.randrange(0, 3)):
                accepted_qty, rejected = rng.choice(((0, 0), (90, 10), (100, 0), (0, 20)))
                lots.append({
                    "order_id": order_id, "lot_no": f"L{number}", "qty": 100, "shipped_at": _moment(rng, tz),
                    "qty_accepted": accepted_qty, "qty_rejected": rejected, "qty_reworked": rng.randrange(0, 8),
                    "qty_scrapped": rng.randrange(0, 5),
                })
            for _ in range(rng.randrange(0, 3)):
                opened = _moment(rng, tz)
                tickets.append({
                    "order_id": order_id, "kind": "delay", "title": "延期", "opened_at": opened, "opened_by": "王工",
                    "acknowledged_at": opened + timedelta(minutes=rng.randrange(-5, 3000))
                    if rng.random() < 0.7 else None,
                    "withdrawn_at": opened if rng.random() < 0.1 else None,
                })
        for number in range(rng.randrange(0, 10)):
            sent = _moment(rng, tz)
            prompts.append({
                "schedule_key": f"{supplier['id']}:{number}", "supplier_id": supplier["id"], "order_ids": [],
                "sent_at": sent, "reply_by": sent + timedelta(hours=4),
                "answered_at": sent + timedelta(hours=rng.choice((1, 3, 4, 6))) if rng.random() < 0.7 else None,
            })
    async with database.write() as session:
        for model, rows in ((Supplier, supplier_rows), (Order, orders), (Milestone, nodes),
                            (ProgressReport, reports), (MilestoneChange, changes), (Inspection, inspections),
                            (Lot, lots), (ExceptionTicket, tickets), (Prompt, prompts)):
            if rows:
                await session.execute(insert(model), rows)
    if not database.is_sqlite:  # ids were given: move the sequences past them
        async with database.write() as session:
            from sqlalchemy import text

            for table in ("suppliers", "orders", "milestones", "progress_reports"):
                await session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"))
    return [row["id"] for row in supplier_rows]
