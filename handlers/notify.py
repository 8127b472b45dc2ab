"""Telling the staff groups at once about an exception a supplier just reported.

The message is an ordinary reply with its own chat, enqueued in the same transaction as
the report. It counts as the exception's first escalation step: the step row is the
exactly-once guard (a repeated report tells nobody twice), keeps the scheduler from
sending the same level again, and makes the closing message reach these groups.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Reply
from handlers.exception_desk import exception_buttons
from storage import exceptions
from storage.models import BindingRole, ChatBinding, ExceptionTicket


async def tell_staff(
    session: AsyncSession, ticket: ExceptionTicket, roles: tuple[BindingRole, ...], *, supplier_id: int,
    now: datetime, default_language: str, text_for: Callable[[str], str],
) -> list[Reply]:
    """One message per group of those roles that hears about this supplier, each in its language."""
    bindings = list((await session.execute(select(ChatBinding).order_by(ChatBinding.id))).scalars())
    targets = [b for role in roles for b in exceptions.bindings_for(bindings, role, supplier_id)]
    if not targets:
        return []
    step = await exceptions.record_step(session, ticket.id, ticket.level, 0, now,
                                        exceptions.format_target(roles[0].value, targets))
    if step is None:
        return []
    replies = []
    for binding in targets:
        language = exceptions.binding_language(binding, default_language)
        replies.append(Reply(chat=exceptions.binding_chat(binding), text=text_for(language),
                             buttons=(exception_buttons(ticket, language),)))
    return replies
