"""The ERP pulls' state as people and monitors read it: cursor, last success, last error,
whether it is failing now, the last run's counts and the conflicts waiting to be settled."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ErpConflict, ErpSyncState


async def sync_states(session: AsyncSession) -> list[dict[str, Any]]:
    """Every system's state with its open conflicts, for doctor, /metrics and the admin page."""
    states = list((await session.scalars(select(ErpSyncState).order_by(ErpSyncState.system))).all())
    open_conflicts = dict((await session.execute(
        select(ErpConflict.system, func.count()).where(ErpConflict.settled_at.is_(None)).group_by(ErpConflict.system)
    )).all())
    return [{
        "system": s.system, "cursor": s.cursor, "last_attempt_at": s.last_attempt_at,
        "last_success_at": s.last_success_at, "last_error": s.last_error, "last_error_at": s.last_error_at,
        "failing": bool(s.last_error_at and (s.last_success_at is None or s.last_error_at > s.last_success_at)),
        "counts": dict(s.last_counts or {}), "conflicts": int(open_conflicts.get(s.system, 0)),
    } for s in states]
