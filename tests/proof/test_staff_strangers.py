"""An unknown member of the buyers' group, end to end through Telegram's webhook, the inbox,
the router and the outbox: they read, and every change they try is refused, with how to be
added, and nothing changes but the audit log. The same words from a person on the list act."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot.admin_cli import grant_admin
from storage.models import AuditEntry, ConversationState, ExceptionTicket, Order, Receipt
from tests.fakes.telegram_api import user
from tests.proof.harness import BUYER_USER, STRANGER_USER, Service, buyers_chat, processed_once

BOOKKEEPING = {"inbox", "outbox", "rate_windows", "conversation_states", "audit_log"}


async def business(service: Service) -> dict[str, int]:
    return {table: n for table, n in (await service.counts()).items() if table not in BOOKKEEPING}


async def post(service: Service, update: dict[str, object]) -> list[str]:
    before = len(service.telegram_texts(buyers_chat()["id"]))
    assert await service.telegram_post(update) == 200
    await service.settle()
    assert processed_once((await service.inbox())[-1])
    return service.telegram_texts(buyers_chat()["id"])[before:]


async def open_exception(service: Service, po: str) -> int:
    now = service.clock.now()
    async with service.database.write() as session:
        order = (await session.execute(select(Order).where(Order.po == po))).scalar_one()
        ticket = ExceptionTicket(order_id=order.id, kind="delay", title=f"{po} 延期", opened_at=now,
                                 opened_by="proof", level=1, next_escalation_at=now + timedelta(hours=1))
        session.add(ticket)
        await session.flush()
        return ticket.id


async def test_an_unknown_member_of_the_buyers_group_reads_but_cannot_act_invite_or_bind(service: Service) -> None:
    ticket = await open_exception(service, "PO-1001")
    async with service.database.write() as session:  # with an admin on the list, /bind is no bootstrap question
        await grant_admin(session, "telegram", "4000", "周敏", clock=service.clock)
    stranger = user(STRANGER_USER, "李娟")  # the buyer's display name, taken by anyone
    before = await business(service)

    [status] = await post(service, service.updates.text("/status PO-1001", chat=buyers_chat(), sender=stranger))
    assert "PO-1001" in status
    for text in (f"/ack {ticket}", "/invite 华达", "/bind qc", "PO-1001 收货 100",
                 "/neworder PO-3001 华达 BRK-9 100件 交期12-20"):
        [refused] = await post(service, service.updates.text(text, chat=buyers_chat(), sender=stranger))
        assert refused.startswith("您还不在人员名单上") and f"--user {STRANGER_USER}" in refused, text
    [pressed] = await post(service, service.updates.callback(f"x:ack:{ticket}", chat=buyers_chat(), sender=stranger))
    assert pressed.startswith("您还不在人员名单上")

    assert await business(service) == before
    async with service.database.read() as session:
        acked = (await session.get(ExceptionTicket, ticket)).acknowledged_at  # type: ignore[union-attr]
        invites = (await session.scalars(select(ConversationState).where(ConversationState.platform == "invite"))).all()
        receipts = (await session.scalars(select(Receipt))).all()
        refusals = (await session.scalars(select(AuditEntry).where(AuditEntry.status == 403))).all()
    assert acked is None and invites == [] and receipts == []
    assert len(refusals) == 6 and {r.actor for r in refusals} == {f"telegram:{STRANGER_USER}"}

    # control: the buyer on the people list, the same words
    buyer = user(BUYER_USER, "李娟")
    [acknowledged] = await post(service, service.updates.text(f"/ack {ticket}", chat=buyers_chat(), sender=buyer))
    assert "李娟" in acknowledged and "人员名单" not in acknowledged
    [invite] = await post(service, service.updates.text("/invite 华达", chat=buyers_chat(), sender=buyer))
    assert re.search(r"\b\d{6}\b", invite)
