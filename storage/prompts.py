"""Scheduled prompts to supplier chats and whether they were answered (reporting compliance).

A prompt row is unique on its schedule key (supplier and slot), so the insert is the
exactly-once guard of the prompt itself; the nudge is claimed by a conditional update. One
row per supplier and slot, however many chats heard it: compliance asks whether the
supplier answered when asked, not how many chats it has. (Rows from before carry the one
chat they went to in `binding_id` and a key of that chat.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.batch_cache import cached, in_batch
from storage.db import rows_changed
from storage.models import Prompt
from storage.upsert import insert_ignoring_conflicts


def schedule_key(supplier_id: int, slot: datetime) -> str:
    return f"s{supplier_id}:{slot.isoformat()}"


async def record_prompt(
    session: AsyncSession, *, key: str, supplier_id: int, binding_id: int | None, order_ids: Sequence[int],
    sent_at: datetime, reply_by: datetime,
) -> int | None:
    """Insert the prompt of one slot; its id when new, None when the slot was prompted before."""
    statement = insert_ignoring_conflicts(session, Prompt.__table__, ["schedule_key"]).values(
        schedule_key=key, supplier_id=supplier_id, binding_id=binding_id, order_ids=list(order_ids),
        sent_at=sent_at, reply_by=reply_by,
    ).returning(Prompt.__table__.c.id)
    return (await session.execute(statement)).scalar()


async def claim_nudge(session: AsyncSession, prompt_id: int, now: datetime) -> bool:
    """Mark a prompt nudged; False when it was answered or nudged meanwhile (by another replica)."""
    result = await session.execute(
        update(Prompt)
        .where(Prompt.id == prompt_id, Prompt.nudged_at.is_(None), Prompt.answered_at.is_(None))
        .values(nudged_at=now)
    )
    return rows_changed(result) == 1


async def mark_prompts_answered(session: AsyncSession, supplier_id: int, now: datetime) -> int:
    """Any report from a supplier answers its open prompts (late answers keep their time, so
    compliance can tell them apart). Returns how many prompts it answered.

    Asked after nearly every report, and nearly always with nothing to answer: a processing
    batch reads once when the supplier's unanswered prompts were sent and updates only when
    one is due (an update forgets what was read, so the next report reads again)."""
    if in_batch(session):
        async def load() -> list[datetime]:
            return list(await session.scalars(
                select(Prompt.sent_at).where(Prompt.supplier_id == supplier_id, Prompt.answered_at.is_(None))))

        waiting = await cached(session, ("unanswered_prompts", supplier_id), ["prompts"], load)
        if not any(sent_at <= now for sent_at in waiting):
            return 0
    result = await session.execute(
        update(Prompt)
        .where(Prompt.supplier_id == supplier_id, Prompt.answered_at.is_(None), Prompt.sent_at <= now)
        .values(answered_at=now)
    )
    return rows_changed(result)


async def compliance(session: AsyncSession, supplier_id: int, since: datetime, until: datetime) -> tuple[int, int]:
    """(answered within the reply window, sent) for prompts sent in [since, until): 填报及时率."""
    sent = func.count(Prompt.id)
    on_time = func.count(Prompt.id).filter(Prompt.answered_at.is_not(None), Prompt.answered_at <= Prompt.reply_by)
    row = (await session.execute(
        select(on_time, sent).where(Prompt.supplier_id == supplier_id, Prompt.sent_at >= since,
                                    Prompt.sent_at < until)
    )).one()
    return int(row[0]), int(row[1])


async def prompts_awaiting(session: AsyncSession, supplier_id: int, now: datetime) -> list[list[int]]:
    """The order ids of each prompt to the supplier still unanswered and inside its reply window."""
    rows: Sequence[list[int] | None] = (await session.scalars(
        select(Prompt.order_ids).where(Prompt.supplier_id == supplier_id, Prompt.answered_at.is_(None),
                                       Prompt.sent_at <= now, Prompt.reply_by >= now)
    )).all()
    return [list(ids or []) for ids in rows]
