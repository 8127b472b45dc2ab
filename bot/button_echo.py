"""Buttons that were used say so: after a click is handled, the message that carried the
buttons is changed to show what was chosen and by whom, and loses its buttons, so it cannot
be pressed again by mistake (Telegram: the message is edited; WeCom: the card's button is
replaced). The change is an outbox row like any send (`Reply.edit_of`), queued in the same
transaction as the click's own effects.

The label and the message's text come from the outbox row that sent the buttons: found by the
platform's message id where the platform gave one back, else by the clicked payload among the
chat's recent sends (payloads carry their state or ticket id, so they do not repeat).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import InboundMessage, Reply
from storage import outbox
from storage.models import ChatIdentity, OutboxMessage, Person

RECENT_SENDS = 200


def _label(payload: dict[str, Any], clicked: str) -> str | None:
    for row in payload.get("buttons") or []:
        for button in row:
            if isinstance(button, dict) and button.get("payload") == clicked:
                return str(button.get("label", ""))
    return None


async def _sent_with_button(session: AsyncSession, message: InboundMessage) -> tuple[str, str] | None:
    """(text, label) of the bot's message whose button was clicked."""
    clicked = message.button_payload or ""
    await outbox.write_held(session)  # a batch's replies so far are among the recent sends
    base = select(OutboxMessage.payload).where(OutboxMessage.platform == message.platform.value,
                                               OutboxMessage.chat_id == message.chat.chat_id)
    by_id = (await session.execute(base.where(
        OutboxMessage.platform_message_id == message.clicked_message).limit(1))).scalars().first()
    candidates: list[dict[str, Any]] = [by_id] if by_id is not None else []
    candidates += (await session.execute(base.order_by(OutboxMessage.id.desc()).limit(RECENT_SENDS))).scalars().all()
    for payload in candidates:
        label = _label(payload, clicked)
        if label is not None:
            return str(payload.get("text", "")), label
    return None


async def _who(session: AsyncSession, message: InboundMessage) -> str:
    name = await session.scalar(
        select(Person.name).join(ChatIdentity, ChatIdentity.person_id == Person.id)
        .where(ChatIdentity.platform == message.platform.value, ChatIdentity.user_id == message.sender.user_id))
    return name or message.sender.display_name or message.sender.user_id


async def used_button_edit(session: AsyncSession, message: InboundMessage) -> Reply | None:
    """The edit that marks the clicked message as used; None when there is nothing to mark."""
    if not message.button_payload or not message.clicked_message:
        return None
    found = await _sent_with_button(session, message)
    if found is None:
        return None
    text, label = found
    mark = f"✔ {label} — {await _who(session, message)}"
    return Reply(chat=message.chat, text=f"{text}\n\n{mark}" if text else mark, edit_of=message.clicked_message)
