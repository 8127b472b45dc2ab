"""What an order's chat status shows beside its plan: the last report still standing, what was
shipped and found usable, how many photos, the open exceptions. Figures only; the words are
the handlers'.

A buyer asks "1017 到哪了" many times a day, so the order, its supplier, buyer and plan, its
newest report and its figures come back in one statement (`glance_at`), and its open
exceptions with the level each reached in one more (`open_exceptions`), only when it has any
and the reader may see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Integer, ScalarSelect, Select, String, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from storage.intake_values import po_key
from storage.models import EscalationStep, ExceptionTicket, Lot, Order, Photo, ProgressReport


@dataclass(frozen=True, slots=True)
class OrderGlance:
    last_report: ProgressReport | None  # the newest not undone
    shipped: int
    usable: int
    photos: int
    open_exceptions: int  # how many: `open_exceptions` lists them


@cache
def _glance() -> Select[Order, ProgressReport, int, int, int, int]:
    """The statement `glance_at` runs, built once: building it (an alias, five subqueries,
    three eager loads) cost more CPU than running it. The PO comes in as `po` and `key`."""
    newest = aliased(ProgressReport)
    last_id = (
        select(newest.id).where(newest.order_id == Order.id, newest.undone_at.is_(None))
        .order_by(newest.reported_at.desc(), newest.id.desc()).limit(1).correlate(Order).scalar_subquery()
    )

    def per_order(figure: Select[int]) -> ScalarSelect[int]:
        return figure.correlate(Order).scalar_subquery()

    shipped = per_order(select(func.coalesce(func.sum(Lot.qty), 0)).where(Lot.order_id == Order.id))
    usable = per_order(select(func.coalesce(func.sum(Lot.qty_usable), 0)).where(Lot.order_id == Order.id))
    photos = per_order(select(func.count()).select_from(Photo).where(Photo.order_id == Order.id))
    still_open = per_order(select(func.count()).select_from(ExceptionTicket).where(
        ExceptionTicket.order_id == Order.id, ExceptionTicket.resolved_at.is_(None)))
    return (
        select(Order, ProgressReport, shipped, usable, photos, still_open)
        .outerjoin(ProgressReport, ProgressReport.id == last_id)
        .where(or_(Order.po == bindparam("po", type_=String()), Order.po_key == bindparam("key", type_=String())))
        .options(joinedload(Order.supplier), joinedload(Order.buyer), joinedload(Order.milestones))
        .order_by(Order.id)
    )


async def glance_at(session: AsyncSession, po: str) -> tuple[Order, OrderGlance] | None:
    """The order for a PO as typed (as `storage.order_queries.find_order` finds it), with its
    supplier, buyer and plan loaded, and what its status shows beside the plan."""
    key = po_key(po)
    if not key:
        return None
    row = (await session.execute(_glance(), {"po": po.strip(), "key": key})).unique().first()
    if row is None:
        return None
    order, report, shipped_qty, usable_qty, photo_count, open_count = row
    return order, OrderGlance(report, int(shipped_qty or 0), int(usable_qty or 0), int(photo_count or 0),
                              int(open_count or 0))


@cache
def _open_exceptions() -> Select[ExceptionTicket, int | None]:
    level: ScalarSelect[int | None] = (
        select(func.max(EscalationStep.level))
        .where(EscalationStep.exception_id == ExceptionTicket.id, EscalationStep.level >= 0)
        .correlate(ExceptionTicket).scalar_subquery()
    )
    return (
        select(ExceptionTicket, level)
        .where(ExceptionTicket.order_id == bindparam("order_id", type_=Integer()),
               ExceptionTicket.resolved_at.is_(None))
        .order_by(ExceptionTicket.opened_at, ExceptionTicket.id)
    )


async def open_exceptions(session: AsyncSession, order_id: int) -> tuple[list[ExceptionTicket], dict[int, int]]:
    """An order's open exceptions, oldest first, and the highest ladder level each reached
    (`storage.exceptions.reached_levels`: absent when none), in one statement."""
    exceptions: list[ExceptionTicket] = []
    reached: dict[int, int] = {}
    for ticket, top in (await session.execute(_open_exceptions(), {"order_id": order_id})).all():
        exceptions.append(ticket)
        if top is not None:
            reached[ticket.id] = int(top)
    return exceptions, reached
