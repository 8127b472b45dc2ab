"""Albums: photos sent as separate messages sharing an `album_id`. Later items take the first
item's order, report, inspection and lot; items that arrived while the bot was still asking
which order are found by album."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Photo


async def join_album(session: AsyncSession, album_id: str, photo_ids: Sequence[int]) -> bool:
    """True when an earlier item of the album exists; these photos then take its places."""
    first = (await session.execute(
        select(Photo).where(Photo.album_id == album_id, Photo.id.not_in(photo_ids)).order_by(Photo.id).limit(1)
    )).scalar_one_or_none()
    if first is None:
        return False
    await session.execute(
        update(Photo).where(Photo.id.in_(photo_ids))
        .values(order_id=first.order_id, report_id=first.report_id, inspection_id=first.inspection_id,
                lot_id=first.lot_id)
    )
    return True


async def unplaced_in_album(session: AsyncSession, album_id: str) -> list[int]:
    return list((await session.execute(
        select(Photo.id).where(Photo.album_id == album_id, Photo.order_id.is_(None))
    )).scalars())
