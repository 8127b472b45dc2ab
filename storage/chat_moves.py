"""A chat that changed its id (a Telegram group upgraded to a supergroup) keeps what was
keyed by the old id: its binding, the questions pending in it, its numbered menu, and the
messages still waiting to be sent to it. History (the inbox) keeps the id it arrived under.

Idempotent, and correct in any order: both of Telegram's service messages name both ids, the
first one moves everything, the second finds nothing left to move.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import outbox
from storage.db import rows_changed
from storage.models import ChatBinding, ConversationState, OutboxMessage, OutboxState


@dataclass(frozen=True, slots=True)
class Moved:
    bindings: int = 0
    states: int = 0
    outbox: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.bindings or self.states or self.outbox)


async def move_chat(session: AsyncSession, platform: str, old: str, new: str) -> Moved:
    """Re-key everything of chat `old` to `new` on `platform`. A binding already made for `new`
    (someone bound the new chat by hand) wins: the old one then stays where it was."""
    if old == new:
        return Moved()
    bindings = 0
    taken = await session.scalar(select(ChatBinding.id).where(ChatBinding.platform == platform,
                                                              ChatBinding.chat_id == new))
    if taken is None:
        bindings = rows_changed(await session.execute(
            update(ChatBinding).where(ChatBinding.platform == platform, ChatBinding.chat_id == old)
            .values(chat_id=new, chat_kind="group")
        ))
    states = 0
    for state in (await session.execute(select(ConversationState).where(
            ConversationState.platform == platform, ConversationState.chat_id == old))).scalars().all():
        await session.execute(delete(ConversationState).where(
            ConversationState.platform == platform, ConversationState.chat_id == new,
            ConversationState.user_id == state.user_id))
        state.chat_id = new
        states += 1
    await outbox.write_held(session)
    pending = (await session.execute(select(OutboxMessage).where(
        OutboxMessage.platform == platform, OutboxMessage.chat_id == old,
        OutboxMessage.state == OutboxState.PENDING.value))).scalars().all()
    for row in pending:
        row.chat_id = new
        row.payload = {**row.payload, "chat": {**row.payload.get("chat", {}), "chat_id": new, "kind": "group"}}
    await session.flush()
    return Moved(bindings, states, len(pending))
