"""`/invite 华达` (staff) gives a code; `/join <code>` (the supplier's contact, privately)
turns the sender into that supplier's contact. See `storage.invites` for the rules."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import ChatKind, InboundMessage
from handlers.access import may_manage_orders, scope_for
from handlers.context import HandlerContext
from handlers.identity import Speaker
from handlers.scorecard import find_suppliers
from handlers.storable import storable
from handlers.texts.admin import say
from handlers.texts.buyer import say as buyer_say
from handlers.texts.help import help_text
from storage.invites import INVITE_TTL, create_invite, redeem_invite
from storage.models import Role


async def invite(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, rest: str, ctx: HandlerContext,
) -> str:
    language = speaker.language
    scope = scope_for(speaker, message)
    if not may_manage_orders(speaker) or not scope.allowed:
        return say("invite.denied", language)
    name = rest.strip()
    found = await find_suppliers(session, scope, name or None)
    if not name and len(found) != 1:
        return say("invite.usage", language)
    if not found:
        return buyer_say("supplier.not_found", language, name=name)
    if len(found) > 1:
        return buyer_say("supplier.ambiguous", language, name=name, names="、".join(s.name for s in found[:12]))
    supplier = found[0]
    created = await create_invite(session, supplier, by=storable(speaker.label, 120),
                                  by_person_id=speaker.person.id if speaker.person else None, now=ctx.now)
    return say("invite.created", language, code=created.code, hours=int(INVITE_TTL.total_seconds() // 3600),
               supplier=supplier.name)


async def join(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, rest: str, ctx: HandlerContext,
) -> str:
    language = speaker.language
    code = rest.strip()
    if message.chat.kind != ChatKind.PRIVATE:
        return say("join.private_only", language)
    if not (code.isdigit() and len(code) == 6):
        return say("join.usage", language)
    result = await redeem_invite(session, code, platform=message.platform.value, user_id=message.sender.user_id,
                                 display_name=storable(message.sender.display_name, 120), now=ctx.now,
                                 chat_id=message.chat.chat_id)
    supplier = result.supplier.name if result.supplier else ""
    match result.outcome:
        case "joined":
            assert result.person is not None and result.supplier is not None
            joined_language = result.person.language or language
            return say("join.done", joined_language, name=result.person.name, supplier=supplier,
                       help=help_text(Role.SUPPLIER.value, joined_language))
        case "already_joined":
            return say("join.already", language, supplier=supplier)
        case "other_account":
            return say("join.other_account", language, name=result.person.name if result.person else "?",
                       supplier=supplier)
        case "locked":
            return say("join.locked", language)
    return say("join.usage", language) if not code else say("join.invalid", language)
