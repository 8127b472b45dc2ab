"""Late nodes and defects climb the ladder into the right chats at the right times, once."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from sqlalchemy import func, select, update

from bot.clock import FakeClock
from scheduler.jobs import escalate_overdue
from scheduler.ladder import Ladder
from storage.db import Database
from storage.models import BindingRole, EscalationStep, ExceptionTicket, Milestone, OutboxMessage
from tests.scheduler.world import World, sh

DUE = date(2026, 11, 24)  # Tuesday
FAR = date(2026, 12, 20)
SUPPLIER_CHAT, BUYERS, MANAGERS = "-1001", "-2000", "-3000"
END = sh(2026, 12, 1, 18, 0)
LADDER = Ladder()  # the built-in calendar and ladders, as the jobs' default JobConfig


async def plant(world: World) -> dict[str, int]:
    """华达 with two orders whose first node is due Tuesday; returns milestone ids by PO."""
    huada = await world.supplier("华达")
    await world.bind(BindingRole.SUPPLIER.value, SUPPLIER_CHAT, supplier_id=huada)
    await world.bind(BindingRole.BUYERS.value, BUYERS)
    await world.bind(BindingRole.MANAGERS.value, MANAGERS, language="en")
    ids = {}
    for po in ("PO-1001", "PO-1002"):
        ids[po] = (await world.order(po, huada, [("material_ready", DUE), ("shipped", FAR)]))[0]
    return ids


def new_world(database: Database, clock: FakeClock) -> World:
    clock.set(sh(2026, 11, 24, 10, 0))
    return World(database, clock, jobs=(escalate_overdue,), step=timedelta(hours=1))


async def ticket_of(database: Database, milestone_id: int) -> int:
    async with database.read() as session:
        return await session.scalar(select(ExceptionTicket.id).where(ExceptionTicket.milestone_id == milestone_id))


async def test_a_late_node_goes_l0_l1_l2_and_repeats_at_the_right_times(database: Database, clock: FakeClock) -> None:
    world = new_world(database, clock)
    await plant(world)
    await world.run_until(END)

    # L0: the supplier's chat, first working hour after the due date, both nodes in one message
    [reminder] = world.to(SUPPLIER_CHAT)
    assert reminder.at.replace(second=0) == sh(2026, 11, 25, 8, 0)
    assert "PO-1001" in reminder.text and "PO-1002" in reminder.text and "逾期1天" in reminder.text
    assert [p.split(":")[2] for p in reminder.payloads] == ["done", "delay", "done", "delay"]
    # L1: the buyers, 4 working hours later
    [l1] = world.to(BUYERS)
    assert l1.at.replace(second=0) == sh(2026, 11, 25, 12, 0)
    assert l1.text.startswith("⚠️ 异常升级 L1") and "PO-1001" in l1.text and "PO-1002" in l1.text
    assert sum(p.startswith("x:ack:") for p in l1.payloads) == 2
    # L2: the managers (English) a working day later, then two repeats on working days
    assert world.times(MANAGERS) == [sh(2026, 11, 26, 12), sh(2026, 11, 27, 12), sh(2026, 11, 30, 12)]
    assert all(m.text.startswith("⚠️ Escalated L2") for m in world.to(MANAGERS))
    assert "(reminder 2)" in world.to(MANAGERS)[1].text


async def test_an_acknowledgement_stops_the_ladder_and_reminds_the_owner_later(
    database: Database, clock: FakeClock
) -> None:
    world = new_world(database, clock)
    ids = await plant(world)
    await world.run_until(sh(2026, 11, 25, 13, 0))
    ticket_id = await ticket_of(database, ids["PO-1001"])
    async with database.write() as session:
        ticket = await LADDER.acknowledge(session, ticket_id, by="张三", now=clock.now())
        assert ticket is not None and ticket.acknowledged_by == "张三" and ticket.level == 1
    async with database.write() as session:  # a second click changes nothing
        again = await LADDER.acknowledge(session, ticket_id, by="李四", now=clock.now())
        assert again is not None and again.acknowledged_by == "张三"
    await world.run_until(END)

    assert all("PO-1001" not in m.text and "PO-1002" in m.text for m in world.to(MANAGERS))
    assert len(world.to(MANAGERS)) == 3
    follow_ups = world.to(BUYERS, "已认领仍未解决")
    assert [f.at.replace(second=0) for f in follow_ups] == [sh(2026, 11, 26, 13), sh(2026, 11, 27, 13)]
    assert all("张三" in f.text and "PO-1001" in f.text and "PO-1002" not in f.text for f in follow_ups)
    assert len(world.to(BUYERS)) == 3  # L1 and the two follow-ups, nothing more


async def test_resolving_sends_one_closing_message_to_each_chat_it_reached(
    database: Database, clock: FakeClock
) -> None:
    world = new_world(database, clock)
    ids = await plant(world)
    await world.run_until(sh(2026, 11, 26, 13, 0))  # L2 has fired
    ticket_id = await ticket_of(database, ids["PO-1002"])
    for _ in range(2):
        async with database.write() as session:
            await LADDER.resolve(session, ticket_id, by="李四", note="已协调", now=clock.now())
    await asyncio.gather(*(world.tick() for _ in range(2)))
    await world.run_until(END)

    for chat in (SUPPLIER_CHAT, BUYERS):
        [closing] = world.to(chat, "已解决")
        assert f"EXC-{ticket_id} PO-1002" in closing.text and "李四" in closing.text
    assert "已协调" in world.to(BUYERS, "已解决")[0].text  # the note stays with the staff
    assert "已协调" not in world.to(SUPPLIER_CHAT, "已解决")[0].text
    assert len(world.to(MANAGERS, "Resolved")) == 1
    assert all("PO-1002" not in m.text for m in world.to(MANAGERS)[1:] if "Resolved" not in m.text)


async def test_a_completing_report_or_a_new_date_closes_the_exception_by_itself(
    database: Database, clock: FakeClock
) -> None:
    world = new_world(database, clock)
    ids = await plant(world)
    await world.run_until(sh(2026, 11, 25, 13, 0))  # L0 and L1 sent; L2 pending
    async with database.write() as session:  # the supplier reports PO-1001's material in
        await session.execute(update(Milestone).where(Milestone.id == ids["PO-1001"])
                              .values(status="done", percent=100, done_at=clock.now()))
        closed = await LADDER.close_for_milestone(session, ids["PO-1001"], by="华达", now=clock.now())
        assert [t.milestone_id for t in closed] == [ids["PO-1001"]]
    async with database.write() as session:  # PO-1002's date moves to next month
        await session.execute(update(Milestone).where(Milestone.id == ids["PO-1002"])
                              .values(planned_date=date(2026, 12, 10)))
    await world.run_until(END)

    for chat in (SUPPLIER_CHAT, BUYERS):
        assert len(world.to(chat, "节点已完成")) == 1 and len(world.to(chat, "计划已调整")) == 1
        assert len(world.to(chat)) == 3
    assert world.to(MANAGERS) == []  # closed before L2: the managers never heard of it


async def test_a_defect_reaches_the_buyers_at_once_and_the_managers_a_day_later(
    database: Database, clock: FakeClock
) -> None:
    world = new_world(database, clock)
    huada = await world.supplier("华达")
    await world.bind(BindingRole.SUPPLIER.value, SUPPLIER_CHAT, supplier_id=huada)
    await world.bind(BindingRole.BUYERS.value, BUYERS)
    await world.bind(BindingRole.MANAGERS.value, MANAGERS)
    [milestone] = await world.order("PO-3001", huada, [("final_inspection", FAR)])
    clock.set(sh(2026, 11, 24, 14, 0))
    async with database.write() as session:
        order_id = await session.scalar(select(Milestone.order_id).where(Milestone.id == milestone))
        ticket, new = await LADDER.open(
            session, order_id=order_id, kind="defect", title="不良20件 尺寸偏大", now=clock.now(),
            opened_by="华达", milestone_id=milestone, severity="high", qty=20, dedupe_key="defect:report:7")
        assert new and ticket.level == 1
        same, new_again = await LADDER.open(
            session, order_id=order_id, kind="defect", title="again", now=clock.now(), opened_by="华达",
            dedupe_key="defect:report:7")
        assert same.id == ticket.id and not new_again
    await world.tick()
    await world.run_until(sh(2026, 11, 25, 18, 0))

    assert world.to(SUPPLIER_CHAT) == []
    assert world.times(BUYERS) == [sh(2026, 11, 24, 14, 0)] and "不良20件 尺寸偏大" in world.to(BUYERS)[0].text
    assert world.times(MANAGERS) == [sh(2026, 11, 25, 14, 0)]


async def test_two_replicas_ticking_together_fire_each_step_once(database: Database, clock: FakeClock) -> None:
    world = new_world(database, clock)
    await plant(world)
    for hour in (8, 12):
        clock.set(sh(2026, 11, 25, hour, 0))
        await asyncio.gather(escalate_overdue(database, clock.now()), escalate_overdue(database, clock.now()))
        await escalate_overdue(database, clock.now())
        await world.deliver()
    assert len(world.to(SUPPLIER_CHAT)) == 1 and len(world.to(BUYERS)) == 1
    async with database.read() as session:
        assert await session.scalar(select(func.count(EscalationStep.id))) == 4
        assert await session.scalar(select(func.count(OutboxMessage.id))) == 2


async def test_after_three_days_down_one_tick_sends_one_message_per_level(
    database: Database, clock: FakeClock
) -> None:
    world = new_world(database, clock)
    await plant(world)
    await world.tick()
    clock.set(sh(2026, 11, 27, 15, 0))  # Friday afternoon: the service was down since Tuesday
    await world.tick()
    await world.tick()
    for chat in (SUPPLIER_CHAT, BUYERS, MANAGERS):
        assert world.times(chat) == [sh(2026, 11, 27, 15, 0)]
    assert "逾期3天" in world.to(SUPPLIER_CHAT)[0].text
    await world.run_until(sh(2026, 11, 30, 18, 0), step=timedelta(hours=1))
    assert world.times(MANAGERS) == [sh(2026, 11, 27, 15, 0), sh(2026, 11, 30, 15, 0)]  # repeats resume calmly


async def test_closing_an_order_closes_all_its_exceptions_and_stops_their_ladders(
    database: Database, clock: FakeClock
) -> None:
    """What the buyer's side calls when an order is accepted, closed or cancelled."""
    world = new_world(database, clock)
    ids = await plant(world)
    await world.run_until(sh(2026, 11, 25, 13, 0))  # L0 and L1 sent for both orders
    async with database.write() as session:
        order_id = await session.scalar(select(Milestone.order_id).where(Milestone.id == ids["PO-1001"]))
        defect, _ = await LADDER.open(session, order_id=order_id, kind="defect", title="不良5件", now=clock.now(),
                                      opened_by="华达", severity="high", dedupe_key="defect:report:9")
    await world.tick()  # the defect reaches the buyers at once
    async with database.write() as session:
        closed = await LADDER.close_for_order(session, order_id, by="李四", now=clock.now())
        again = await LADDER.close_for_order(session, order_id, by="李四", now=clock.now())
    assert {t.kind for t in closed} == {"overdue", "defect"} and again == []
    await world.run_until(END)

    assert len(world.to(SUPPLIER_CHAT, "订单已结束")) == 1  # the overdue node; the defect never reached it
    assert len(world.to(BUYERS, "订单已结束")) == 2  # the overdue node and the defect
    assert all("PO-1001" not in m.text for m in world.to(MANAGERS))  # no L2 for the closed order
    assert len(world.to(MANAGERS)) == 3  # PO-1002 still climbs
    async with database.read() as session:
        assert await session.scalar(select(ExceptionTicket.resolved_by).where(ExceptionTicket.id == defect.id)) == "李四"
