"""What a handler is given besides the message and its database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import InboundMessage, Reply
from scheduler.ladder import Ladder
from storage.attachment_store import StoredAttachment
from storage.photo_store import StoredPhoto


@dataclass(frozen=True, slots=True)
class PhotoIssue:
    """A photo that could not be taken, with what to tell the sender."""

    code: str
    message_zh: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_zh if language.startswith("zh") else self.message_en


@dataclass(frozen=True, slots=True)
class HandlerContext:
    now: datetime
    timezone: ZoneInfo
    language: str  # the service's default; a chat or person may prefer another
    inbox_id: int
    photos: tuple[StoredPhoto, ...] = ()
    photo_issues: tuple[PhotoIssue, ...] = ()
    undo_window: timedelta = field(default=timedelta(minutes=30))
    attachments: tuple[StoredAttachment, ...] = ()  # documents stored before the transaction
    # the service's exception ladder (calendar, policies, language), built once from the
    # settings; required, so no handler can fall back to a built-in calendar
    ladder: Ladder = field(kw_only=True)


class MessageHandler(Protocol):
    """Reads one inbound message inside the transaction that will also store its effects."""

    async def __call__(self, session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
        ...
