"""What the supplier's inspection data needs to know and link: an order's criteria, whether a
node already passed or was inspected before, and the photos of the reports the data completes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.batch_cache import cached
from storage.models import Inspection, InspectionCharacteristic, Photo, Verdict


async def characteristics(session: AsyncSession, order_id: int) -> list[InspectionCharacteristic]:
    """The order's acceptance criteria, in their order."""
    async def load() -> list[InspectionCharacteristic]:
        return list((await session.execute(
            select(InspectionCharacteristic).where(InspectionCharacteristic.order_id == order_id)
            .order_by(InspectionCharacteristic.seq)
        )).scalars())

    return list(await cached(session, ("characteristics", order_id), ["inspection_characteristics"], load))


async def node_passed(session: AsyncSession, milestone_id: int) -> bool:
    passed = await session.scalar(select(Inspection.id).where(
        Inspection.milestone_id == milestone_id, Inspection.verdict == Verdict.PASS.value).limit(1))
    return passed is not None


async def node_inspected_before(session: AsyncSession, milestone_id: int) -> bool:
    """Whether the node has any inspection yet (the next one is then not the first)."""
    return await session.scalar(select(Inspection.id).where(Inspection.milestone_id == milestone_id).limit(1)) is not None


async def link_report_photos(session: AsyncSession, report_ids: Sequence[int], inspection_id: int) -> None:
    """The photos of these reports document this inspection."""
    await session.execute(update(Photo).where(Photo.report_id.in_(report_ids)).values(inspection_id=inspection_id))
