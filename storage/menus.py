"""Numbered menus: the buttons a chat was shown as text ("回复 1 = …") because the platform
could not show them as buttons (WeCom text chats, a card over six buttons).

A menu belongs to the chat, not to one person: anyone in it may answer "1". It is kept in
`conversation_states` under the chat with the user id `*` (a person's pending question is
keyed by that person), replaced by the chat's next menu, and forgotten when it expires.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationState
from storage.upsert import insert_ignoring_conflicts

MENU = "menu"
WHOLE_CHAT = "*"  # the user id of state that belongs to the whole chat (no platform's user id is "*")
MENU_TTL = timedelta(hours=8)  # a working day: prompts are answered within it, older numbers mean nothing


def _chat(platform: str, chat_id: str) -> tuple[ColumnElement[bool], ...]:
    return (ConversationState.platform == platform, ConversationState.chat_id == chat_id,
            ConversationState.user_id == WHOLE_CHAT)


async def remember_menu(session: AsyncSession, platform: str, chat_id: str, payloads: Sequence[str],
                        now: datetime, ttl: timedelta = MENU_TTL) -> None:
    """The chat's menu from now on: number n stands for `payloads[n - 1]`."""
    await session.execute(delete(ConversationState).where(*_chat(platform, chat_id)))
    await session.execute(insert_ignoring_conflicts(
        session, ConversationState.__table__, ["platform", "chat_id", "user_id"],
    ).values(platform=platform, chat_id=chat_id, user_id=WHOLE_CHAT, kind=MENU,
             payload={"payloads": list(payloads)}, expires_at=now + ttl))


async def menu_choice(session: AsyncSession, platform: str, chat_id: str, number: int,
                      now: datetime) -> str | None:
    """The payload behind `number` in the chat's live menu; None without one, or out of range."""
    state = (await session.execute(
        select(ConversationState).where(*_chat(platform, chat_id), ConversationState.kind == MENU)
    )).scalar_one_or_none()
    if state is None or state.expires_at <= now:
        return None
    choices = state.payload.get("payloads") or []
    return str(choices[number - 1]) if 1 <= number <= len(choices) else None
