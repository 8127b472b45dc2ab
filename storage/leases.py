"""Named leases in the database: which replica runs a singleton, such as the WeCom AI bot's
one long connection (WeCom keeps one connection per bot; a newer one kicks the older).

A lease is a row (name, owner, expires_at). Taking it is one conditional UPDATE, so two
replicas cannot both win. Time is the database's clock on PostgreSQL (`clock_timestamp()`),
so replicas with skewed clocks agree on expiry; SQLite is single-replica and uses the
service clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import rows_changed
from storage.models import Lease
from storage.upsert import insert_ignoring_conflicts

HOLD_OFF_PREFIX = "hold-off:"


async def lease_now(session: AsyncSession, service_now: Callable[[], datetime]) -> datetime:
    """The time leases are measured in: the database's clock where replicas share one
    (`service_now`, the service clock, on single-replica SQLite)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        value = await session.scalar(text("SELECT clock_timestamp()"))
        assert isinstance(value, datetime)
        return value
    return service_now()


async def acquire(session: AsyncSession, name: str, owner: str, ttl: timedelta, now: datetime) -> str:
    """Take `name` for `owner` when it is free, expired or already ours; returns the holder after."""
    table = Lease.__table__
    inserted = await session.execute(
        insert_ignoring_conflicts(session, table, ["name"])
        .values(name=name, owner=owner, expires_at=now + ttl)
        .returning(table.c.name)
    )
    if inserted.first() is not None:
        return owner
    taken = await session.execute(
        update(table)
        .where(table.c.name == name, or_(table.c.owner == owner, table.c.expires_at <= now))
        .values(owner=owner, expires_at=now + ttl)
    )
    if rows_changed(taken) == 1:
        return owner
    return str(await session.scalar(select(table.c.owner).where(table.c.name == name)) or "")


async def renew(session: AsyncSession, name: str, owner: str, ttl: timedelta, now: datetime) -> bool:
    """Extend our lease; False when it is no longer ours (another replica took it over)."""
    table = Lease.__table__
    result = await session.execute(
        update(table).where(table.c.name == name, table.c.owner == owner).values(expires_at=now + ttl)
    )
    return rows_changed(result) == 1


async def release(session: AsyncSession, name: str, owner: str, now: datetime,
                  hold_off: timedelta | None = None) -> bool:
    """Give the lease up if it is ours. With `hold_off` nobody may take it before now + hold_off:
    a connection that was kicked backs off for the whole fleet instead of fighting back."""
    table = Lease.__table__
    mine = (table.c.name == name, table.c.owner == owner)
    if hold_off is None:
        result = await session.execute(delete(table).where(*mine))
    else:
        tombstone = (HOLD_OFF_PREFIX + owner)[:120]
        result = await session.execute(update(table).where(*mine).values(owner=tombstone, expires_at=now + hold_off))
    return rows_changed(result) == 1


async def holder(session: AsyncSession, name: str, now: datetime) -> str | None:
    """Who holds `name` now: None when nobody does (absent, expired, or held off)."""
    table = Lease.__table__
    row = (await session.execute(select(table.c.owner, table.c.expires_at).where(table.c.name == name))).first()
    if row is None or row.expires_at <= now or row.owner.startswith(HOLD_OFF_PREFIX):
        return None
    return str(row.owner)
