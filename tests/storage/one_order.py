"""One supplier with one open order of 100 pieces: the least a storage test of an order's rows needs."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Order, Supplier

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


async def add_one_order(session: AsyncSession) -> Order:
    supplier = Supplier(code="HD", name="华达", created_at=NOW)
    session.add(supplier)
    await session.flush()
    order = Order(po="PO-1", po_key="1", supplier_id=supplier.id, part_no="P", process="cnc", quantity=100,
                  release_date=date(2026, 11, 1), due_date=date(2026, 12, 1), created_at=NOW, updated_at=NOW)
    session.add(order)
    await session.flush()
    return order
