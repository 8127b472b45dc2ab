"""The inbound pipeline: verify (in the adapter) → store in the inbox, deduplicated →
commit → answer 200 → process: the handler's records and replies commit together.

An answer of 200 means "stored": whatever happens after, the message is in the inbox and
will be processed, on this replica or another, after a crash or a restart.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.codec import message_from_dict, message_to_dict
from bot.ports import Channel, InboundMessage, Platform, Reply, SendError, StorageUnavailable
from bot.settings import Settings
from handlers.context import HandlerContext, MessageHandler, PhotoIssue
from storage import outbox
from storage.db import Database, is_database_down
from storage.models import InboxMessage, InboxState
from storage.photo_store import PhotoRejected, PhotoStore, StoredPhoto
from storage.upsert import insert_ignoring_conflicts

log = logging.getLogger("supplierbot.pipeline")

MAX_PROCESS_ATTEMPTS = 3
SORRY = {
    "zh": "抱歉，处理这条消息时出错了，已通知管理员。请稍后再试。",
    "en": "Sorry, something went wrong with this message; the administrator has been told. Please try again later.",
}
DOWNLOAD_FAILED = PhotoIssue(
    "download_failed",
    "照片没有收到（下载失败），请重新发送。",
    "The photo did not come through (download failed). Please send it again.",
)


class InboundPipeline:
    """Implements `bot.ports.InboundSink` and runs the processing worker of one replica."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        settings: Settings,
        handler: MessageHandler,
        channels: dict[Platform, Channel],
        photo_store: PhotoStore,
        *,
        on_replies: object = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.settings = settings
        self.handler = handler
        self.channels = channels
        self.photo_store = photo_store
        self._wake = asyncio.Event()
        self._on_replies = on_replies
        self.accepted = 0
        self.duplicates = 0

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        """Store the message (once per platform id) and commit; raise `StorageUnavailable` if we can't."""
        try:
            async with self.database.write() as session:
                new = await self._insert(session, message, raw)
        except Exception as exc:
            if is_database_down(exc):
                raise StorageUnavailable(str(exc)) from exc
            raise
        if new:
            self.accepted += 1
            self._wake.set()
        else:
            self.duplicates += 1
        return new

    async def _insert(self, session: AsyncSession, message: InboundMessage, raw: str) -> bool:
        statement = insert_ignoring_conflicts(session, InboxMessage.__table__, ["platform", "external_id"]).values(
            platform=message.platform.value,
            external_id=message.external_id[:160],
            chat_id=message.chat.chat_id,
            sender_id=message.sender.user_id,
            received_at=self.clock.now(),
            message=message_to_dict(message),
            raw=raw,
            state=InboxState.PENDING.value,
            attempts=0,
        ).returning(InboxMessage.__table__.c.id)
        return (await session.execute(statement)).first() is not None

    async def run(self, stop: asyncio.Event, idle_poll: float = 1.0) -> None:
        """Process pending inbox rows until `stop`; also picks up what a crash left behind."""
        while not stop.is_set():
            try:
                handled = await self.process_pending()
            except Exception as exc:
                if is_database_down(exc):
                    log.warning("inbox paused, database unavailable: %s", exc)
                else:
                    log.exception("inbox processing failed")
                handled = 0
            if handled == 0:
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=idle_poll)
                except TimeoutError:
                    pass

    async def process_pending(self, limit: int = 50) -> int:
        async with self.database.read() as session:
            ids = list((await session.execute(
                select(InboxMessage.id).where(InboxMessage.state == InboxState.PENDING.value)
                .order_by(InboxMessage.id).limit(limit)
            )).scalars())
        for inbox_id in ids:
            await self.process(inbox_id)
        return len(ids)

    async def process(self, inbox_id: int) -> None:
        """Run the handler for one stored message; its records, replies and the inbox state commit together."""
        async with self.database.read() as session:
            row = await session.get(InboxMessage, inbox_id)
            if row is None or row.state != InboxState.PENDING.value:
                return
            message = message_from_dict(row.message)
        photos, issues = await self._take_photos(message)
        ctx = HandlerContext(
            now=self.clock.now(),
            timezone=self.settings.zone,
            language=self.settings.language,
            inbox_id=inbox_id,
            photos=tuple(photos),
            photo_issues=tuple(issues),
            undo_window=timedelta(minutes=self.settings.undo_window_minutes),
        )
        try:
            async with self.database.write() as session:
                claimed = await self._claim(session, inbox_id)
                if not claimed:
                    return
                replies = await self.handler(session, message, ctx)
                await self._queue(session, inbox_id, replies)
                await session.execute(
                    update(InboxMessage).where(InboxMessage.id == inbox_id)
                    .values(state=InboxState.PROCESSED.value, processed_at=self.clock.now(),
                            attempts=InboxMessage.attempts + 1)
                )
        except Exception as exc:
            if is_database_down(exc):
                raise
            log.exception("handler failed on inbox %s", inbox_id)
            await self._record_failure(inbox_id, message, exc)
            return
        if callable(self._on_replies):
            self._on_replies()

    async def _claim(self, session: AsyncSession, inbox_id: int) -> bool:
        query = select(InboxMessage.id).where(
            InboxMessage.id == inbox_id, InboxMessage.state == InboxState.PENDING.value
        )
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return (await session.execute(query)).first() is not None

    async def _queue(self, session: AsyncSession, inbox_id: int, replies: list[Reply]) -> None:
        for index, reply in enumerate(replies):
            await outbox.enqueue(session, f"inbox:{inbox_id}:{index}", reply, now=self.clock.now(), inbox_id=inbox_id)

    async def _record_failure(self, inbox_id: int, message: InboundMessage, exc: Exception) -> None:
        async with self.database.write() as session:
            row = await session.get(InboxMessage, inbox_id)
            if row is None or row.state != InboxState.PENDING.value:
                return
            row.attempts += 1
            row.error = f"{type(exc).__name__}: {exc}"[:2000]
            if row.attempts >= MAX_PROCESS_ATTEMPTS:
                row.state = InboxState.FAILED.value
                language = "en" if (message.sender.language or "").startswith("en") else self.settings.language
                sorry = Reply(chat=message.chat, text=SORRY[language], reply_to_external_id=None)
                await outbox.enqueue(session, f"inbox:{inbox_id}:failed", sorry, now=self.clock.now(),
                                     inbox_id=inbox_id)

    async def _take_photos(self, message: InboundMessage) -> tuple[list[StoredPhoto], list[PhotoIssue]]:
        """Download and store each photo before the transaction: content-addressed, so a retry is harmless."""
        photos: list[StoredPhoto] = []
        issues: list[PhotoIssue] = []
        for media in message.photos:
            if media.size is not None and media.size > self.photo_store.max_bytes:
                rejected = PhotoRejected("too_large", size=media.size, max_bytes=self.photo_store.max_bytes)
                issues.append(PhotoIssue(rejected.code, rejected.message("zh"), rejected.message("en")))
                continue
            try:
                data = media.data
                if data is None:
                    channel = self.channels.get(message.platform)
                    if channel is None:
                        raise SendError(f"no channel for {message.platform}", permanent=True)
                    data = await channel.download(media)
                photos.append(await asyncio.to_thread(self.photo_store.accept, data))
            except PhotoRejected as rejected:
                issues.append(PhotoIssue(rejected.code, rejected.message("zh"), rejected.message("en")))
            except SendError as exc:
                log.warning("photo download failed for %s: %s", message.external_id, exc)
                issues.append(DOWNLOAD_FAILED)
        return photos, issues
