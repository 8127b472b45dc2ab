"""Who may change things from a chat: people, not chat membership.

The binding of a staff chat decides what may be read there. Entering orders, acknowledging or
closing exceptions, receipts, inspections, changes, binding and inviting need a person on the
people list whose role and staff scope allow it; an unknown member reads and is told how to be
added. Driven through the router (`handle_message`), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.ports import ChatKind
from storage.access import disable
from storage.db import Database
from storage.invites import GUESSES_PER_SUPPLIER, INVITE_KEY
from storage.models import (
    AuditEntry,
    BindingRole,
    ChatBinding,
    ConversationState,
    ExceptionTicket,
    Order,
    OrderChange,
    Person,
    Receipt,
    Role,
)
from tests.handlers.supplier_world import (
    BUYERS_CHAT,
    HUADA_CHAT,
    QC_CHAT,
    WANG,
    Talker,
    add_staff,
    order,
    payloads,
    seed_world,
    texts,
)

STRANGER, BUYER, SCOPED, ADMIN = "990", "601", "602", "900"
EN_BUYERS = "-2002"


@pytest.fixture
async def world(database: Database, clock: FakeClock) -> Database:
    await seed_world(database, clock)
    await add_staff(database, clock, BUYER, "李娟", Role.BUYER)
    await add_staff(database, clock, SCOPED, "赵敏", Role.BUYER, suppliers=("HD",))
    await add_staff(database, clock, ADMIN, "系统管理员", Role.ADMIN)
    async with database.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id=EN_BUYERS, role=BindingRole.BUYERS.value,
                                title="Buyers (EN)", language="en", created_at=clock.now()))
        for po in ("PO-1001", "PO-2001"):
            found = await session.scalar(select(Order).where(Order.po == po))
            assert found is not None
            session.add(ExceptionTicket(order_id=found.id, kind="defect", title=f"{po} 不良", opened_at=clock.now(),
                                        opened_by="test", level=0))
    return database


async def exception_of(database: Database, po: str) -> ExceptionTicket:
    async with database.read() as session:
        found = await session.scalar(select(ExceptionTicket).join(Order, Order.id == ExceptionTicket.order_id)
                                     .where(Order.po == po))
        assert found is not None
        return found


async def count(database: Database, model: type, *where: object) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def private(database: Database, clock: FakeClock, user: str, name: str = "") -> Talker:
    return Talker(database, clock, f"p{user}", user, name, kind=ChatKind.PRIVATE)


async def test_an_unknown_member_of_the_buyers_chat_reads_but_changes_nothing(
    world: Database, clock: FakeClock,
) -> None:
    stranger = Talker(world, clock, BUYERS_CHAT, STRANGER, "Alice Admin")
    [status] = await stranger.says("/status PO-1001")
    assert "PO-1001" in status.text and "华达精密" in status.text
    assert payloads(status) == []  # no acknowledge / close buttons for someone who may not press them
    [listed] = await stranger.says("/exceptions")
    assert "PO-2001 不良" in listed.text and payloads(listed) == []

    hd = await exception_of(world, "PO-1001")
    attempts = {
        "/neworder PO-3001 华达 BRK-9 100件 交期12-20": "录入订单",
        "/invite 华达": "邀请供应商联系人",
        "/bind qc": "绑定聊天",
        f"/ack EXC-{hd.id}": "确认或关闭异常",
        f"/resolve EXC-{hd.id} 已处理": "确认或关闭异常",
        "PO-1001 收货 500 批次L1": "登记收货",
        "PO-1001 L1 合格500": "登记来料检验",
        "/change PO-1001 数量 1800": "做订单变更",
        "PO-1001 作废 不要了": "关闭或作废订单",
    }
    for text, what in attempts.items():
        [refused] = await stranger.says(text)
        assert refused.text.startswith(f"您还不在人员名单上：在本群可以查询，但不能{what}。"), text
        assert f"--platform telegram --user {STRANGER}" in refused.text
    for button in (f"x:ack:{hd.id}", f"x:resolve:{hd.id}", "a:bind:qc:0"):
        [refused] = await stranger.says(button=button)
        assert refused.text.startswith("您还不在人员名单上"), button

    hd = await exception_of(world, "PO-1001")
    assert hd.acknowledged_at is None and hd.resolved_at is None
    assert await count(world, Order, Order.po == "PO-3001") == 0
    assert await count(world, ConversationState, ConversationState.platform == INVITE_KEY) == 0
    assert await count(world, Receipt) == 0 and await count(world, OrderChange) == 0
    assert (await order(world, "PO-1001")).quantity == 2000
    async with world.read() as session:
        binding = await session.scalar(select(ChatBinding).where(ChatBinding.chat_id == BUYERS_CHAT))
        assert binding is not None and binding.role == BindingRole.BUYERS.value
        tries = (await session.scalars(select(AuditEntry).where(AuditEntry.surface == "chat"))).all()
    # every attempt is in the audit log under the platform id, never the display name "Alice Admin"
    assert len(tries) == len(attempts) + 3
    assert {(t.actor, t.person_id, t.status) for t in tries} == {(f"telegram:{STRANGER}", None, 403)}


async def test_the_stranger_is_told_in_the_chats_language(world: Database, clock: FakeClock) -> None:
    stranger = Talker(world, clock, EN_BUYERS, STRANGER, "Bob")
    [refused] = await stranger.says("/invite HD")
    assert refused.text.startswith("You are not on the people list yet: you can read here, but not invite")
    assert "supplierbot people add --name YOUR_NAME --role buyer --platform telegram --user 990" in refused.text
    [read] = await stranger.says("/status PO-2001")
    assert "PO-2001" in read.text


async def test_a_known_person_acts_and_is_recorded_by_their_name_not_their_display_name(
    world: Database, clock: FakeClock,
) -> None:
    buyer = Talker(world, clock, BUYERS_CHAT, BUYER, "Alice Admin")
    hd = await exception_of(world, "PO-1001")
    [acked] = await buyer.says(button=f"x:ack:{hd.id}")
    assert "李娟" in acked.text and "Alice" not in acked.text
    await buyer.says("/change PO-1001 数量 1800 客户减量")
    async with world.read() as session:
        change = await session.scalar(select(OrderChange))
        person = await session.scalar(select(Person).where(Person.name == "李娟"))
    assert change is not None and person is not None
    assert (change.actor, change.actor_person_id) == ("李娟", person.id)
    async with world.read() as session:
        done = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    assert [(d.actor, d.person_id, d.action, d.status) for d in done] == [
        ("李娟", person.id, "handle_exception", None), ("李娟", person.id, "change_order", None)]
    assert (await exception_of(world, "PO-1001")).acknowledged_by == "李娟"


async def test_a_role_without_the_right_is_told_which_roles_have_it(world: Database, clock: FakeClock) -> None:
    await add_staff(world, clock, "701", "质检小张", Role.QC)
    qc = Talker(world, clock, QC_CHAT, "701", "质检小张")
    [refused] = await qc.says("/neworder PO-3001 华达 BRK-9 100件 交期12-20")
    assert refused.text == "您的角色不能录入订单（可以的角色：管理员、采购、负责人）。"
    [refused] = await qc.says("/bind buyers")
    assert refused.text.startswith("您的角色不能绑定聊天")


async def test_a_buyer_scoped_to_one_supplier_cannot_read_or_act_on_anothers(
    world: Database, clock: FakeClock,
) -> None:
    in_group = Talker(world, clock, BUYERS_CHAT, SCOPED, "赵敏")
    for scoped in (in_group, private(world, clock, SCOPED, "赵敏")):
        [other] = await scoped.says("/status PO-2001")
        assert "在您的订单中没有找到" in other.text and "Apex" not in other.text  # nothing of the order
        [listed] = await scoped.says("/exceptions")
        assert "PO-1001 不良" in listed.text and "PO-2001" not in listed.text
        xy = await exception_of(world, "PO-2001")
        [refused] = await scoped.says(f"/ack EXC-{xy.id}")
        assert f"没有找到异常 EXC-{xy.id}" in refused.text
        await scoped.says(button=f"x:resolve:{xy.id}")
        [refused] = await scoped.says("PO-2001 收货 100 批次L1")
        assert refused.text == "没有找到订单 2001。"
        [refused] = await scoped.says("/change PO-2001 数量 400")
        assert refused.text == "没有找到订单 2001。"
        [refused] = await scoped.says("/invite Apex")
        assert re.search(r"\b\d{6}\b", refused.text) is None
        [refused] = await scoped.says("/neworder PO-3002 Apex PART-1 10件 交期12-20")
        assert "PO-3002" not in refused.text or "失败" in refused.text or "failed" in refused.text

    xy = await exception_of(world, "PO-2001")
    assert xy.acknowledged_at is None and xy.resolved_at is None
    assert (await order(world, "PO-2001")).quantity == 500
    assert await count(world, Receipt) == 0
    assert await count(world, Order, Order.po == "PO-3002") == 0
    assert await count(world, ConversationState, ConversationState.platform == INVITE_KEY) == 0

    scoped = in_group
    [invite] = await scoped.says("/invite 华达")
    assert re.search(r"\b\d{6}\b", invite.text)  # their own supplier: yes
    [acked] = await scoped.says(f"/ack EXC-{(await exception_of(world, 'PO-1001')).id}")
    assert "赵敏" in acked.text


async def test_a_disabled_person_is_a_stranger_at_once(world: Database, clock: FakeClock) -> None:
    buyer = Talker(world, clock, BUYERS_CHAT, BUYER, "李娟")
    hd = await exception_of(world, "PO-1001")
    async with world.write() as session:
        person = await session.scalar(select(Person).where(Person.name == "李娟"))
        assert person is not None
        await disable(session, person, clock.now())
    [refused] = await buyer.says(f"/ack EXC-{hd.id}")
    assert refused.text.startswith("您还不在人员名单上")
    assert (await exception_of(world, "PO-1001")).acknowledged_at is None


async def test_a_supplier_chat_still_reports_without_an_account(world: Database, clock: FakeClock) -> None:
    """Suppliers need no account: the binding of their own chat is their authority to report."""
    helper = Talker(world, clock, HUADA_CHAT, "555", "车间小李")
    replies = await helper.says("1001 完成30%")
    assert any("30%" in text for text in texts(replies))
    [refused] = await helper.says("/invite 华达")
    assert "邀请" in refused.text and re.search(r"\b\d{6}\b", refused.text) is None


async def test_join_guesses_from_many_accounts_are_bounded_per_supplier(world: Database, clock: FakeClock) -> None:
    buyer = Talker(world, clock, BUYERS_CHAT, BUYER, "李娟")
    [invite] = await buyer.says("/invite 华达")
    match = re.search(r"\b(\d{6})\b", invite.text)
    assert match is not None
    code = match[1]
    wrong = (f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" != code)
    accounts = GUESSES_PER_SUPPLIER // 5 + 1  # five wrong codes an hour lock one account
    for account in range(accounts):
        guesser = private(world, clock, f"g{account}")
        for _ in range(5):
            await guesser.says(f"/join {next(wrong)}")
    [late] = await private(world, clock, "real-contact", "陈经理").says(f"/join {code}")
    assert "无效或已过期" in late.text  # withdrawn after the supplier's budget of wrong codes
    assert await count(world, Person, Person.name == "陈经理") == 0
    [again] = await buyer.says("/invite 华达")
    assert re.search(r"\b\d{6}\b", again.text)  # the buyer can issue a new one
    assert WANG  # the supplier's existing contact is untouched
