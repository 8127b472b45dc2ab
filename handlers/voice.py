"""Voice messages. The bot cannot listen; it asks for text. When WeCom transcribed the voice
itself (`Recognition`), the transcript is read like a typed message, and anything it would
record is shown first through confirm-first (handlers/confirm_first.py, `c:` buttons) and
recorded only on ✔: a transcript is a guess, and nothing the sender did not say may be
written. One mechanism for every "ask before writing", so a confirmed transcript is written
as it was shown and never asked about a second time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot import payloads
from bot.payloads import Prefix
from bot.ports import ContentKind, InboundMessage, Reply
from handlers import confirm_first
from handlers.buyer_queries import answer_query
from handlers.context import HandlerContext
from handlers.conversation_state import live_or_expired
from handlers.identity import Speaker
from handlers.intents import Intent
from handlers.parsing import Reading, read_message
from handlers.supplier_chat import handle_supplier
from handlers.texts.media import say
from handlers.turn import Turn
from storage.models import Order

STAFF_WRITES = frozenset({Intent.ACK, Intent.RESOLVE})

Route = Callable[[AsyncSession, InboundMessage, HandlerContext], Awaitable[list[Reply]]]


async def handle_voice(session: AsyncSession, message: InboundMessage, speaker: Speaker, ctx: HandlerContext,
                       route: Route) -> list[Reply]:
    """A voice message: ask for text, or read the transcript, confirming first what it would record."""
    text = message.text.strip()
    if not text:
        return [Reply(chat=message.chat, text=say("voice.ask_text", speaker.language),
                      reply_to_external_id=message.external_id)]
    typed = replace(message, content_kind=ContentKind.TEXT)
    if speaker.is_supplier:
        if speaker.supplier_id is None:
            return await route(session, typed, ctx)
        return await handle_supplier(session, typed, speaker, ctx, heard=True)
    reading = read_message(text, speaker.role, ctx.now, ctx.timezone)
    if reading.intent not in STAFF_WRITES:
        return await route(session, typed, ctx)  # a question or a greeting: nothing to record
    turn = Turn(session, typed, speaker, ctx, heard=True)
    return [await confirm_first.ask_act(turn, reading, confirm_first.heard_what(turn, reading),
                                        confirm_first.heard(turn, reading))]


async def answer_staff(session: AsyncSession, message: InboundMessage, speaker: Speaker,
                       ctx: HandlerContext) -> list[Reply]:
    """A staff member's ✔ / ✘ on a spoken acknowledgement: ✔ does what was shown, ✘ nothing."""
    turn = Turn(session, message, speaker, ctx)
    parsed = payloads.parse(message.button_payload)
    parts = parsed.parts if parsed is not None and parsed.prefix is Prefix.CLARIFY else ()
    state, expired = await live_or_expired(session, message, ctx.now)
    if len(parts) < 2 or state is None or not confirm_first.is_confirm(state) or str(state.id) != parts[0]:
        late = expired if expired and parts and str(expired.get("id")) == parts[0] else None
        return [turn.reply(confirm_first.expired_notice(turn, late) or turn.say("clarify_expired"))]

    async def act(reading: Reading) -> list[Reply]:
        return await answer_query(session, turn.message, speaker, reading, ctx)

    async def no_facts(order: Order, reading: Reading) -> list[Reply]:
        return []  # a staff member's confirmation holds an act, never an order's fact

    return await confirm_first.answer(turn, state, parts[1], no_facts, act)
