"""A node's history rows read back: what one report changed, for its undo."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import MilestoneChange


async def changes_of_report(session: AsyncSession, report_id: int, *, except_source: str) -> list[MilestoneChange]:
    """The rows a report wrote (not those from `except_source`, e.g. an earlier undo), newest first."""
    return list((await session.execute(
        select(MilestoneChange).where(MilestoneChange.report_id == report_id,
                                      MilestoneChange.source != except_source)
        .order_by(MilestoneChange.id.desc())
    )).scalars())
