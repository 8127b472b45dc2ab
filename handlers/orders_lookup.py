"""Finding the order and node a supplier means, only among that supplier's own orders.

A PO of another supplier is answered exactly like a PO that does not exist, so a
supplier's chat never learns what other suppliers are making.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from handlers.parsing import normalize_po
from storage.batch_cache import cached
from storage.models import OPEN_ORDER_STATUSES, Milestone, MilestoneStatus, Order, OrderStatus

FINISHED = (MilestoneStatus.DONE.value, MilestoneStatus.SKIPPED.value)


@dataclass(frozen=True, slots=True)
class Lookup:
    """The order found, or why not: `missing_po` (not theirs / unknown), `none_open`, or several `candidates`."""

    order: Order | None = None
    missing_po: str | None = None
    none_open: bool = False
    candidates: tuple[Order, ...] = field(default_factory=tuple)


def _with_plan():  # noqa: ANN202
    """An order with its nodes and supplier in one statement (joined: one lookup, one round trip;
    results must be made `unique()`)."""
    return (joinedload(Order.milestones), joinedload(Order.supplier))


# What an order lookup reads, for the batch cache (`storage.batch_cache`): an order with its
# supplier; its nodes are the session's own objects, so only a node added or removed counts.
_READ = ("orders", "suppliers")
_LISTED = ("milestones",)


# A chat never needs more of a supplier's open orders at once than a phone shows: a list page,
# or the buttons of "which order?". Loading them all (a hundred thousand, with their plans)
# held the writer for seconds; these read the first few, soonest due first.
OPEN_ORDERS_HEAD = 16


def _open(supplier_id: int) -> list[Any]:
    return [Order.supplier_id == supplier_id, Order.status.in_([s.value for s in OPEN_ORDER_STATUSES])]


async def open_orders(session: AsyncSession, supplier_id: int, *, limit: int = OPEN_ORDERS_HEAD,
                      offset: int = 0) -> list[Order]:
    """The supplier's open orders from `offset`, at most `limit`, soonest due first (then by PO)."""
    async def load() -> list[Order]:
        return list((await session.execute(
            select(Order).where(*_open(supplier_id))
            .order_by(Order.due_date, Order.po).offset(offset).limit(limit)
            .options(selectinload(Order.milestones), selectinload(Order.supplier))  # a page: not joined
        )).scalars())

    return list(await cached(session, ("open_orders", supplier_id, limit, offset), _READ, load, listed=_LISTED))


async def count_open_orders(session: AsyncSession, supplier_id: int) -> int:
    return int(await session.scalar(select(func.count()).select_from(Order).where(*_open(supplier_id))) or 0)


async def order_by_id(session: AsyncSession, order_id: int, supplier_id: int) -> Order | None:
    async def load() -> Order | None:
        return (await session.execute(
            select(Order).where(Order.id == order_id, Order.supplier_id == supplier_id).options(*_with_plan())
        )).unique().scalar_one_or_none()

    return await cached(session, ("order_by_id", order_id, supplier_id), _READ, load, listed=_LISTED)


async def order_for_po(session: AsyncSession, po: str, supplier_id: int) -> Order | None:
    key = normalize_po(po) or po

    async def load() -> Order | None:
        return (await session.execute(
            select(Order).where(Order.po_key == key, Order.supplier_id == supplier_id,
                                Order.status != OrderStatus.CANCELLED.value).options(*_with_plan())
        )).unique().scalar_one_or_none()

    return await cached(session, ("order_for_po", key, supplier_id), _READ, load, listed=_LISTED)


async def find_order(session: AsyncSession, supplier_id: int, po: str | None) -> Lookup:
    """By PO within the supplier's orders; without a PO, the supplier's only open order (or the
    first few open ones as candidates: a question shows a handful of buttons, never them all)."""
    if po:
        order = await order_for_po(session, po, supplier_id)
        return Lookup(order=order) if order else Lookup(missing_po=display_po(po))
    orders = await open_orders(session, supplier_id)
    if len(orders) == 1:
        return Lookup(order=orders[0])
    if not orders:
        return Lookup(none_open=True)
    return Lookup(candidates=tuple(orders))


async def milestone_for_supplier(session: AsyncSession, milestone_id: int, supplier_id: int) -> Milestone | None:
    """A node from a prompt button, only when its order belongs to the speaker's supplier."""
    return (await session.execute(
        select(Milestone).join(Order, Order.id == Milestone.order_id)
        .where(Milestone.id == milestone_id, Order.supplier_id == supplier_id)
    )).scalar_one_or_none()


def current_milestone(order: Order) -> Milestone | None:
    """The node being worked on: the first one not done or skipped."""
    return next((m for m in order.milestones if m.status not in FINISHED), None)


def milestone_named(order: Order, node: str) -> Milestone | None:
    """The first unfinished node with that code (per-step plans may repeat a code), else the last one."""
    matching = [m for m in order.milestones if m.node == node]
    return next((m for m in matching if m.status not in FINISHED), matching[-1] if matching else None)


def inspection_milestone(order: Order) -> Milestone | None:
    """The inspection node to record data against: the first unfinished one, else the last one."""
    nodes = [m for m in order.milestones if m.inspection]
    return next((m for m in nodes if m.status not in FINISHED), nodes[-1] if nodes else None)


def display_po(po: str) -> str:
    """How to echo a PO the supplier typed: `1001` reads back as `PO-1001`."""
    key = normalize_po(po) or po
    return f"PO-{key}" if key.isdigit() else key
