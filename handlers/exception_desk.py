"""Open exceptions as the staff see them, and acknowledging or closing one from the chat.

Acknowledging stops the escalation ladder and records the owner; closing ends it. Both go
through the service's exception ladder (`ctx.ladder`, which owns the escalation state); here we only check that the
speaker may act on that exception, and say who did it.
"""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from bot import payloads
from bot.payloads import Prefix
from bot.ports import Button
from handlers.access import Scope
from handlers.context import HandlerContext
from handlers.storable import storable
from handlers.texts.buyer import ago, kind_label, local_time, say
from storage.exception_desk import count_open_exceptions, open_exceptions, visible_exception
from storage.exception_words import ExceptionAction, button_label
from storage.exceptions import reached_levels
from storage.models import ExceptionTicket

LIST_LIMIT = 10
ACK, RESOLVE = "ack", "resolve"
_BUTTON = re.compile(rf"^{Prefix.EXCEPTION}:(?P<action>ack|resolve):(?P<id>\d{{1,9}})$")


def exception_number(raw: str | None) -> int | None:
    """`12`, `EXC-12`, `#12` → 12."""
    match = re.search(r"\d{1,9}", raw or "")
    return int(match.group(0)) if match else None


def parse_button(payload: str) -> tuple[str, int] | None:
    match = _BUTTON.match(payload.strip())
    return (match["action"], int(match["id"])) if match else None


def exception_buttons(ticket: ExceptionTicket, language: str) -> tuple[Button, ...]:
    buttons = []
    if ticket.acknowledged_at is None:
        buttons.append(Button(button_label(ExceptionAction.ACK, ticket.id, language),
                              payloads.button(Prefix.EXCEPTION, ACK, ticket.id)))
    buttons.append(Button(button_label(ExceptionAction.RESOLVE, ticket.id, language),
                          payloads.button(Prefix.EXCEPTION, RESOLVE, ticket.id)))
    return tuple(buttons)


def _state(ticket: ExceptionTicket, language: str, reached: int | None) -> str:
    if ticket.acknowledged_at is not None:
        return say("exc.acked_state", language, who=ticket.acknowledged_by or "?")
    if reached is not None and reached > 0:
        key = "exc.returned_state" if ticket.ladder_round > 0 else "exc.level_state"
        return say(key, language, level=reached)
    if reached == 0:
        return say("exc.reminded_state", language)
    return ""


def exception_short_line(ticket: ExceptionTicket, language: str, reached: int | None = None) -> str:
    return say("exc.short", language, id=ticket.id, title=ticket.title, state=_state(ticket, language, reached))


def exception_line(
    ticket: ExceptionTicket, po: str, language: str, ctx: HandlerContext, reached: int | None = None,
) -> str:
    return say("exc.line", language, id=ticket.id, po=po, kind=kind_label(ticket.kind, language),
               title=ticket.title, ago=ago(ctx.now - ticket.opened_at, language),
               state=_state(ticket, language, reached))


async def list_open(
    session: AsyncSession, scope: Scope, language: str, ctx: HandlerContext, *, with_buttons: bool,
    only: int | None = None,
) -> tuple[str, tuple[tuple[Button, ...], ...]]:
    """The open exceptions in scope, oldest first, each with its buttons (first ten)."""
    shown = await open_exceptions(session, scope.orders(), only=only, limit=LIST_LIMIT)
    if not shown:
        if only is not None:
            return await _closed_or_missing(session, scope, only, language, ctx), ()
        return say("exc.none", language), ()
    total = await count_open_exceptions(session, scope.orders()) if len(shown) == LIST_LIMIT and only is None \
        else len(shown)
    reached = await reached_levels(session, [ticket.id for ticket, _ in shown])
    lines = [say("exc.title", language, n=total)]
    lines.extend(exception_line(ticket, po, language, ctx, reached.get(ticket.id)) for ticket, po in shown)
    if total > LIST_LIMIT:
        lines.append(say("list.more", language, n=total - LIST_LIMIT))
    buttons = tuple(exception_buttons(ticket, language) for ticket, _ in shown) if with_buttons else ()
    return "\n".join(lines), buttons


async def _closed_or_missing(
    session: AsyncSession, scope: Scope, exception_id: int, language: str, ctx: HandlerContext,
) -> str:
    found = await _visible(session, scope, exception_id)
    ticket = found[0] if found is not None else None
    if ticket is None or ticket.resolved_at is None:
        return say("exc.not_found", language, id=exception_id)
    return say("exc.already_resolved", language, id=ticket.id, who=ticket.resolved_by or "?",
               when=local_time(ticket.resolved_at, ctx.timezone))


async def _visible(session: AsyncSession, scope: Scope, exception_id: int) -> tuple[ExceptionTicket, str] | None:
    """The exception and its PO when its order is in scope; None otherwise (as if it did not exist)."""
    return await visible_exception(session, scope.orders(), exception_id)


async def act(
    session: AsyncSession, action: str, exception_id: int, scope: Scope, *, by: str, note: str | None,
    language: str, ctx: HandlerContext, person_id: int | None = None, chat_user: str | None = None,
) -> str:
    """Acknowledge or close one exception the scope can see; what happened, as a sentence.
    `person_id` and `chat_user` ("telegram:4301") keep who acknowledged as an identity, so the
    ladder's follow-ups can @-mention them whatever their display name."""
    found = await _visible(session, scope, exception_id)
    if found is None:
        return say("exc.not_found", language, id=exception_id)
    ticket, po = found
    note = storable(note)
    if ticket.resolved_at is not None:
        return say("exc.already_resolved", language, id=ticket.id, who=ticket.resolved_by or "?",
                   when=local_time(ticket.resolved_at, ctx.timezone))
    if action == ACK:
        if ticket.acknowledged_at is not None:
            return say("exc.already_acked", language, id=ticket.id, who=ticket.acknowledged_by or "?",
                       when=local_time(ticket.acknowledged_at, ctx.timezone))
        await ctx.ladder.acknowledge(session, ticket.id, by=by, now=ctx.now, person_id=person_id,
                                     chat_user=chat_user)
        await session.refresh(ticket)
        return say("exc.acked", language, id=ticket.id, who=ticket.acknowledged_by or by, po=po, title=ticket.title)
    await ctx.ladder.resolve(session, ticket.id, by=by, note=note or "", now=ctx.now, language=language)
    await session.refresh(ticket)
    return say("exc.resolved", language, id=ticket.id, who=ticket.resolved_by or by, po=po, title=ticket.title,
               note=note or say("exc.no_note", language))
