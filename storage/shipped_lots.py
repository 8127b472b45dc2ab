"""What an order has shipped so far, as lots: the shipment handler's and the reading checks'
question before a new batch is counted."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.batch_cache import cached
from storage.models import Lot


async def shipped_so_far(session: AsyncSession, order_id: int) -> tuple[int, int]:
    """(quantity shipped and kept, number of lots) of an order: goods the buyer returned are
    expected again, so they count as not shipped."""
    async def load() -> tuple[int, int]:
        total, count = (await session.execute(
            select(func.coalesce(func.sum(Lot.qty - Lot.qty_returned), 0), func.count(Lot.id))
            .where(Lot.order_id == order_id)
        )).one()
        return int(total), int(count)

    return await cached(session, ("shipped_so_far", order_id), ["lots"], load)


async def lot_named(session: AsyncSession, order_id: int, lot_no: str) -> Lot | None:
    """The order's lot of this number, if it was reported already (a re-sent message)."""
    return (await session.execute(
        select(Lot).where(Lot.order_id == order_id, Lot.lot_no == lot_no)
    )).scalar_one_or_none()
