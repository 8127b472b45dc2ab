"""The outbox: replies and prompts waiting to be sent, written in the transaction of the
records they confirm. An idempotency key makes every enqueue happen at most once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import rows_changed
from storage.models import OutboxMessage, OutboxState
from storage.upsert import insert_ignoring_conflicts


class Address(Protocol):
    @property
    def platform(self) -> str: ...

    @property
    def chat_id(self) -> str: ...


class Outgoing(Protocol):
    """What the outbox needs of a message (a `bot.ports.Reply`): where it goes, and a payload
    it stores without reading; the dispatcher turns the payload back into the message."""

    @property
    def chat(self) -> Address: ...

    def to_dict(self) -> dict[str, Any]: ...


_HELD = "supplierbot.outbox_held"


def _row(key: str, reply: Outgoing, now: datetime, inbox_id: int | None,
         not_before: datetime | None) -> dict[str, Any]:
    return {
        "idempotency_key": key[:200],
        "platform": str(reply.chat.platform),
        "chat_id": reply.chat.chat_id,
        "payload": reply.to_dict(),
        "state": OutboxState.PENDING.value,
        "attempts": 0,
        "next_attempt_at": not_before or now,
        "created_at": now,
        "inbox_id": inbox_id,
    }


async def enqueue(
    session: AsyncSession,
    key: str,
    reply: Outgoing,
    *,
    now: datetime,
    inbox_id: int | None = None,
    not_before: datetime | None = None,
) -> bool:
    """Queue one reply under `key`; False when that key was queued before (nothing changes)."""
    return await _insert_new(session, [_row(key, reply, now, inbox_id, not_before)]) == 1


async def enqueue_many(session: AsyncSession, replies: Sequence[tuple[str, Outgoing]], *, now: datetime) -> int:
    """`enqueue` for many (key, reply) pairs in one statement, in the order given: how many were
    new (a key queued before changes nothing). A job's chunk queues its messages in one round trip."""
    if not replies:
        return 0
    return await _insert_new(session, [_row(key, reply, now, None, None) for key, reply in replies])


