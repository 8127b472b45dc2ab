"""The chats a supplier is reached in (its bindings as a supplier), e.g. where a snooze applies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BindingRole, ChatBinding


async def supplier_chats(session: AsyncSession, supplier_id: int) -> list[ChatBinding]:
    return list((await session.execute(
        select(ChatBinding).where(ChatBinding.supplier_id == supplier_id,
                                  ChatBinding.role == BindingRole.SUPPLIER.value)
    )).scalars())
