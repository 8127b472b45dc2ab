"""What taking back a report touches in storage: finding the sender's last report still in
the undo window, removing the lot and inspection it recorded, marking its exception withdrawn.
The conversation around it (`撤回`, what is said, the ladder's closing message) is `handlers.undo`'s.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ExceptionTicket,
    InboxMessage,
    Inspection,
    InspectionValue,
    Lot,
    Order,
    Photo,
    ProgressReport,
)


async def last_report_of(
    session: AsyncSession, *, platform: str, chat_id: str, sender_id: str, supplier_id: int,
    since: datetime, po_key: str | None = None,
) -> ProgressReport | None:
    """The sender's own latest report from this chat, not undone, reported since `since`
    (of the order with `po_key` when given)."""
    query = (
        select(ProgressReport)
        .join(InboxMessage, InboxMessage.id == ProgressReport.inbox_id)
        .join(Order, Order.id == ProgressReport.order_id)
        .where(InboxMessage.platform == platform, InboxMessage.chat_id == chat_id,
               InboxMessage.sender_id == sender_id, ProgressReport.undone_at.is_(None),
               ProgressReport.reported_at >= since,
               Order.supplier_id == supplier_id)
        .order_by(ProgressReport.reported_at.desc(), ProgressReport.id.desc()).limit(1)
    )
    if po_key:
        query = query.where(Order.po_key == po_key)
    return (await session.execute(query)).scalar_one_or_none()


async def remove_report_records(session: AsyncSession, report: ProgressReport) -> None:
    """Remove the lots and the inspection the report recorded (a corrected re-send must not
    collide with them); their photos stay, unlinked."""
    lot_ids = list((await session.execute(select(Lot.id).where(Lot.report_id == report.id))).scalars())
    if lot_ids:
        await session.execute(update(Photo).where(Photo.lot_id.in_(lot_ids)).values(lot_id=None))
        await session.execute(delete(Lot).where(Lot.id.in_(lot_ids)))
    inspection_id = report.details.get("inspection_id")
    inspection = await session.get(Inspection, inspection_id) if inspection_id else None
    if inspection is not None and inspection.report_id == report.id:
        await session.execute(update(Photo).where(Photo.inspection_id == inspection.id).values(inspection_id=None))
        await session.execute(delete(InspectionValue).where(InspectionValue.inspection_id == inspection.id))
        await session.execute(update(ExceptionTicket).where(ExceptionTicket.dedupe_key == f"inspection:{inspection.id}")
                              .values(dedupe_key=None))
        await session.delete(inspection)
    await session.flush()


async def mark_withdrawn(session: AsyncSession, exception_id: int, now: datetime) -> None:
    """Withdrawn: the exception counts in no figure."""
    await session.execute(update(ExceptionTicket).where(ExceptionTicket.id == exception_id).values(withdrawn_at=now))