async def _insert_new(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows in one statement, skipping idempotency keys queued before: how many were new."""
    await write_held(session)  # rows held back go first: ids follow the order things were queued in
    statement = (insert_ignoring_conflicts(session, OutboxMessage.__table__, ["idempotency_key"])
                 .values(rows).returning(OutboxMessage.__table__.c.id))
    return len((await session.execute(statement)).all())


def hold_rows(session: AsyncSession) -> None:
    """From now on `enqueue_held` keeps this session's rows back until `write_held` (a
    processing batch: its replies become one statement instead of one each)."""
    session.sync_session.info.setdefault(_HELD, [])


async def enqueue_held(
    session: AsyncSession, key: str, reply: Outgoing, *, now: datetime, inbox_id: int | None = None,
) -> None:
    """`enqueue` whose answer nobody needs: held back when the session holds rows, else written now.
    Whatever reads or writes the outbox in the same session calls `write_held` first."""
    held: list[dict[str, Any]] | None = session.sync_session.info.get(_HELD)
    if held is None:
        await enqueue(session, key, reply, now=now, inbox_id=inbox_id)
    else:
        held.append(_row(key, reply, now, inbox_id, None))


async def write_held(session: AsyncSession) -> None:
    """Write the rows held back, in the order they were queued, in one statement."""
    held: list[dict[str, Any]] | None = session.sync_session.info.get(_HELD)
    if not held:
        return
    rows = list(held)
    held.clear()
    statement = insert_ignoring_conflicts(session, OutboxMessage.__table__, ["idempotency_key"])
    await session.execute(statement, rows)


async def claim_due(
    session: AsyncSession, *, now: datetime, lease_now: datetime, owner: str, lease: timedelta, limit: int
) -> list[OutboxMessage]:
    """Lease up to `limit` due rows to `owner`. On PostgreSQL replicas skip each other's locked rows.

    `now` decides what is due (the service clock); `lease_now` is the database's clock, so a
    replica whose own clock jumps cannot steal or keep a lease.
    """
    table = OutboxMessage
    query = (
        select(table)
        .where(
            table.state == OutboxState.PENDING.value,
            table.next_attempt_at <= now,
            or_(table.lease_until.is_(None), table.lease_until < lease_now),
        )
        .order_by(table.next_attempt_at, table.id)
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list((await session.execute(query)).scalars())
    for row in rows:
        row.lease_owner = owner
        row.lease_until = lease_now + lease
    await session.flush()
    return rows


def _fenced(row_id: int, owner: str, lease_now: datetime):  # noqa: ANN202
    return and_(
        OutboxMessage.id == row_id,
        OutboxMessage.lease_owner == owner,
        OutboxMessage.lease_until >= lease_now,
        OutboxMessage.state == OutboxState.PENDING.value,
    )


async def renew_lease(session: AsyncSession, row_id: int, *, owner: str, lease_now: datetime,
                      lease: timedelta) -> bool:
    """Extend `owner`'s lease on one row just before sending it; False when the lease is gone
    (another replica may have claimed the row: this one must not send it)."""
    result = await session.execute(
        update(OutboxMessage).where(_fenced(row_id, owner, lease_now)).values(lease_until=lease_now + lease)
    )
    return rows_changed(result) == 1


async def mark_sent(
    session: AsyncSession, row_id: int, *, owner: str, lease_now: datetime, sent_at: datetime,
    platform_message_id: str | None,
) -> bool:
    """Record a delivery only while `owner` still holds the lease; False when it lost it."""
    result = await session.execute(
        update(OutboxMessage)
        .where(_fenced(row_id, owner, lease_now))
        .values(state=OutboxState.SENT.value, sent_at=sent_at, platform_message_id=platform_message_id,
                lease_owner=None, lease_until=None, attempts=OutboxMessage.attempts + 1)
    )
    return rows_changed(result) == 1


async def reschedule(
    session: AsyncSession, row_id: int, *, owner: str, lease_now: datetime, at: datetime,
    error: str | None, count_attempt: bool,
) -> bool:
    values: dict[str, object] = {"next_attempt_at": at, "lease_owner": None, "lease_until": None}
    if error is not None:
        values["last_error"] = error[:2000]
    if count_attempt:
        values["attempts"] = OutboxMessage.attempts + 1
    result = await session.execute(update(OutboxMessage).where(_fenced(row_id, owner, lease_now)).values(**values))
    return rows_changed(result) == 1


async def mark_dead(session: AsyncSession, row_id: int, *, owner: str, lease_now: datetime, error: str) -> bool:
    result = await session.execute(
        update(OutboxMessage)
        .where(_fenced(row_id, owner, lease_now))
        .values(state=OutboxState.DEAD.value, last_error=error[:2000], lease_owner=None, lease_until=None,
                attempts=OutboxMessage.attempts + 1)
    )
    return rows_changed(result) == 1


async def release_leases(session: AsyncSession, owner: str) -> int:
    """Give back every lease `owner` holds (graceful shutdown)."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.lease_owner == owner, OutboxMessage.state == OutboxState.PENDING.value)
        .values(lease_owner=None, lease_until=None)
    )
    return rows_changed(result)


async def defer_chat(
    session: AsyncSession, *, platform: str, chat_id: str, until: datetime, owner: str, lease_now: datetime
) -> int:
    """Push every pending message of one chat to `until` (its rate window is full), in one statement,
    instead of claiming and refusing them one by one."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.state == OutboxState.PENDING.value,
            OutboxMessage.platform == platform,
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.next_attempt_at < until,
            or_(OutboxMessage.lease_owner.is_(None), OutboxMessage.lease_owner == owner,
                OutboxMessage.lease_until < lease_now),
        )
        .values(next_attempt_at=until, lease_owner=None, lease_until=None)
    )
    return rows_changed(result)
