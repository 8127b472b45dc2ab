"""Routes an inbound message to the conversation that answers it (placeholder: acknowledges)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import InboundMessage, Reply
from handlers.context import HandlerContext


async def handle_message(session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
    if not message.text and not message.photos and not message.button_payload:
        return []
    return [Reply(chat=message.chat, text=f"收到 / noted: {message.text[:200]}")]
