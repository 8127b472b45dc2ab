"""The one question the bot is waiting on per platform, chat and user: found and dropped here;
what a question means and when it expires is the conversation's (`handlers.conversation_state`)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationState


async def pending_question(session: AsyncSession, platform: str, chat_id: str, user_id: str) -> ConversationState | None:
    """The stored question for this sender in this chat, expired or not."""
    return (await session.execute(
        select(ConversationState).where(
            ConversationState.platform == platform,
            ConversationState.chat_id == chat_id,
            ConversationState.user_id == user_id,
        )
    )).scalar_one_or_none()


async def drop_questions(session: AsyncSession, platform: str, chat_id: str, user_id: str, *,
                         autoflush: bool = True) -> None:
    """`autoflush=False`: the caller knows no question is pending in the session."""
    await session.execute(delete(ConversationState).where(
        ConversationState.platform == platform,
        ConversationState.chat_id == chat_id,
        ConversationState.user_id == user_id,
    ).execution_options(autoflush=autoflush))
