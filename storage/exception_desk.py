"""The exceptions a chat's /exceptions list and ack/resolve buttons act on: open ones oldest
first, or one by number, each with its order's PO. `visible` is the caller's WHERE clause on
`Order`; an exception outside it is answered as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ExceptionTicket, Order


async def open_exceptions(
    session: AsyncSession, visible: Any, *, only: int | None = None, limit: int | None = None,
) -> list[tuple[ExceptionTicket, str]]:
    """Open exceptions with their PO, oldest first (just exception `only` when given); the
    first `limit` of them when given (a chat list: the rest are counted, not loaded)."""
    query = (
        select(ExceptionTicket, Order.po)
        .join(Order, Order.id == ExceptionTicket.order_id)
        .where(ExceptionTicket.resolved_at.is_(None), visible)
        .order_by(ExceptionTicket.opened_at, ExceptionTicket.id)
    )
    if only is not None:
        query = query.where(ExceptionTicket.id == only)
    if limit is not None:
        query = query.limit(limit)
    return [(ticket, po) for ticket, po in (await session.execute(query)).all()]


async def count_open_exceptions(session: AsyncSession, visible: Any) -> int:
    return int(await session.scalar(
        select(func.count()).select_from(ExceptionTicket).join(Order, Order.id == ExceptionTicket.order_id)
        .where(ExceptionTicket.resolved_at.is_(None), visible)) or 0)


async def visible_exception(session: AsyncSession, visible: Any, exception_id: int) -> tuple[ExceptionTicket, str] | None:
    """The exception and its PO when its order is visible, open or not; None otherwise."""
    row = (await session.execute(
        select(ExceptionTicket, Order.po).join(Order, Order.id == ExceptionTicket.order_id)
        .where(ExceptionTicket.id == exception_id, visible)
    )).first()
    return (row[0], row[1]) if row is not None else None
