"""Nobody acts outside their own patch: a supplier cannot report on another supplier's
order, a stranger in an unbound chat can change and learn nothing, and a buyer cannot
acknowledge an exception outside their group's scope. Refused, and nothing changes.

Written against the documented rules (handlers/identity.py: a supplier's chat speaks for
that supplier only; handlers/access.py: the scope of a chat and `may_act_on_exceptions`;
handlers/parsing.py: `/ack <n>`). Each refusal has a control that the same words, said by
the right person, do take effect, so a refusal cannot pass by not being understood.
"""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import ChatBinding, ExceptionTicket, Milestone, Order
from tests.fakes.telegram_api import private_chat, supergroup_chat, user
from tests.proof.harness import (
    BUYER_USER,
    HUADA_GROUP,
    UNBOUND_GROUP,
    WECOM_STRANGER,
    Service,
    buyers_chat,
    huada_chat,
    huada_user,
    processed_once,
    router_is_placeholder,
)

HANDLERS_MISSING = router_is_placeholder() or importlib.util.find_spec("handlers.buyer_queries") is None
pytestmark = pytest.mark.skipif(
    HANDLERS_MISSING, reason="needs supplier handler (handlers/router.py) and handlers/buyer_queries.py")

HUADA_BUYERS_GROUP = -1001234567013  # a buyers' group that follows Huada only
BOOKKEEPING = {"inbox", "outbox", "rate_windows", "conversation_states"}


async def business(service: Service) -> dict[str, int]:
    return {table: n for table, n in (await service.counts()).items() if table not in BOOKKEEPING}


async def order_state(service: Service, po: str) -> list[tuple[Any, ...]]:
    async with service.database.read() as session:
        rows = (await session.execute(
            select(Milestone.node, Milestone.status, Milestone.percent, Milestone.qty_done, Milestone.planned_date)
            .join(Order, Order.id == Milestone.order_id).where(Order.po == po).order_by(Milestone.seq))).all()
    return [tuple(row) for row in rows]


async def say(service: Service, text: str, *, chat: dict[str, Any], sender: dict[str, Any]) -> list[str]:
    """Post one message, let it be processed and answered; the texts that reached the chat."""
    before = len(service.telegram_texts(chat["id"]))
    assert await service.telegram_post(service.updates.text(text, chat=chat, sender=sender)) == 200
    await service.settle()
    assert processed_once((await service.inbox())[-1])
    return service.telegram_texts(chat["id"])[before:]


def leaks(texts: list[str], *secrets: str) -> list[str]:
    return [t for t in texts if any(s in t for s in secrets)]


async def test_a_supplier_reporting_on_another_suppliers_order_is_refused_and_nothing_changes(
    service: Service,
) -> None:
    theirs = await order_state(service, "PO-2002")
    before = await business(service)

    replies = await say(service, "PO-2002 完成60%", chat=huada_chat(), sender=huada_user())

    assert await order_state(service, "PO-2002") == theirs
    assert await business(service) == before
    assert replies, "the supplier is told, not ignored"
    assert leaks(replies, "鑫源", "PCBA-7710") == []
    # control: the same words about their own order are a report
    await say(service, "PO-1001 完成60%", chat=huada_chat(), sender=huada_user())
    assert (await business(service))["progress_reports"] == before["progress_reports"] + 1


@pytest.mark.parametrize("text", ["PO-1001 完成60%", "/status PO-1001", "PO-1001 进度?", "PO-1001 延期到12月3号 钢材没到"])
async def test_a_stranger_in_an_unbound_group_changes_nothing_and_learns_nothing(service: Service, text: str) -> None:
    before = await business(service)
    ours = await order_state(service, "PO-1001")

    replies = await say(service, text, chat=supergroup_chat(UNBOUND_GROUP, "随便一个群"), sender=user(4999, "路人"))

    assert await business(service) == before
    assert await order_state(service, "PO-1001") == ours
    assert leaks(replies, "华达", "BRK-2201", "2000") == []


@pytest.mark.parametrize("text", ["PO-1001 完成60%", "/status PO-1001"])
async def test_a_stranger_in_a_private_chat_changes_nothing_and_learns_nothing(service: Service, text: str) -> None:
    before = await business(service)

    replies = await say(service, text, chat=private_chat(4998), sender=user(4998, "陌生人"))

    assert await business(service) == before
    assert leaks(replies, "华达", "BRK-2201") == []


async def test_a_wecom_member_unknown_to_supplierbot_changes_nothing_and_learns_nothing(service: Service) -> None:
    before = await business(service)

    for text in ("PO-1001 完成60%", "/status PO-1001"):
        assert await service.wecom_post(service.wecom_text(text, sender=WECOM_STRANGER)) == 200
    await service.settle()

    assert await business(service) == before
    assert leaks(service.wecom_texts(WECOM_STRANGER), "华达", "BRK-2201") == []


async def open_exception(service: Service, po: str) -> int:
    now = service.clock.now()
    async with service.database.write() as session:
        order = (await session.execute(select(Order).where(Order.po == po))).scalar_one()
        ticket = ExceptionTicket(order_id=order.id, kind="delay", title=f"{po} 延期", opened_at=now,
                                 opened_by="proof", level=1, next_escalation_at=now + timedelta(hours=1))
        session.add(ticket)
        await session.flush()
        return ticket.id


async def acknowledged(service: Service, ticket_id: int) -> bool:
    async with service.database.read() as session:
        ticket = await session.get(ExceptionTicket, ticket_id)
        assert ticket is not None
        return ticket.acknowledged_at is not None


async def test_a_buyer_cannot_acknowledge_an_exception_outside_their_groups_scope(service: Service) -> None:
    async with service.database.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id=str(HUADA_BUYERS_GROUP), role="buyers",
                                supplier_id=service.world.huada_id, title="华达 跟单群", created_at=service.clock.now()))
    theirs = await open_exception(service, "PO-2002")
    ours = await open_exception(service, "PO-1001")
    group = supergroup_chat(HUADA_BUYERS_GROUP, "华达 跟单群")
    buyer = user(BUYER_USER, "李娟")

    replies = await say(service, f"/ack {theirs}", chat=group, sender=buyer)

    assert not await acknowledged(service, theirs)
    assert leaks(replies, "鑫源", "PO-2002") == []
    # control: the same buyer, the same words, an exception in scope
    await say(service, f"/ack {ours}", chat=group, sender=buyer)
    assert await acknowledged(service, ours)


async def test_a_supplier_cannot_acknowledge_the_exception_raised_about_them(service: Service) -> None:
    ticket = await open_exception(service, "PO-1001")

    await say(service, f"/ack {ticket}", chat=huada_chat(), sender=huada_user())

    assert not await acknowledged(service, ticket)
    # control: a buyer can
    await say(service, f"/ack {ticket}", chat=buyers_chat(), sender=user(BUYER_USER, "李娟"))
    assert await acknowledged(service, ticket)


async def test_the_suppliers_own_group_still_works_while_others_are_refused(service: Service) -> None:
    """The refusals above cost nothing to the supplier's own reporting in between."""
    await say(service, "PO-2002 完成60%", chat=huada_chat(), sender=huada_user())
    replies = await say(service, "PO-1001 完成60%", chat=huada_chat(), sender=huada_user())

    assert replies and len(service.telegram_texts(HUADA_GROUP)) == len(await service.outbox())
