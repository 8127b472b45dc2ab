"""What the short lists staff ask for in chat are made of: overdue nodes, nodes due on a day,
open orders (the asker's own first). Each returns the total and a first page; the words are
the handlers'. `visible` is the caller's WHERE clause on `Order` (who may see what).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    OPEN_ORDER_STATUSES,
    Milestone,
    MilestoneStatus,
    Order,
    OrderStatus,
    Supplier,
)

OPEN_NODES = (MilestoneStatus.PENDING.value, MilestoneStatus.IN_PROGRESS.value)
OPEN_ORDERS = tuple(s.value for s in OPEN_ORDER_STATUSES)

NodeRow = tuple[Milestone, str, str]  # the node, its order's PO, the supplier's name


@dataclass(frozen=True, slots=True)
class OpenOrders:
    total: int
    mine: bool  # the asker's own orders (they are the buyer), not every visible one
    rows: list[tuple[Order, str]]  # the order, the supplier's name; by due date
    current: dict[int, Milestone]  # each listed order's first open node


async def _nodes(session: AsyncSession, filters: list[Any], order_by: tuple[Any, ...], limit: int) -> tuple[int, list[NodeRow]]:
    total = await session.scalar(
        select(func.count()).select_from(Milestone).join(Order, Order.id == Milestone.order_id).where(*filters)
    ) or 0
    if not total:
        return 0, []
    rows = (await session.execute(
        select(Milestone, Order.po, Supplier.name)
        .join(Order, Order.id == Milestone.order_id).join(Supplier, Supplier.id == Order.supplier_id)
        .where(*filters).order_by(*order_by).limit(limit)
    )).all()
    return total, [(m, po, supplier) for m, po, supplier in rows]


async def overdue_nodes(session: AsyncSession, visible: Any, today: date, *, limit: int) -> tuple[int, list[NodeRow]]:
    """Open nodes of open orders past their planned date, the longest overdue first."""
    filters = [Order.status.in_(OPEN_ORDERS), Milestone.status.in_(OPEN_NODES), Milestone.planned_date < today,
               visible]
    return await _nodes(session, filters, (Milestone.planned_date, Order.po, Milestone.seq), limit)


async def nodes_due(session: AsyncSession, visible: Any, day: date, *, limit: int) -> tuple[int, list[NodeRow]]:
    """Every node planned for `day` (done ones too), of orders not cancelled."""
    filters = [Milestone.planned_date == day, Milestone.status != MilestoneStatus.SKIPPED.value,
               Order.status != OrderStatus.CANCELLED.value, visible]
    return await _nodes(session, filters, (Order.po, Milestone.seq), limit)


async def open_orders(session: AsyncSession, visible: Any, buyer_id: int | None, *, limit: int) -> OpenOrders:
    """The buyer's own open orders; when they have none, every open order they may see."""
    filters: list[Any] = [Order.status.in_(OPEN_ORDERS), visible]
    # every visible open order and the buyer's own among them, counted in one statement
    theirs = func.sum(case((Order.buyer_id == buyer_id, 1), else_=0)) if buyer_id is not None else literal(0)
    counted = (await session.execute(select(func.count(), theirs).select_from(Order).where(*filters))).one()
    visible_total, own = int(counted[0] or 0), int(counted[1] or 0)
    mine = own > 0
    if mine:
        filters.append(Order.buyer_id == buyer_id)
    total = own if mine else visible_total
    if not total:
        return OpenOrders(0, mine, [], {})
    rows = (await session.execute(
        select(Order, Supplier.name).join(Supplier, Supplier.id == Order.supplier_id)
        .where(*filters).order_by(Order.due_date, Order.po).limit(limit)
    )).all()
    current: dict[int, Milestone] = {}
    for milestone in (await session.scalars(
        select(Milestone).where(Milestone.order_id.in_([o.id for o, _ in rows]), Milestone.status.in_(OPEN_NODES))
        .order_by(Milestone.order_id, Milestone.seq)
    )).all():
        current.setdefault(milestone.order_id, milestone)
    return OpenOrders(total, mine, [(order, supplier) for order, supplier in rows], current)
