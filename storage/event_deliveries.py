"""The delivery queue of outbound events: one row per event and sink, leased, retried with
back-off, dead-lettered. The chat outbox's sibling (`storage.outbox`): the same lease fencing,
but its rows name a sink instead of a chat and carry no `Reply`, so the chat dispatcher never
claims them and neither queue's back-off holds up the other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import rows_changed
from storage.models import EventDelivery, OutboundEvent, OutboxState


@dataclass(frozen=True, slots=True)
class Due:
    """A leased delivery and what it carries."""

    id: int
    sink: str
    attempts: int
    event_id: str
    event_type: str
    payload: dict


async def claim_due(
    session: AsyncSession, *, now: datetime, lease_now: datetime, owner: str, lease: timedelta, limit: int,
    skip_sinks: frozenset[str] = frozenset(),
) -> list[Due]:
    """Lease up to `limit` due deliveries, oldest event first; replicas skip each other's rows."""
    query = (
        select(EventDelivery)
        .where(
            EventDelivery.state == OutboxState.PENDING.value,
            EventDelivery.next_attempt_at <= now,
            or_(EventDelivery.lease_until.is_(None), EventDelivery.lease_until < lease_now),
        )
        .order_by(EventDelivery.event_pk, EventDelivery.id)
        .limit(limit)
    )
    if skip_sinks:
        query = query.where(EventDelivery.sink.not_in(list(skip_sinks)))
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list((await session.execute(query)).scalars())
    if not rows:
        return []
    for row in rows:
        row.lease_owner = owner
        row.lease_until = lease_now + lease
    await session.flush()
    events = {e.id: e for e in (await session.execute(
        select(OutboundEvent).where(OutboundEvent.id.in_([r.event_pk for r in rows]))
    )).scalars()}
    return [Due(r.id, r.sink, r.attempts, events[r.event_pk].event_id, events[r.event_pk].type,
                events[r.event_pk].payload) for r in rows]


def _fenced(row_id: int, owner: str, lease_now: datetime):  # noqa: ANN202
    return and_(
        EventDelivery.id == row_id,
        EventDelivery.lease_owner == owner,
        EventDelivery.lease_until >= lease_now,
        EventDelivery.state == OutboxState.PENDING.value,
    )


async def reschedule(session: AsyncSession, row_id: int, *, owner: str, lease_now: datetime, at: datetime,
                     error: str, count_attempt: bool) -> bool:
    values: dict[str, object] = {"next_attempt_at": at, "lease_owner": None, "lease_until": None,
                                 "last_error": error[:2000]}
    if count_attempt:
        values["attempts"] = EventDelivery.attempts + 1
    result = await session.execute(update(EventDelivery).where(_fenced(row_id, owner, lease_now)).values(**values))
    return rows_changed(result) == 1


async def mark_dead(session: AsyncSession, row_id: int, *, owner: str, lease_now: datetime, error: str) -> bool:
    result = await session.execute(
        update(EventDelivery).where(_fenced(row_id, owner, lease_now))
        .values(state=OutboxState.DEAD.value, last_error=error[:2000], lease_owner=None, lease_until=None,
                attempts=EventDelivery.attempts + 1)
    )
    return rows_changed(result) == 1


async def defer_sink(session: AsyncSession, sink: str, *, until: datetime, owner: str, lease_now: datetime) -> int:
    """Hold back every pending delivery of a sink that is down or asked us to slow down, in one
    statement, instead of trying (and failing) each of them."""
    result = await session.execute(
        update(EventDelivery)
        .where(
            EventDelivery.state == OutboxState.PENDING.value,
            EventDelivery.sink == sink,
            EventDelivery.next_attempt_at < until,
            or_(EventDelivery.lease_owner.is_(None), EventDelivery.lease_owner == owner,
                EventDelivery.lease_until < lease_now),
        )
        .values(next_attempt_at=until, lease_owner=None, lease_until=None)
    )
    return rows_changed(result)


async def release_leases(session: AsyncSession, owner: str) -> int:
    result = await session.execute(
        update(EventDelivery)
        .where(EventDelivery.lease_owner == owner, EventDelivery.state == OutboxState.PENDING.value)
        .values(lease_owner=None, lease_until=None)
    )
    return rows_changed(result)


async def drop_sink(session: AsyncSession, sink: str) -> int:
    """A sink was removed: its pending deliveries go with it (nobody is left to take them)."""
    result = await session.execute(
        update(EventDelivery)
        .where(EventDelivery.sink == sink, EventDelivery.state == OutboxState.PENDING.value)
        .values(state=OutboxState.DEAD.value, last_error="sink removed", lease_owner=None, lease_until=None)
    )
    return rows_changed(result)


async def requeue_dead(session: AsyncSession, *, now: datetime, sink: str | None = None) -> int:
    """Send the dead letters again (after the receiver was fixed), keeping their event ids."""
    where = [EventDelivery.state == OutboxState.DEAD.value, EventDelivery.last_error != "sink removed"]
    if sink is not None:
        where.append(EventDelivery.sink == sink)
    result = await session.execute(
        update(EventDelivery).where(*where).values(state=OutboxState.PENDING.value, attempts=0, next_attempt_at=now)
    )
    return rows_changed(result)


async def counts_by_sink(session: AsyncSession) -> dict[str, dict[str, int]]:
    """{sink: {state: count}}: what `webhooks list`, `doctor` and `/metrics` show."""
    found: dict[str, dict[str, int]] = {}
    for sink, state, count in (await session.execute(
        select(EventDelivery.sink, EventDelivery.state, func.count()).group_by(EventDelivery.sink, EventDelivery.state)
    )).all():
        found.setdefault(sink, {})[state] = int(count)
    return found


async def prune_before(session: AsyncSession, before: datetime) -> int:
    """Events recorded before `before` with nothing still waiting, and their deliveries: gone
    (retention). Safe for the feed: its cursors passed those rows long ago. Returns events removed."""
    waiting = select(EventDelivery.event_pk).where(EventDelivery.state == OutboxState.PENDING.value)
    old = select(OutboundEvent.id).where(OutboundEvent.recorded_at < before, OutboundEvent.id.not_in(waiting))
    await session.execute(delete(EventDelivery).where(EventDelivery.event_pk.in_(old)))
    result = await session.execute(
        delete(OutboundEvent).where(OutboundEvent.recorded_at < before, OutboundEvent.id.not_in(waiting)))
    return rows_changed(result)


async def mark_delivered_many(session: AsyncSession, row_ids: list[int], *, owner: str, lease_now: datetime,
                              at: datetime) -> int:
    """Record deliveries only where `owner` still holds the lease: one executemany for the batch,
    fenced per row like every write here. Returns how many it recorded."""
    if not row_ids:
        return 0
    table = EventDelivery.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"), table.c.lease_owner == owner, table.c.lease_until >= lease_now,
               table.c.state == OutboxState.PENDING.value)
        .values(state=OutboxState.SENT.value, delivered_at=at, lease_owner=None, lease_until=None,
                attempts=table.c.attempts + 1, last_error=None)
    )
    result = await session.execute(statement, [{"row_id": row_id} for row_id in row_ids])
    return rows_changed(result)
