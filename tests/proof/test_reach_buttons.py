"""Buttons that were used say so: the clicked Telegram message is edited to show the choice and
who made it, its keyboard gone; the clicked WeCom card's button is replaced by grey text. Both
go through the outbox like any send, and are checked on the fakes' own state."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import OutboxMessage, OutboxState, ProgressReport
from tests.fakes.telegram_api import user
from tests.fakes.wecom_api import template_card_event_xml
from tests.proof.harness import HUADA_GROUP, HUADA_USER, WECOM_CONTACT, Service, huada_chat


async def dead_letters(service: Service) -> list[OutboxMessage]:
    async with service.database.read() as session:
        return list((await session.execute(select(OutboxMessage).where(
            OutboxMessage.state == OutboxState.DEAD.value))).scalars())


async def test_a_clicked_telegram_keyboard_shows_the_choice_and_who_and_loses_its_buttons(service: Service) -> None:
    wang = user(HUADA_USER, "王工")
    await service.telegram_post(service.updates.text("PO-1001 50", chat=huada_chat(), sender=wang))
    await service.settle()
    [(key, asked)] = [(k, m) for k, m in service.telegram.messages.items()
                      if k[0] == HUADA_GROUP and m.get("reply_markup")]
    percent = asked["reply_markup"]["inline_keyboard"][0][0]

    click = service.updates.callback(percent["callback_data"], chat=huada_chat(), sender=wang,
                                     message_id=key[1], message_text=asked["text"])
    assert await service.telegram_post(click) == 200
    await service.settle()

    edited = service.telegram.messages[key]
    assert "reply_markup" not in edited  # nothing left to press
    assert edited["text"].startswith(asked["text"]) and edited["text"].endswith(f"✔ {percent['text']} — 王工")
    async with service.database.read() as session:
        [report] = (await session.execute(select(ProgressReport))).scalars().all()
        assert report.percent == 50

    # a second tap that was already on its way: answered, the message stays as it is, nothing dead
    again = service.updates.callback(percent["callback_data"], chat=huada_chat(), sender=wang,
                                     message_id=key[1], message_text=asked["text"])
    await service.telegram_post(again)
    await service.settle()
    assert service.telegram.messages[key]["text"] == edited["text"]
    assert len([c for c in service.telegram.calls if c.method == "editMessageText"]) == 2
    assert not await dead_letters(service)


async def test_a_clicked_wecom_card_has_its_button_replaced_through_update_template_card(service: Service) -> None:
    service.next_msg_id += 1
    await service.wecom_post(service.wecom_text("1001 50"))
    await service.settle()
    [sent] = [c for c in service.wecom.calls_to("message/send") if c.json.get("msgtype") == "template_card"]
    card, card_code = sent.json["template_card"], sent.response["response_code"]  # type: ignore[index]
    quantity = card["button_list"][1]

    click_code = service.wecom.click_code(card_code)
    event = template_card_event_xml(WECOM_CONTACT, quantity["key"], task_id=card["task_id"],
                                    response_code=click_code, create_time=service.wecom_now() + 2)
    assert await service.wecom_post(event) == 200
    await service.settle()

    [update] = service.wecom.sent("message/update_template_card")
    assert update["response_code"] == click_code and update["userids"] == [WECOM_CONTACT]
    assert update["agentid"] == service.wecom.agent_id
    assert update["button"]["replace_name"].startswith("✔")
    assert service.wecom.cards[card_code]["button_list"] == []  # the card cannot be pressed again
    async with service.database.read() as session:
        [report] = (await session.execute(select(ProgressReport))).scalars().all()
        assert report.qty_done == 50
    assert not await dead_letters(service)
