"""Labelled examples of reading: what a person wrote, what the bot read, what was right.

Written in the same transaction as the answer that settles them (✔, ✘, the alternative, a
question answered, a correction); read by `supplierbot corpus export`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ReadingExample
from storage.pending_rows import pending

SOURCES = ("confirmed", "rejected", "alternative", "clarified", "corrected")


async def add_example(
    session: AsyncSession, *, text: str, role: str, sent_at: datetime, source: str, shown: dict[str, Any] | None,
    right: dict[str, Any] | None, platform: str, chat_id: str, supplier_id: int | None, now: datetime,
) -> ReadingExample:
    if source not in SOURCES:
        raise ValueError(f"unknown example source {source!r}")
    example = ReadingExample(text=text[:2000], role=role, sent_at=sent_at, recorded_at=now, source=source,
                             shown=shown, right=right, supplier_id=supplier_id, platform=platform,
                             chat_id=chat_id)
    session.add(example)
    await session.flush()
    return example


async def all_examples(session: AsyncSession) -> Sequence[ReadingExample]:
    return list((await session.execute(select(ReadingExample).order_by(ReadingExample.id))).scalars())


async def recent_settled(session: AsyncSession, supplier_id: int,
                         limit: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    """A supplier's latest settled readings, newest first: the words, how they were settled, the right reading.

    Asked whenever the reader is unsure (about one message in nine): it autoflushes only when an
    example is pending (`pending`), so a batch's other rows stay pending to be written together
    (it was the cause of most of a batch's flushes: 40 of 57 in the bench's WeCom traffic)."""
    query = (select(ReadingExample.text, ReadingExample.source, ReadingExample.right)
             .where(ReadingExample.supplier_id == supplier_id).order_by(ReadingExample.id.desc()).limit(limit)
             .execution_options(autoflush=pending(session.sync_session, ReadingExample)))
    return [(row.text, row.source, row.right) for row in (await session.execute(query)).all()]
