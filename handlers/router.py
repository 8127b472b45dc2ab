"""Routes one inbound message to the conversation that answers it.

Platform events about the chat itself first (a group that became a supergroup moves its
binding); a number typed in answer to a numbered menu becomes that button. Admin commands next (they may bind the very chat that is unknown); then strangers get
one polite refusal and change nothing. Whatever a staff message would change (an `Act`) is
gated here, once, before any handler runs: only a known person whose role may do it (see
`handlers.access`); an unknown member of a staff chat reads and is told how to be added; then button payloads by prefix (`x:` staff
exception buttons, `r:` over-delivery confirmations, `a:` admin confirmations, `p:`/`c:` supplier prompt and question buttons); then the text,
read once, to the supplier's or the staff's side.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot import payloads
from bot.payloads import Prefix
from bot.ports import ChatKind, ContentKind, InboundMessage, Reply
from handlers import voice
from handlers.access import Act, refusal
from handlers.admin import act_of_command, handle_admin_command, has_admin
from handlers.buyer_queries import answer_query, handle_exception_button
from handlers.buyer_records import act_of_record, handle_buyer_record, handle_receipt_button
from handlers.buyer_records_reading import read_buyer_record
from handlers.chat_moves import follow_chat_move
from handlers.context import HandlerContext
from handlers.identity import Speaker, identify
from handlers.intents import STAFF_INTENTS, Intent
from handlers.menus import as_click
from handlers.parsing import Reading, read_message
from handlers.supplier_chat import handle_supplier
from handlers.texts.media import say as say_media
from handlers.texts.supplier import say
from storage.access import record

log = logging.getLogger("supplierbot.router")

INTENT_ACTS: dict[str, Act] = {Intent.ACK: Act.HANDLE_EXCEPTION, Intent.RESOLVE: Act.HANDLE_EXCEPTION}
REPORT_INTENTS = frozenset({Intent.PROGRESS, Intent.DELAY, Intent.SHIPMENT, Intent.DEFECT, Intent.INSPECTION_VALUES,
                            Intent.UNDO, Intent.PLAN, Intent.CORRECT, Intent.SNOOZE, Intent.SHORTAGE})


def _clean_text(text: str) -> str:
    """Text every store and platform takes: no U+0000 (PostgreSQL refuses it), no lone surrogates."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


async def handle_message(session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
    event = payloads.parse(message.button_payload)
    if event is not None and event.event is payloads.Event.CHAT_MOVED:
        return await follow_chat_move(session, message, event)
    text, name = _clean_text(message.text), _clean_text(message.sender.display_name)
    if text != message.text or name != message.sender.display_name:  # (most are clean: no copy then)
        message = replace(message, text=text, sender=replace(message.sender, display_name=name))
    message = await as_click(session, message, ctx.now)
    speaker = await identify(session, message, ctx.language)
    spoken = message.content_kind is ContentKind.VOICE
    if (message.text.strip() and not spoken) or payloads.has_prefix(message.button_payload, Prefix.ADMIN):
        act = act_of_command(message)
        if act is not None and not (act is Act.BIND and not await has_admin(session)):  # else: how to add one
            if (refused := await _refused(session, message, speaker, act, ctx)) is not None:
                return refused
        answered = await handle_admin_command(session, message, speaker, ctx)
        if answered is not None:
            return answered
    if not speaker.known:
        if not (message.text.strip() or message.photos or message.button_payload or _addressed_media(message)):
            return []
        return [Reply(chat=message.chat, text=say("refuse_unbound", speaker.language))]
    if spoken:
        return await voice.handle_voice(session, message, speaker, ctx, handle_message)
    if message.content_kind not in (ContentKind.TEXT, ContentKind.FILE):
        return _unread_kind(message, speaker)
    if message.content_kind is ContentKind.FILE and not speaker.is_supplier:
        return [Reply(chat=message.chat, text=say_media("file.staff", speaker.language))]
    if speaker.is_supplier:
        if speaker.supplier_id is None:
            return [Reply(chat=message.chat, text=say("refuse_unbound", speaker.language))]
        return await handle_supplier(session, message, speaker, ctx)
    return await _staff(session, message, speaker, ctx)


async def _refused(session: AsyncSession, message: InboundMessage, speaker: Speaker, act: Act,
                   ctx: HandlerContext) -> list[Reply] | None:
    """The answer to someone who may not do `act` here; None when they may. Either way the
    audit log keeps who (the person's id and name, or the platform id, never a display name)."""
    reason = refusal(speaker, act, message)
    person = speaker.person
    who = person.name if person is not None else f"{message.platform.value}:{message.sender.user_id}"
    await record(session, at=ctx.now, actor=who, person_id=person.id if person else None, surface="chat",
                 action=act.value, target=f"{message.chat.chat_id}: {message.text or message.button_payload or ''}",
                 status=None if reason is None else 403)
    if reason is None:
        return None
    log.info("refused %s to %s (person %s, role %s)", act.value, who, person.id if person else "-", speaker.role)
    return [Reply(chat=message.chat, text=reason, reply_to_external_id=message.external_id)]


def _addressed_media(message: InboundMessage) -> bool:
    """Media that asks for an answer: anything but a sticker dropped into a group's chatter."""
    if message.content_kind is ContentKind.TEXT:
        return False
    return message.chat.kind is ChatKind.PRIVATE or message.content_kind is not ContentKind.STICKER


def _unread_kind(message: InboundMessage, speaker: Speaker) -> list[Reply]:
    """Video, location, sticker, link...: a clear answer of what the bot can read, never silence
    (except a sticker in a group, which is chatter, not a report)."""
    if not _addressed_media(message):
        return []
    kind = say_media(f"kind.{message.content_kind.value}", speaker.language)
    return [Reply(chat=message.chat, text=say_media("unsupported", speaker.language, kind=kind),
                  reply_to_external_id=message.external_id)]


async def _staff(session: AsyncSession, message: InboundMessage, speaker: Speaker, ctx: HandlerContext) -> list[Reply]:
    payload = message.button_payload or ""
    if payloads.has_prefix(payload, Prefix.EXCEPTION):
        return await _refused(session, message, speaker, Act.HANDLE_EXCEPTION, ctx) or \
            await handle_exception_button(session, message, speaker, payload, ctx)
    if payloads.has_prefix(payload, Prefix.RECEIPT):
        return await _refused(session, message, speaker, Act.RECEIVE, ctx) or \
            await handle_receipt_button(session, message, speaker, payload, ctx)
    if payloads.has_prefix(payload, Prefix.CLARIFY):  # ✔ / ✘ on a spoken acknowledgement or closing
        return await _refused(session, message, speaker, Act.HANDLE_EXCEPTION, ctx) or \
            await voice.answer_staff(session, message, speaker, ctx)
    text = message.text.strip()
    if payloads.is_greeting(payload) or (not text and not payload):
        return await _answer(session, message, speaker, Reading("help"), ctx)
    if payload:
        return []
    record = read_buyer_record(text, ctx.now.astimezone(ctx.timezone).date())
    if record is not None:
        return await _refused(session, message, speaker, act_of_record(record), ctx) or \
            await handle_buyer_record(session, message, speaker, record, ctx)
    reading = read_message(text, speaker.role, ctx.now, ctx.timezone)
    if reading.intent in INTENT_ACTS and \
            (refused := await _refused(session, message, speaker, INTENT_ACTS[reading.intent], ctx)):
        return refused
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
