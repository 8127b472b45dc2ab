"""Questions asked of the bot — status, overdue, today, orders, scorecards, exceptions — and
acknowledging or closing exceptions, each answered within what the speaker may see."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Button, InboundMessage, Reply
from handlers.access import Act, Scope, may_act_on_exceptions, refusal, scope_for
from handlers.context import HandlerContext
from handlers.exception_desk import ACK, RESOLVE, act, exception_number, list_open, parse_button
from handlers.identity import Speaker
from handlers.order_lists import due_today, open_orders, overdue_nodes
from handlers.order_status import render_status
from handlers.parsing import Reading
from handlers.scorecard import answer_scorecard
from handlers.storable import storable
from handlers.texts.buyer import say
from handlers.texts.help import help_text
from storage.order_glance import glance_at


def _reply(message: InboundMessage, text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> list[Reply]:
    return [Reply(chat=message.chat, text=text, buttons=buttons, reply_to_external_id=message.external_id)]


async def answer_query(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, reading: Reading, ctx: HandlerContext,
) -> list[Reply]:
    language = speaker.language
    if reading.intent == "help":
        return _reply(message, help_text(speaker.role, language))
    scope = scope_for(speaker, message)
    if not scope.allowed:
        return _reply(message, say(f"denied.{scope.denied}", language))
    today = ctx.now.astimezone(ctx.timezone).date()
    match reading.intent:
        case "status_query":
            return await _status(session, message, speaker, scope, reading.po, ctx)
        case "overdue_query":
            return _reply(message, await overdue_nodes(session, scope, today, language))
        case "today_query":
            return _reply(message, await due_today(session, scope, today, language))
        case "orders_query":
            return _reply(message, await open_orders(session, scope, speaker.person, today, language))
        case "supplier_query":
            return _reply(message, await answer_scorecard(session, scope, reading.supplier, language, ctx))
        case "exceptions_query":
            text, buttons = await list_open(
                session, scope, language, ctx, with_buttons=may_act_on_exceptions(speaker),
                only=exception_number(reading.exception),
            )
            return _reply(message, text, buttons)
        case "ack" | "resolve":
            return await _act(session, message, speaker, scope, reading.intent, reading.exception, reading.note, ctx)
    return []


async def handle_exception_button(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, payload: str, ctx: HandlerContext,
) -> list[Reply]:
    """A press on an `x:ack:<id>` or `x:resolve:<id>` button under an exception message."""
    parsed = parse_button(payload)
    if parsed is None:
        return _reply(message, say("exc.bad_button", speaker.language))
    action, exception_id = parsed
    scope = scope_for(speaker, message)
    if not scope.allowed:
        return _reply(message, say(f"denied.{scope.denied}", speaker.language))
    return await _act(session, message, speaker, scope, action, str(exception_id), None, ctx)


async def _status(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, scope: Scope, po: str | None,
    ctx: HandlerContext,
) -> list[Reply]:
    language = speaker.language
    if not po:
        return _reply(message, say("status.need_po", language))
    found = await glance_at(session, po)
    if found is None or not scope.sees(found[0].supplier_id):
        key = "status.not_yours" if scope.limited else "status.not_found"
        return _reply(message, say(key, language, po=po))
    order, glance = found
    text, buttons = await render_status(session, order, glance, language, ctx,
                                        with_buttons=may_act_on_exceptions(speaker))
    return _reply(message, text, buttons)


async def _act(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, scope: Scope, intent: str,
    raw_id: str | None, note: str | None, ctx: HandlerContext,
) -> list[Reply]:
    language = speaker.language
    if not may_act_on_exceptions(speaker):  # the router refuses first; kept for any other door
        return _reply(message, say("denied.act", language) if speaker.is_supplier
                      else refusal(speaker, Act.HANDLE_EXCEPTION, message) or "")
    exception_id = exception_number(raw_id)
    action = ACK if intent == ACK else RESOLVE
    if exception_id is None:
        return _reply(message, say("exc.need_id", language, cmd=action))
    text = await act(session, action, exception_id, scope, by=storable(speaker.label, 120), note=note, language=language,
                     ctx=ctx, person_id=speaker.person.id if speaker.person else None,
                     chat_user=f"{message.platform.value}:{speaker.user_id}")
    return _reply(message, text)
