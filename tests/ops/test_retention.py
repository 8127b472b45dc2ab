"""Retention forgets full-size photos, old raw messages and finished deliveries; keeps the rest."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from bot.clock import FakeClock
from bot.ports import ChatKind, ChatRef, Platform, Reply
from storage import outbox
from storage.db import Database
from storage.models import (
    InboxMessage,
    Order,
    OutboxMessage,
    OutboxState,
    Photo,
    ProgressReport,
    Supplier,
)
from storage.photo_store import PhotoStore, StoredPhoto
from storage.retention import prune

CHAT = ChatRef(Platform.TELEGRAM, "-100500", ChatKind.GROUP)


def jpeg(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def photo_row(stored: StoredPhoto, uploaded_at: datetime) -> Photo:
    return Photo(sha256=stored.sha256, size=stored.size, mime_type=stored.mime_type, width=stored.width,
                 height=stored.height, path=stored.path, thumb_path=stored.thumb_path, uploaded_by="王工",
                 uploaded_at=uploaded_at)


def inbox_row(external_id: str, received_at: datetime, state: str) -> InboxMessage:
    return InboxMessage(platform="telegram", external_id=external_id, chat_id=CHAT.chat_id, sender_id="42",
                        received_at=received_at, message={"text": external_id}, raw="{}", state=state, attempts=1)


async def test_prune_keeps_thumbnails_hashes_and_anything_still_needed(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    store = PhotoStore(tmp_path / "photos")
    now = clock.now()
    old, recent = now - timedelta(days=800), now - timedelta(days=10)
    alone, shared, fresh = (store.accept(jpeg(c)) for c in ((200, 0, 0), (0, 200, 0), (0, 0, 200)))

    async with database.write() as session:
        supplier = Supplier(code="HD", name="华达精密", created_at=now)
        session.add(supplier)
        await session.flush()
        order = Order(po="PO-1", po_key="1", supplier_id=supplier.id, part_no="BRK", process="stamping",
                      quantity=10, release_date=date(2024, 1, 1), due_date=date(2024, 2, 1), created_at=now,
                      updated_at=now)
        session.add(order)
        session.add_all([photo_row(alone, old), photo_row(shared, old), photo_row(shared, recent),
                         photo_row(fresh, recent)])
        inbox = {name: inbox_row(name, when, state) for name, when, state in (
            ("old-processed", old, "processed"), ("old-ignored", old, "ignored"), ("old-pending", old, "pending"),
            ("old-failed", old, "failed"), ("new-processed", recent, "processed"))}
        session.add_all(inbox.values())
        await session.flush()
        session.add(ProgressReport(order_id=order.id, kind="progress", reporter="王工", platform="telegram",
                                   inbox_id=inbox["old-processed"].id, reported_at=old, text="完成60%"))
        for key, at, inbox_id in (("sent-old", old, inbox["old-processed"].id), ("dead-old", old, None),
                                  ("pending-old", old, inbox["old-processed"].id), ("sent-new", recent, None)):
            await outbox.enqueue(session, key, Reply(chat=CHAT, text=key), now=at, inbox_id=inbox_id)
        await session.execute(OutboxMessage.__table__.update()
                              .where(OutboxMessage.idempotency_key.in_(["sent-old", "sent-new"]))
                              .values(state=OutboxState.SENT.value))
        await session.execute(OutboxMessage.__table__.update().where(OutboxMessage.idempotency_key == "dead-old")
                              .values(state=OutboxState.DEAD.value))

    result = await prune(database, store, now=now, photo_days=365, inbox_days=90, batch=2)

    assert (result.photos_pruned, result.photo_files_deleted) == (2, 1)
    assert (result.inbox_deleted, result.references_cleared, result.outbox_deleted) == (2, 2, 2)
    async with database.read() as session:
        photos = (await session.execute(select(Photo).order_by(Photo.id))).scalars().all()
        inbox_left = set((await session.execute(select(InboxMessage.external_id))).scalars())
        outbox_left = {r.idempotency_key: r.inbox_id for r in (await session.execute(select(OutboxMessage))).scalars()}
        report = (await session.execute(select(ProgressReport))).scalar_one()
    assert [p.path for p in photos] == [None, None, shared.path, fresh.path]
    assert [p.sha256 for p in photos] == [alone.sha256, shared.sha256, shared.sha256, fresh.sha256]
    assert all(p.thumb_path and (store.root / p.thumb_path).is_file() for p in photos)
    assert not (store.root / alone.path).exists()
    assert (store.root / shared.path).is_file() and (store.root / fresh.path).is_file()
    assert inbox_left == {"old-pending", "old-failed", "new-processed"}
    assert outbox_left == {"pending-old": None, "sent-new": None}
    assert report.inbox_id is None and report.text == "完成60%"

    again = await prune(database, store, now=now, photo_days=365, inbox_days=90)
    assert again.summary().startswith("0 photos") and again.inbox_deleted == again.outbox_deleted == 0
