"""Routes one inbound message to the conversation that answers it.

Admin commands first (they may bind the very chat that is unknown); then strangers get
one polite refusal and change nothing; then button payloads by prefix (`x:` staff
exception buttons, `a:` admin confirmations, `p:`/`c:` supplier prompt and question buttons); then the text,
read once, to the supplier's or the staff's side.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import ChatKind, InboundMessage, Reply
from handlers.admin import handle_admin_command
from handlers.buyer_queries import answer_query, handle_exception_button
from handlers.context import HandlerContext
from handlers.identity import Speaker, identify
from handlers.parsing import Reading, read_message
from handlers.supplier_chat import handle_supplier
from handlers.texts.supplier import say

log = logging.getLogger("supplierbot.router")

STAFF_INTENTS = frozenset({
    "status_query", "overdue_query", "today_query", "orders_query", "supplier_query", "exceptions_query",
    "ack", "resolve", "help",
})
REPORT_INTENTS = frozenset({"progress", "delay", "shipment", "defect", "inspection_values", "undo",
                            "plan", "correct", "snooze", "shortage"})


def _clean_text(text: str) -> str:
    """Text every store and platform takes: no U+0000 (PostgreSQL refuses it), no lone surrogates."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


async def handle_message(session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
    message = replace(message, text=_clean_text(message.text),
                      sender=replace(message.sender, display_name=_clean_text(message.sender.display_name)))
    speaker = await identify(session, message, ctx.language)
    if message.text.strip() or (message.button_payload or "").startswith("a:"):
        answered = await handle_admin_command(session, message, speaker, ctx)
        if answered is not None:
            return answered
    if not speaker.known:
        if not (message.text.strip() or message.photos or message.button_payload):
            return []
        return [Reply(chat=message.chat, text=say("refuse_unbound", speaker.language))]
    if speaker.is_supplier:
        if speaker.supplier_id is None:
            return [Reply(chat=message.chat, text=say("refuse_unbound", speaker.language))]
        return await handle_supplier(session, message, speaker, ctx)
    return await _staff(session, message, speaker, ctx)


async def _staff(session: AsyncSession, message: InboundMessage, speaker: Speaker, ctx: HandlerContext) -> list[Reply]:
    payload = message.button_payload or ""
    if payload.startswith("x:"):
        return await handle_exception_button(session, message, speaker, payload, ctx)
    text = message.text.strip()
    if payload == "event:enter_agent" or (not text and not payload):
        return await _answer(session, message, speaker, Reading("help"), ctx)
    if payload:
        return []
    reading = read_message(text, speaker.role, ctx.now, ctx.timezone)
    if reading.intent in STAFF_INTENTS:
        return await _answer(session, message, speaker, reading, ctx)
    if reading.intent in REPORT_INTENTS:
        return [Reply(chat=message.chat, text=say("staff_report_hint", speaker.language))]
    if message.mentioned_bot or message.chat.kind == ChatKind.PRIVATE:
        return await _answer(session, message, speaker, Reading("help"), ctx)
    return []


async def _answer(session: AsyncSession, message: InboundMessage, speaker: Speaker, reading: Reading,
                  ctx: HandlerContext) -> list[Reply]:
    return await answer_query(session, message, speaker, reading, ctx)
