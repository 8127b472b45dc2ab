"""The short lists staff ask for: overdue nodes, nodes due today, open orders (mine first)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.access import Scope
from handlers.order_status import MARK_DONE, MARK_OVERDUE, MARK_PENDING
from handlers.texts.buyer import mmdd, node_label, say
from storage.models import (
    OPEN_ORDER_STATUSES,
    Milestone,
    MilestoneStatus,
    Order,
    OrderStatus,
    Person,
    Supplier,
)

LIST_LIMIT = 20
OPEN_NODES = (MilestoneStatus.PENDING.value, MilestoneStatus.IN_PROGRESS.value)
OPEN_ORDERS = tuple(s.value for s in OPEN_ORDER_STATUSES)


def _percent(milestone: Milestone) -> str:
    return f" · {milestone.percent:g}%" if milestone.percent else ""


def _more(total: int, shown: int, language: str) -> list[str]:
    return [say("list.more", language, n=total - shown)] if total > shown else []


async def overdue_nodes(session: AsyncSession, scope: Scope, today: date, language: str) -> str:
    """Open nodes of open orders past their planned date, the longest overdue first."""
    filters = [Order.status.in_(OPEN_ORDERS), Milestone.status.in_(OPEN_NODES), Milestone.planned_date < today,
               scope.orders()]
    total = await session.scalar(
        select(func.count()).select_from(Milestone).join(Order, Order.id == Milestone.order_id).where(*filters)
    ) or 0
    if not total:
        return say("overdue.none", language)
    rows = (await session.execute(
        select(Milestone, Order.po, Supplier.name)
        .join(Order, Order.id == Milestone.order_id).join(Supplier, Supplier.id == Order.supplier_id)
        .where(*filters).order_by(Milestone.planned_date, Order.po, Milestone.seq).limit(LIST_LIMIT)
    )).all()
    lines = [say("overdue.title", language, n=total)]
    lines.extend(
        say("overdue.line", language, po=po, supplier=supplier, node=node_label(m.node, language),
            date=mmdd(m.planned_date), days=(today - m.planned_date).days, percent=_percent(m))
        for m, po, supplier in rows
    )
    return "\n".join(lines + _more(total, len(rows), language))


async def due_today(session: AsyncSession, scope: Scope, today: date, language: str) -> str:
    """Every node planned for today (done ones ticked), of orders not cancelled."""
    filters = [Milestone.planned_date == today, Milestone.status != MilestoneStatus.SKIPPED.value,
               Order.status != OrderStatus.CANCELLED.value, scope.orders()]
    total = await session.scalar(
        select(func.count()).select_from(Milestone).join(Order, Order.id == Milestone.order_id).where(*filters)
    ) or 0
    if not total:
        return say("today.none", language)
    rows = (await session.execute(
        select(Milestone, Order.po, Supplier.name)
        .join(Order, Order.id == Milestone.order_id).join(Supplier, Supplier.id == Order.supplier_id)
        .where(*filters).order_by(Order.po, Milestone.seq).limit(LIST_LIMIT)
    )).all()
    lines = [say("today.title", language, date=mmdd(today), n=total)]
    lines.extend(
        say("today.line", language, mark=MARK_DONE if m.status == MilestoneStatus.DONE.value else MARK_PENDING,
            po=po, supplier=supplier, node=node_label(m.node, language), percent=_percent(m))
        for m, po, supplier in rows
    )
    return "\n".join(lines + _more(total, len(rows), language))


async def open_orders(session: AsyncSession, scope: Scope, person: Person | None, today: date, language: str) -> str:
    """The speaker's own open orders (they are the buyer); when they have none, every open
    order they may see."""
    filters: list[Any] = [Order.status.in_(OPEN_ORDERS), scope.orders()]
    mine = False
    if person is not None and await session.scalar(
        select(exists().where(*filters, Order.buyer_id == person.id))
    ):
        filters.append(Order.buyer_id == person.id)
        mine = True
    total = await session.scalar(select(func.count()).select_from(Order).where(*filters)) or 0
    if not total:
        return say("orders.none", language)
    rows = (await session.execute(
        select(Order, Supplier.name).join(Supplier, Supplier.id == Order.supplier_id)
        .where(*filters).order_by(Order.due_date, Order.po).limit(LIST_LIMIT)
    )).all()
    current: dict[int, Milestone] = {}
    for milestone in (await session.scalars(
        select(Milestone).where(Milestone.order_id.in_([o.id for o, _ in rows]), Milestone.status.in_(OPEN_NODES))
        .order_by(Milestone.order_id, Milestone.seq)
    )).all():
        current.setdefault(milestone.order_id, milestone)
    lines = [say("orders.title.mine" if mine else "orders.title.all", language, n=total)]
    for order, supplier in rows:
        node = current.get(order.id)
        late = node is not None and node.planned_date < today
        lines.append(say(
            "orders.line", language, mark=MARK_OVERDUE if late else (MARK_PENDING if node else MARK_DONE),
            po=order.po, supplier=supplier,
            node=node_label(node.node, language) + _percent(node) if node else say("list.all_done", language),
            due=mmdd(order.due_date),
        ))
    return "\n".join(lines + _more(total, len(rows), language))
