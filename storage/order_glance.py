"""What an order's chat status shows beside its plan: the last report still standing, what was
shipped and found usable, how many photos, the open exceptions. Figures only; the words are
the handlers'.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ExceptionTicket, Lot, Photo, ProgressReport


@dataclass(frozen=True, slots=True)
class OrderGlance:
    last_report: ProgressReport | None  # the newest not undone
    shipped: int
    usable: int
    photos: int
    open_exceptions: list[ExceptionTicket]  # oldest first


async def order_glance(session: AsyncSession, order_id: int) -> OrderGlance:
    report = await session.scalar(
        select(ProgressReport).where(ProgressReport.order_id == order_id, ProgressReport.undone_at.is_(None))
        .order_by(ProgressReport.reported_at.desc(), ProgressReport.id.desc()).limit(1)
    )
    shipped, usable = (await session.execute(
        select(func.coalesce(func.sum(Lot.qty), 0), func.coalesce(func.sum(Lot.qty_usable), 0))
        .where(Lot.order_id == order_id)
    )).one()
    photos = await session.scalar(select(func.count()).select_from(Photo).where(Photo.order_id == order_id)) or 0
    open_exceptions = list((await session.scalars(
        select(ExceptionTicket).where(ExceptionTicket.order_id == order_id, ExceptionTicket.resolved_at.is_(None))
        .order_by(ExceptionTicket.opened_at, ExceptionTicket.id)
    )).all())
    return OrderGlance(report, shipped, usable, photos, open_exceptions)
