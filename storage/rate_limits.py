"""Sending limits shared by every replica: counters per bucket and window in the database.

A platform's limits are the real ceiling of throughput (Telegram ~30/s overall, 1/s per
chat, 20/min per group; WeCom 30/min per member, robots 20/min). Counting in the
database keeps several replicas under the limit together.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import rows_changed
from storage.models import RateWindow
from storage.upsert import insert_ignoring_conflicts

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Limit:
    bucket: str
    count: int
    per: timedelta


def window_start(now: datetime, per: timedelta) -> datetime:
    elapsed = (now - EPOCH) // per
    return EPOCH + elapsed * per


@dataclass(frozen=True, slots=True)
class Refusal:
    """A full bucket and when its next window opens."""

    limit: Limit
    retry_at: datetime


async def reserve(session: AsyncSession, limits: list[Limit], now: datetime) -> Refusal | None:
    """Take one send from every bucket, or none: returns None when granted, else the full bucket.

    Platforms count in sliding windows, so a fixed-window counter would let a burst straddle
    a window boundary and earn a 429. The previous window's count is weighed by how much of
    it still overlaps the sliding window ending now (the estimate Cloudflare uses).
    The caller runs this in its own transaction and must roll back when a refusal is
    returned, so a refused reservation counts nowhere.
    """
    for limit in limits:
        start = window_start(now, limit.per)
        previous = await session.scalar(
            select(RateWindow.count).where(RateWindow.bucket == limit.bucket,
                                           RateWindow.window_start == start - limit.per)
        ) or 0
        overlap = 1 - (now - start) / limit.per
        allowed = limit.count - math.ceil(previous * overlap - 1e-9)
        await session.execute(
            insert_ignoring_conflicts(session, RateWindow.__table__, ["bucket", "window_start"]).values(
                bucket=limit.bucket, window_start=start, count=0
            )
        )
        result = await session.execute(
            update(RateWindow)
            .where(RateWindow.bucket == limit.bucket, RateWindow.window_start == start, RateWindow.count < allowed)
            .values(count=RateWindow.count + 1)
        )
        if rows_changed(result) != 1:
            return Refusal(limit, _next_chance(now, start, limit, previous))
    return None


def _next_chance(now: datetime, start: datetime, limit: Limit, previous: int) -> datetime:
    """When the estimate will have room again: one send's share of the window later, at most
    the start of the next window (where only the previous count's overlap remains)."""
    step = limit.per / max(previous, limit.count)
    return min(start + limit.per, now + step)


async def prune_windows(session: AsyncSession, before: datetime) -> None:
    from sqlalchemy import delete

    await session.execute(delete(RateWindow).where(RateWindow.window_start < before))


async def current_count(session: AsyncSession, limit: Limit, now: datetime) -> int:
    start = window_start(now, limit.per)
    value = await session.scalar(
        select(RateWindow.count).where(RateWindow.bucket == limit.bucket, RateWindow.window_start == start)
    )
    return int(value or 0)
