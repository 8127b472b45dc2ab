"""WeCom shows more than six buttons as text ("回复 1 = …"); typing the number presses the button.

End to end: the scheduler's prompt for four orders (eight buttons) goes to a contact's 1:1 chat
with the WeCom app through the outbox and the fake JSON API, and the contact's typed answers
come back as encrypted callbacks.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from scheduler.jobs import prompt_due
from storage.menus import MENU_TTL
from storage.models import BindingRole, ChatBinding, Milestone, Order
from storage.order_intake import OrderDraft, create_orders
from tests.proof.harness import WECOM_CONTACT, Service

POS = ("PO-1001", "PO-1003", "PO-1004", "PO-1005")


async def a_prompt_with_eight_buttons(service: Service) -> str:
    """Huada reports through alice's 1:1 chat with the app; four open orders, two buttons each."""
    now = service.clock.now()
    async with service.database.write() as session:
        session.add(ChatBinding(platform="wecom", chat_id=WECOM_CONTACT, chat_kind="private",
                                role=BindingRole.SUPPLIER.value, supplier_id=service.world.huada_id,
                                title="alice", created_at=now))
        due = date(now.year + 1, 1, 20)
        await create_orders(session, [
            OrderDraft(po=po, supplier="HD", part_no="BRK-2201", process="stamping", quantity=100,
                       release_date=now.date(), due_date=due) for po in POS[1:]
        ], actor="proof", now=now)
    assert await prompt_due(service.database, now) >= 1
    await service.settle()
    [menu] = [text for text in service.wecom_texts() if "回复 1 = " in text]
    return menu


async def node_status(service: Service, po: str) -> str:
    async with service.database.read() as session:
        order = (await session.execute(select(Order).where(Order.po == po))).scalar_one()
        first = (await session.execute(select(Milestone).where(Milestone.order_id == order.id)
                                       .order_by(Milestone.id))).scalars().first()
    assert first is not None and first.node == "material_ready"
    return first.status


async def says(service: Service, text: str) -> str:
    """alice's message in, the one answer out (a text, or a card's text and button keys)."""
    before = len(service.wecom.sent("message/send"))
    assert await service.wecom_post(service.wecom_text(text)) == 200
    await service.settle()
    [answer] = service.wecom.sent("message/send")[before:]
    if answer["msgtype"] == "template_card":
        card = answer["template_card"]
        return " ".join([card["main_title"]["title"], card["sub_title_text"], *(b["key"] for b in card["button_list"])])
    return str(answer["text"]["content"])


async def test_the_prompt_becomes_a_numbered_menu_of_eight_choices(service: Service) -> None:
    menu = await a_prompt_with_eight_buttons(service)

    assert [line for line in menu.splitlines() if line.startswith("回复 ")][-1].startswith("回复 8 = ")
    assert not service.wecom.sent("message/send")[-1].get("template_card")


@pytest.mark.parametrize(("typed", "po"), [("1", "PO-1001"), ("１", "PO-1001"), ("1.", "PO-1001"),
                                            ("选3", "PO-1003"), ("第5个", "PO-1004")])
async def test_a_typed_number_presses_that_button(service: Service, typed: str, po: str) -> None:
    await a_prompt_with_eight_buttons(service)

    answer = await says(service, typed)

    assert answer.startswith(f"{po} 原材料到位 ✔")
    assert await node_status(service, po) == "done"
    assert [await node_status(service, other) for other in POS if other != po].count("done") == 0


async def test_the_second_number_asks_for_the_new_date_like_the_delay_button(service: Service) -> None:
    await a_prompt_with_eight_buttons(service)

    answer = await says(service, "2")

    assert "PO-1001" in answer and "没看懂" not in answer and ":d7" in answer  # the +7 days button
    assert await node_status(service, "PO-1001") != "done"


async def test_after_the_menu_expired_a_number_means_nothing_and_changes_nothing(service: Service) -> None:
    await a_prompt_with_eight_buttons(service)
    service.clock.advance(MENU_TTL + timedelta(minutes=1))

    answer = await says(service, "1")

    assert answer.startswith("没看懂")
    assert [await node_status(service, po) for po in POS].count("done") == 0


async def test_a_number_beyond_the_menu_is_not_a_choice(service: Service) -> None:
    await a_prompt_with_eight_buttons(service)

    answer = await says(service, "9")

    assert not answer.startswith("PO-")
    assert [await node_status(service, po) for po in POS].count("done") == 0
