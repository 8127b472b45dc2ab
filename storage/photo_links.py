"""Which lot and which defect each photo of an order shows.

Most links follow from what the supplier sent: a photo sent with a shipment shows its lot, one
sent with a defect report or a failed inspection shows that defect. QC can set or correct the
links on the order page; once a person has set them (even to "none") nothing is derived any
more, and the change is kept in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import settings_history
from storage.intake_fields import Problem
from storage.intake_values import as_text
from storage.models import ExceptionTicket, Inspection, Lot, Photo, ProgressReport

NONE = "none"  # the form's choice for "not linked"


@dataclass(frozen=True)
class PhotoLink:
    lot_id: int | None
    lot_no: str | None
    exception_id: int | None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


async def photo_links(session: AsyncSession, order_id: int) -> dict[int, PhotoLink]:
    """Every photo of the order → its lot and defect (set by a person, else derived)."""
    photos = (await session.scalars(select(Photo).where(Photo.order_id == order_id))).all()
    if not photos:
        return {}
    lots = {lot.id: lot for lot in (await session.scalars(select(Lot).where(Lot.order_id == order_id))).all()}
    report_ids = {p.report_id for p in photos if p.report_id}
    reports = {r.id: r for r in (await session.scalars(
        select(ProgressReport).where(ProgressReport.id.in_(report_ids)))).all()} if report_ids else {}
    inspections = {i.id: i for i in (await session.scalars(
        select(Inspection).where(Inspection.order_id == order_id))).all()}
    by_key = {t.dedupe_key: t.id for t in (await session.scalars(
        select(ExceptionTicket).where(ExceptionTicket.order_id == order_id))).all() if t.dedupe_key}
    lot_by_report: dict[int | None, int] = {lot.report_id: lot.id for lot in lots.values() if lot.report_id}
    links: dict[int, PhotoLink] = {}
    for photo in photos:
        if photo.linked_by is not None:  # set by a person: exactly what they chose, "none" included
            lot_id = photo.lot_id if photo.lot_id in lots else None
            links[photo.id] = PhotoLink(lot_id, lots[lot_id].lot_no if lot_id else None, photo.exception_id)
            continue
        details = reports[photo.report_id].details if photo.report_id in reports else {}
        inspection = inspections.get(photo.inspection_id or 0)
        lot_id = photo.lot_id or _int(details.get("lot_id")) or lot_by_report.get(photo.report_id) \
            or (inspection.lot_id if inspection else None)
        exception_id = photo.exception_id or _int(details.get("exception_id")) \
            or (by_key.get(f"inspection:{inspection.id}") if inspection else None)
        if lot_id not in lots:
            lot_id = None
        links[photo.id] = PhotoLink(lot_id, lots[lot_id].lot_no if lot_id else None, exception_id)
    return links


async def link_photo(
    session: AsyncSession, *, order_id: int, photo_id: int, lot: Any, exception: Any, actor: str, now: datetime,
) -> list[Problem]:
    """Set which lot and defect a photo shows (`none` clears one); both must belong to the order."""
    photo = await session.get(Photo, photo_id)
    if photo is None or photo.order_id != order_id:
        return [Problem(None, "photo", "这张照片不属于该订单", "that photo is not one of this order's")]
    problems: list[Problem] = []
    lot_text, exception_text = as_text(lot), as_text(exception)
    lot_row = None
    if lot_text and lot_text != NONE:
        lot_row = await session.scalar(select(Lot).where(Lot.order_id == order_id, Lot.lot_no == lot_text))
        if lot_row is None:
            problems.append(Problem(None, "lot", f"该订单没有批次“{lot_text}”", f"this order has no lot {lot_text!r}"))
    ticket = None
    if exception_text and exception_text != NONE:
        number = exception_text.upper().removeprefix("EXC-")
        ticket = await session.get(ExceptionTicket, int(number)) if number.isdigit() else None
        if ticket is None or ticket.order_id != order_id:
            problems.append(Problem(None, "exception", f"该订单没有异常“{exception_text}”",
                                    f"this order has no exception {exception_text!r}"))
    if problems:
        return problems
    before = await photo_links(session, order_id)
    old = before.get(photo_id, PhotoLink(None, None, None))
    new_lot = lot_row.id if lot_row else None
    new_exception = ticket.id if ticket else None
    photo.lot_id = new_lot
    photo.exception_id = new_exception
    photo.linked_by = actor[:120]
    if (old.lot_id, old.exception_id) != (new_lot, new_exception):
        def words(lot_no: str | None, exc: int | None) -> str:
            return f"批次 {lot_no or '—'}，异常 {f'EXC-{exc}' if exc else '—'}"

        await settings_history.record(session, subject=settings_history.Subject.PHOTO, key=str(photo_id), actor=actor,
                                      now=now, summary=f"照片 {photo_id}", old=words(old.lot_no, old.exception_id),
                                      new=words(lot_row.lot_no if lot_row else None, new_exception))
    await session.flush()
    return []
