"""Telling the staff groups at once about an exception a supplier just reported.

The message is an ordinary reply with its own chat, enqueued in the same transaction as
the report. It counts as the exception's first escalation step (`Ladder.tell_at_once`):
the step row is the exactly-once guard (a repeated report tells nobody twice), keeps the
scheduler from sending the same level again, and makes the closing message reach these groups.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Reply
from handlers.exception_desk import exception_buttons
from scheduler.ladder import Ladder, binding_chat, binding_language
from storage.models import BindingRole, ExceptionTicket


async def tell_staff(
    session: AsyncSession, ladder: Ladder, ticket: ExceptionTicket, roles: tuple[BindingRole, ...], *,
    supplier_id: int, now: datetime, default_language: str, text_for: Callable[[str], str],
) -> list[Reply]:
    """One message per group of those roles that hears about this supplier, each in its language."""
    targets = await ladder.tell_at_once(session, ticket, roles, supplier_id=supplier_id, now=now)
    replies = []
    for binding in targets:
        language = binding_language(binding, default_language)
        replies.append(Reply(chat=binding_chat(binding), text=text_for(language),
                             buttons=(exception_buttons(ticket, language),)))
    return replies
