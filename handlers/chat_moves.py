"""A chat moved to a new id (a group became a supergroup): what was bound to it follows.

The platform says so, not a person, so nothing is answered; only the chat's keys change.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from bot.payloads import Event, Payload
from bot.ports import InboundMessage, Reply
from storage.chat_moves import move_chat

log = logging.getLogger("supplierbot.chat_moves")


async def follow_chat_move(session: AsyncSession, message: InboundMessage, payload: Payload) -> list[Reply]:
    """`event:chat_moved:<old>:<new>`: re-key the old chat's binding, questions and pending sends."""
    if payload.event is not Event.CHAT_MOVED or len(payload.parts) != 3:
        return []
    old, new = payload.parts[1], payload.parts[2]
    moved = await move_chat(session, message.platform.value, old, new)
    if moved.anything:
        log.info("%s chat %s moved to %s: %d binding(s), %d question(s), %d pending send(s)",
                 message.platform.value, old, new, moved.bindings, moved.states, moved.outbox)
    return []
