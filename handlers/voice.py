"""Voice messages. The bot cannot listen; it asks for text. When WeCom transcribed the voice
itself (`Recognition`), the transcript is read like a typed message, but anything it would
record is shown first with ✔/✘ buttons (`v:<state id>:y|n`) and recorded only on ✔: a
transcript is a guess, and nothing the sender did not say may be written.

The pending transcript is the sender's conversation state (one per person and chat, expiring),
so a typed message in between simply replaces it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Button, ContentKind, InboundMessage, Reply
from handlers.context import HandlerContext
from handlers.conversation_state import forget, pending_state, remember
from handlers.identity import Speaker
from handlers.intents import Intent
from handlers.orders_lookup import display_po
from handlers.parsing import read_message
from handlers.texts.media import say

VOICE_STATE = "voice"
PAYLOAD_PREFIX = "v:"
SUPPLIER_WRITES = frozenset({Intent.PROGRESS, Intent.DELAY, Intent.SHIPMENT, Intent.DEFECT, Intent.INSPECTION_VALUES,
                             Intent.UNDO})
STAFF_WRITES = frozenset({Intent.ACK, Intent.RESOLVE})

Route = Callable[[AsyncSession, InboundMessage, HandlerContext], Awaitable[list[Reply]]]


def _reply(message: InboundMessage, text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> Reply:
    return Reply(chat=message.chat, text=text, buttons=buttons, reply_to_external_id=message.external_id)


async def handle_voice(session: AsyncSession, message: InboundMessage, speaker: Speaker, ctx: HandlerContext,
                       route: Route) -> list[Reply]:
    """A voice message: ask for text, or read the transcript, confirming first what it would record."""
    text = message.text.strip()
    if not text:
        return [_reply(message, say("voice.ask_text", speaker.language))]
    typed = replace(message, content_kind=ContentKind.TEXT)
    reading = read_message(text, speaker.role, ctx.now, ctx.timezone)
    writes = SUPPLIER_WRITES if speaker.is_supplier else STAFF_WRITES
    if reading.intent not in writes:
        return await route(session, typed, ctx)  # a question or a greeting: nothing to record
    state = await remember(session, message, VOICE_STATE, {"text": text}, ctx.now)
    po = f" · {display_po(reading.po)}" if reading.po else ""
    buttons = ((Button(say("voice.yes", speaker.language), f"{PAYLOAD_PREFIX}{state.id}:y"),
                Button(say("voice.no", speaker.language), f"{PAYLOAD_PREFIX}{state.id}:n")),)
    shown = say(f"intent.{reading.intent}", speaker.language)
    return [_reply(message, say("voice.confirm", speaker.language, text=text, what=shown, po=po), buttons)]


async def answer_confirmation(session: AsyncSession, message: InboundMessage, speaker: Speaker,
                              ctx: HandlerContext, route: Route) -> list[Reply]:
    """✔ records the transcript as if it had been typed now; ✘ records nothing."""
    state_id, _, choice = (message.button_payload or "").removeprefix(PAYLOAD_PREFIX).partition(":")
    state = await pending_state(session, message, ctx.now)
    if state is None or state.kind != VOICE_STATE or str(state.id) != state_id or choice not in ("y", "n"):
        return [_reply(message, say("voice.expired", speaker.language))]
    await forget(session, message)
    if choice == "n":
        return [_reply(message, say("voice.cancelled", speaker.language))]
    typed = replace(message, text=str(state.payload.get("text", "")), button_payload=None,
                    content_kind=ContentKind.TEXT)
    return await route(session, typed, ctx)
