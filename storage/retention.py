"""Retention: what a years-long installation may forget, and how to forget it gently.

* Photos past `photo_days` lose their full-size file; the row, the thumbnail and the hash
  stay, so the dashboard still shows what was documented and a re-sent picture is still
  recognised. A file is deleted only when no newer row still uses it (content addressing
  lets two rows share one file), and only after the row change committed: a crash in
  between leaves an orphan file, never a row pointing at nothing.
* Inbox rows past `inbox_days` that were processed or ignored are deleted. Progress reports
  and outbox rows that point at one have that pointer set to NULL rather than keeping the
  inbox row: the report keeps its own text, reporter, platform and time, and the raw
  platform payload (names, phone numbers in forwarded contacts) is exactly what retention
  exists to drop. Pending and failed rows are never pruned: they are work or evidence.
* Outbox rows that were sent or dead-lettered, last attempted before the cut-off, are deleted.

Candidates are found in read transactions and changed in small write transactions, so
the single SQLite writer (or a PostgreSQL table) is never held for long.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database, rows_changed
from storage.inbox_file import InboxFile
from storage.models import InboxMessage, InboxState, OutboxMessage, OutboxState, Photo, ProgressReport
from storage.photo_store import PhotoStore

BATCH = 200
FIRST_BATCH = 16
WRITE_BUDGET = 0.2
PRUNABLE_INBOX = (InboxState.PROCESSED.value, InboxState.IGNORED.value)
FINISHED_OUTBOX = (OutboxState.SENT.value, OutboxState.DEAD.value)


@dataclass
class PruneResult:
    photos_pruned: int = 0
    photo_files_deleted: int = 0
    inbox_deleted: int = 0
    references_cleared: int = 0
    outbox_deleted: int = 0
    inbox_file_deleted: int = 0

    def summary(self) -> str:
        return (f"{self.photos_pruned} photos lost their full-size file ({self.photo_files_deleted} files deleted), "
                f"{self.inbox_deleted} inbox rows deleted ({self.references_cleared} references cleared), "
                f"{self.outbox_deleted} outbox rows deleted, "
                f"{self.inbox_file_deleted} moved rows deleted from the inbox file")


@dataclass
class _Pace:
    """Sizes batches so one write transaction stays near `budget` seconds.

    Deleting an inbox row makes the database look for rows referencing it, and without
    an index on those columns each look-up reads a whole table: the batch shrinks until
    the writer is held only briefly, however slow each row is.
    """

    size: int
    largest: int
    budget: float = WRITE_BUDGET
    pause: float = 0.0

    @asynccontextmanager
    async def write(self, database: Database) -> AsyncIterator[AsyncSession]:
        started = time.monotonic()
        async with database.write() as session:
            yield session
        elapsed = time.monotonic() - started
        if elapsed > self.budget:
            self.size = max(1, int(self.size * self.budget / elapsed))
        elif elapsed < self.budget / 4:
            self.size = min(self.largest, self.size * 2)
        await asyncio.sleep(self.pause)


async def prune(database: Database, photo_store: PhotoStore, *, now: datetime, photo_days: int, inbox_days: int,
                batch: int = BATCH, pause: float = 0.0, budget: float = WRITE_BUDGET,
                inbox_file: InboxFile | None = None) -> PruneResult:
    """Forget what is older than the given ages; safe to run while the service runs, and again.
    The inbox file forgets moved rows on the inbox's schedule: until then a re-delivery is a duplicate."""
    if now.tzinfo is None:
        raise ValueError("prune needs a timezone-aware `now`")
    if photo_days < 1 or inbox_days < 1:
        raise ValueError("retention ages must be at least one day")
    result = PruneResult()

    def pace() -> _Pace:
        return _Pace(min(batch, FIRST_BATCH), batch, budget, pause)

    await _prune_outbox(database, now - timedelta(days=inbox_days), result, pace())
    await _prune_inbox(database, now - timedelta(days=inbox_days), result, pace())
    if inbox_file is not None:
        result.inbox_file_deleted = await inbox_file.prune(now - timedelta(days=inbox_days), size=batch)
    await _prune_photos(database, photo_store, now - timedelta(days=photo_days), result, pace())
    return result


async def _prune_outbox(database: Database, cutoff: datetime, result: PruneResult, pace: _Pace) -> None:
    while True:
        async with database.read() as session:
            ids = list((await session.execute(
                select(OutboxMessage.id)
                .where(OutboxMessage.state.in_(FINISHED_OUTBOX), OutboxMessage.next_attempt_at < cutoff)
                .limit(pace.size)
            )).scalars())
        if not ids:
            return
        async with pace.write(database) as session:
            deleted = await session.execute(
                delete(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.state.in_(FINISHED_OUTBOX))
            )
        result.outbox_deleted += rows_changed(deleted)


async def _prune_inbox(database: Database, cutoff: datetime, result: PruneResult, pace: _Pace) -> None:
    after = 0
    while True:
        async with database.read() as session:
            ids = list((await session.execute(
                select(InboxMessage.id)
                .where(InboxMessage.id > after, InboxMessage.state.in_(PRUNABLE_INBOX),
                       InboxMessage.received_at < cutoff)
                .order_by(InboxMessage.id).limit(pace.size)
            )).scalars())
        if not ids:
            return
        after = ids[-1]
        async with pace.write(database) as session:
            reports = await session.execute(
                update(ProgressReport).where(ProgressReport.inbox_id.in_(ids)).values(inbox_id=None)
            )
            replies = await session.execute(
                update(OutboxMessage).where(OutboxMessage.inbox_id.in_(ids)).values(inbox_id=None)
            )
            deleted = await session.execute(
                delete(InboxMessage).where(InboxMessage.id.in_(ids), InboxMessage.state.in_(PRUNABLE_INBOX))
            )
        result.references_cleared += rows_changed(reports) + rows_changed(replies)
        result.inbox_deleted += rows_changed(deleted)


async def _prune_photos(database: Database, store: PhotoStore, cutoff: datetime, result: PruneResult,
                        pace: _Pace) -> None:
    after = 0
    while True:
        async with database.read() as session:
            rows = (await session.execute(
                select(Photo.id, Photo.sha256, Photo.path)
                .where(Photo.id > after, Photo.path.is_not(None), Photo.uploaded_at < cutoff)
                .order_by(Photo.id).limit(pace.size)
            )).all()
        if not rows:
            return
        after = rows[-1].id
        ids = [row.id for row in rows]
        paths = {row.sha256: row.path for row in rows}
        async with pace.write(database) as session:
            pruned = await session.execute(
                update(Photo).where(Photo.id.in_(ids), Photo.path.is_not(None)).values(path=None)
            )
            still_used = set((await session.execute(
                select(Photo.sha256).where(Photo.sha256.in_(list(paths)), Photo.path.is_not(None))
            )).scalars())
        result.photos_pruned += rows_changed(pruned)
        for sha256, path in paths.items():
            if sha256 not in still_used and path and await asyncio.to_thread(_delete_file, store, path):
                result.photo_files_deleted += 1


def _delete_file(store: PhotoStore, path: str) -> bool:
    try:
        store.open(path)
    except (FileNotFoundError, ValueError):
        return False
    store.delete(path)
    return True
