"""A small world for the event tests: one supplier, one order, and helpers that write the
records events are made of, as the handlers write them (rows in their own tables)."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count

from bot.clock import FakeClock
from storage.db import Database
from storage.models import (
    ExceptionTicket,
    Inspection,
    Lot,
    Order,
    OrderChange,
    ProgressReport,
    Receipt,
    Supplier,
)

_lot_numbers = count(1)


async def seed_order(database: Database, clock: FakeClock, po: str = "PO-8001") -> int:
    now = clock.now()
    async with database.write() as session:
        supplier = Supplier(code="HD", name="华达精密", short_name="华达", aliases=[], created_at=now)
        session.add(supplier)
        await session.flush()
        order = Order(po=po, po_key=po.removeprefix("PO-"), supplier_id=supplier.id, part_no="P-100",
                      part_name="支架", process="stamping", quantity=500, release_date=date(2026, 11, 20),
                      due_date=date(2026, 12, 20), created_at=now, updated_at=now)
        session.add(order)
        await session.flush()
        return order.id


async def report(database: Database, clock: FakeClock, order_id: int, text: str = "做了一半",
                 row_id: int | None = None) -> int:
    async with database.write() as session:
        row = ProgressReport(order_id=order_id, kind="progress", reporter="王工", platform="wecom",
                             reported_at=clock.now(), text=text, percent=50.0, details={})
        if row_id is not None:
            row.id = row_id
        session.add(row)
        await session.flush()
        return row.id


async def ship_and_receive(database: Database, clock: FakeClock, order_id: int, qty: int = 200) -> tuple[int, int]:
    async with database.write() as session:
        lot = Lot(order_id=order_id, lot_no=f"L{next(_lot_numbers)}", qty=qty, shipped_at=clock.now())
        session.add(lot)
        await session.flush()
        receipt = Receipt(order_id=order_id, lot_id=lot.id, qty=qty, received_at=clock.now(), received_by="仓库小李")
        session.add(receipt)
        await session.flush()
        return lot.id, receipt.id


async def inspect(database: Database, clock: FakeClock, order_id: int, lot_id: int | None = None) -> int:
    async with database.write() as session:
        row = Inspection(order_id=order_id, lot_id=lot_id, inspected_at=clock.now(), inspector="QC 张", stage="incoming",
                         verdict="fail", qty_inspected=200, qty_accepted=190, qty_rejected=10)
        session.add(row)
        await session.flush()
        return row.id


async def open_exception(database: Database, clock: FakeClock, order_id: int, title: str = "毛刺") -> int:
    async with database.write() as session:
        row = ExceptionTicket(order_id=order_id, kind="defect", title=title, opened_at=clock.now(), opened_by="QC 张")
        session.add(row)
        await session.flush()
        return row.id


async def acknowledge(database: Database, clock: FakeClock, exception_id: int) -> None:
    async with database.write() as session:
        row = await session.get(ExceptionTicket, exception_id)
        assert row is not None
        row.acknowledged_at, row.acknowledged_by = clock.now(), "采购 李"


async def resolve(database: Database, clock: FakeClock, exception_id: int) -> None:
    async with database.write() as session:
        row = await session.get(ExceptionTicket, exception_id)
        assert row is not None
        row.resolved_at, row.resolved_by, row.resolution = clock.now(), "采购 李", "返工后合格"


async def change_due_date(database: Database, clock: FakeClock, order_id: int) -> int:
    async with database.write() as session:
        row = OrderChange(order_id=order_id, at=clock.now(), actor="采购 李", field="due_date",
                          old_value="2026-12-20", new_value="2026-12-24", reason="客户推迟", source="chat")
        session.add(row)
        await session.flush()
        return row.id


def at(clock: FakeClock) -> datetime:
    return clock.now()
