"""Documents a supplier sent without saying which order: placed once they choose."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Attachment


async def place_with_order(session: AsyncSession, first: Attachment, order_id: int) -> list[str]:
    """Every unplaced document of `first`'s message (from `first` on) goes to the order; the
    file names now kept with it from that message."""
    await session.execute(
        update(Attachment).where(Attachment.supplier_id == first.supplier_id, Attachment.order_id.is_(None),
                                 Attachment.inbox_id == first.inbox_id, Attachment.id >= first.id)
        .values(order_id=order_id))
    return list((await session.execute(select(Attachment.file_name).where(
        Attachment.inbox_id == first.inbox_id, Attachment.order_id == order_id))).scalars().all())
