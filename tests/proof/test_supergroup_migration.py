"""A Telegram group upgraded to a supergroup gets a new chat id; its binding, pending questions
and queued messages follow it, whichever of Telegram's two service messages comes first, and
however often they come."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from scheduler.jobs import escalate_overdue
from storage.models import BindingRole, ChatBinding, ConversationState, OutboxMessage
from tests.fakes.telegram_api import group_chat, supergroup_chat, user
from tests.proof.harness import BUYERS_GROUP, HUADA_GROUP, HUADA_USER, Service, huada_chat, huada_user

OLD, NEW = -4005001, -1004005001001
OLD_BUYERS, NEW_BUYERS = -4006001, -1004006001001


async def bind_old_group(service: Service) -> None:
    """Huada's chat was a basic group when it was bound."""
    async with service.database.write() as session:
        await session.execute(update(ChatBinding).where(ChatBinding.chat_id == str(HUADA_GROUP))
                              .values(chat_id=str(OLD)))


async def bindings(service: Service) -> dict[str, str]:
    async with service.database.read() as session:
        rows = (await session.execute(select(ChatBinding.chat_id, ChatBinding.role))).all()
    return {chat_id: role for chat_id, role in rows}


async def migrate(service: Service, old: int, new: int, *, order: str = "to,from") -> None:
    service.telegram.migrate(old, new)
    in_old, in_new = service.updates.migration(group_chat(old, "华达精密 外协群"),
                                               supergroup_chat(new, "华达精密 外协群"), sender=huada_user())
    first, second = (in_old, in_new) if order == "to,from" else (in_new, in_old)
    for update_ in (first, second, first):  # the first one delivered again
        assert await service.telegram_post(update_) == 200
    await service.settle()


async def test_after_the_upgrade_the_new_supergroup_speaks_for_the_supplier(service: Service) -> None:
    await bind_old_group(service)
    await migrate(service, OLD, NEW, order="from,to")

    assert (await bindings(service))[str(NEW)] == BindingRole.SUPPLIER.value
    assert str(OLD) not in await bindings(service)
    assert service.telegram_texts(NEW) == []  # the move itself says nothing

    update_ = service.updates.text("PO-1001 冲压完成50%", chat=supergroup_chat(NEW), sender=user(777, "新来的"))
    assert await service.telegram_post(update_) == 200
    await service.settle()

    [answer] = service.telegram_texts(NEW)
    assert answer.startswith("PO-1001")


async def test_either_service_message_alone_moves_the_binding_once(service: Service) -> None:
    await bind_old_group(service)
    service.telegram.migrate(OLD, NEW)
    _, in_new = service.updates.migration(group_chat(OLD), supergroup_chat(NEW), sender=huada_user())

    assert await service.telegram_post(in_new) == 200
    await service.settle()
    before = await service.counts()
    again = service.updates.migration(group_chat(OLD), supergroup_chat(NEW), sender=huada_user())
    for update_ in again:
        assert await service.telegram_post(update_) == 200
    await service.settle()

    assert list(await bindings(service)).count(str(NEW)) == 1
    after = await service.counts()
    assert {k: v for k, v in after.items() if k != "inbox"} == {k: v for k, v in before.items() if k != "inbox"}


async def test_a_question_pending_in_the_old_group_is_answered_in_the_new_one(service: Service) -> None:
    await bind_old_group(service)
    ask = service.updates.text("PO-1001 50", chat=group_chat(OLD), sender=huada_user())
    assert await service.telegram_post(ask) == 200
    await service.settle()
    assert "50" in service.telegram_texts(OLD)[-1]  # percent or pieces?

    await migrate(service, OLD, NEW)
    async with service.database.read() as session:
        [state] = (await session.execute(select(ConversationState))).scalars().all()
    assert state.chat_id == str(NEW) and state.user_id == str(HUADA_USER)

    answer = service.updates.text("50%", chat=supergroup_chat(NEW), sender=huada_user())
    assert await service.telegram_post(answer) == 200
    await service.settle()
    assert service.telegram_texts(NEW)[-1].startswith("PO-1001")


async def test_a_reply_queued_for_the_old_id_is_delivered_to_the_new_one(service: Service) -> None:
    await bind_old_group(service)
    report = service.updates.text("PO-1001 冲压完成50%", chat=group_chat(OLD), sender=huada_user())
    assert await service.telegram_post(report) == 200
    await service.process()  # the reply waits in the outbox for the old id
    service.telegram.migrate(OLD, NEW)  # ...and Telegram upgraded the group before it was sent

    await service.settle()

    assert service.telegram_texts(OLD) == []
    [answer] = service.telegram_texts(NEW)
    assert answer.startswith("PO-1001")
    assert (await bindings(service))[str(NEW)] == BindingRole.SUPPLIER.value
    [row] = await service.outbox()
    assert (row.chat_id, row.state, row.attempts) == (str(NEW), "sent", 1)


async def test_escalations_go_to_the_buyers_new_supergroup(service: Service) -> None:
    async with service.database.write() as session:
        await session.execute(update(ChatBinding).where(ChatBinding.chat_id == str(BUYERS_GROUP))
                              .values(chat_id=str(OLD_BUYERS)))
    service.telegram.migrate(OLD_BUYERS, NEW_BUYERS)
    in_old, _ = service.updates.migration(group_chat(OLD_BUYERS), supergroup_chat(NEW_BUYERS))
    assert await service.telegram_post(in_old) == 200
    await service.settle()

    delay = service.updates.text("1001 延期到12月20号 钢材没到", chat=huada_chat(), sender=huada_user())
    assert await service.telegram_post(delay) == 200
    await service.settle()
    service.clock.advance(timedelta(days=2))
    await escalate_overdue(service.database, service.clock.now())
    await service.settle()

    alert, escalation = service.telegram_texts(NEW_BUYERS)
    assert "PO-1001" in alert and "钢材没到" in alert
    assert "异常升级" in escalation and "PO-1001" in escalation and "钢材没到" in escalation
    assert service.telegram_texts(OLD_BUYERS) == []
    async with service.database.read() as session:
        chats = set((await session.execute(select(OutboxMessage.chat_id))).scalars())
    assert str(OLD_BUYERS) not in chats


async def test_a_forged_click_cannot_move_a_chat(service: Service) -> None:
    """Telegram: "a bad client can send arbitrary data" in a callback; events come only from Telegram."""
    before = await bindings(service)
    forged = service.updates.callback(f"event:chat_moved:{BUYERS_GROUP}:-1009999999999", chat=huada_chat(),
                                      sender=huada_user())

    assert await service.telegram_post(forged) == 200
    await service.settle()

    assert await bindings(service) == before
    assert await service.inbox() == []
