"""The buyer's half of an order, walked end to end on both engines: the supplier reports and
ships two lots; the warehouse counts them in; QC inspects each lot, one partly rejected
and reworked; the rejected parts go back and come again; the order closes itself when
enough is accepted and then never escalates, whatever the scheduler's clock says. The KPIs
and the scorecard are checked against figures worked out by hand."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from handlers.buyer_records_reading import read_buyer_record
from handlers.materials import material_trace
from handlers.texts.help import help_text
from scheduler.jobs import escalate_overdue
from storage import kpis
from storage.db import Database
from storage.models import (
    BindingRole,
    ChatBinding,
    ChatIdentity,
    ExceptionKind,
    ExceptionTicket,
    Inspection,
    Lot,
    LotReturn,
    Milestone,
    Order,
    OrderChange,
    OutboxMessage,
    Person,
    Receipt,
    Role,
    Supplier,
)
from storage.order_queries import find_order
from tests.handlers.supplier_world import (
    BUYERS_CHAT,
    HUADA_CHAT,
    QC_CHAT,
    WANG,
    Talker,
    add_order,
    add_staff,
    order,
    payloads,
    seed_world,
    texts,
)

SH = ZoneInfo("Asia/Shanghai")
WAREHOUSE_CHAT = "-4001"


def sh(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SH)


@pytest.fixture
async def world(database: Database, clock: FakeClock) -> Database:
    await seed_world(database, clock)
    async with database.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id=WAREHOUSE_CHAT, role=BindingRole.WAREHOUSE.value,
                                title="仓库收货群", language="zh", created_at=clock.now()))
    for user, name, role in [("601", "李娟", Role.BUYER), ("701", "质检小张", Role.QC), ("801", "仓库老陈", Role.WAREHOUSE)]:
        await add_staff(database, clock, user, name, role)
    return database


@pytest.fixture
def wang(world: Database, clock: FakeClock) -> Talker:
    return Talker(world, clock, HUADA_CHAT, WANG, "王工")


@pytest.fixture
def dock(world: Database, clock: FakeClock) -> Talker:
    return Talker(world, clock, WAREHOUSE_CHAT, "801", "仓库老陈")


@pytest.fixture
def qc(world: Database, clock: FakeClock) -> Talker:
    return Talker(world, clock, QC_CHAT, "701", "质检小张")


@pytest.fixture
def buyer(world: Database, clock: FakeClock) -> Talker:
    return Talker(world, clock, BUYERS_CHAT, "601", "李娟")


async def lot(database: Database, lot_no: str) -> Lot:
    async with database.read() as session:
        return (await session.execute(select(Lot).where(Lot.lot_no == lot_no))).scalar_one()


async def count(database: Database, model: type, *where: object) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def sent_after(database: Database, moment: datetime) -> list[str]:
    """The texts queued for sending after `moment`."""
    async with database.read() as session:
        return [row.payload["text"] for row in (await session.execute(
            select(OutboxMessage).where(OutboxMessage.created_at > moment).order_by(OutboxMessage.id))).scalars()]


async def open_exceptions(database: Database, po: str) -> int:
    async with database.read() as session:
        return int(await session.scalar(
            select(func.count()).select_from(ExceptionTicket).join(Order, Order.id == ExceptionTicket.order_id)
            .where(Order.po == po, ExceptionTicket.resolved_at.is_(None))) or 0)


async def tick(database: Database, clock: FakeClock) -> None:
    await escalate_overdue(database, clock.now())


async def test_an_order_walks_from_release_to_acceptance_and_stops_escalating(
    world: Database, clock: FakeClock, wang: Talker, dock: Talker, qc: Talker, buyer: Talker,
) -> None:
    # material goes out to the supplier, who confirms it (release 11-21, due 12-08;
    # stamping plan 11-24, 11-26, 12-02, 12-05, 12-07, 12-08)
    clock.set(sh(11, 23))
    replies = await buyer.says("PO-1001 发料 钢板Q235 2100kg 炉号H2311")
    assert texts(replies, BUYERS_CHAT) == ["📦 PO-1001 发料：钢板Q235 2100kg，炉号/批号 H2311，已通知供应商确认收料。"]
    assert texts(replies, HUADA_CHAT) == ["【发料】PO-1001：钢板Q235 2100kg，炉号/批号 H2311 已发出。收到后请回复「PO-1001 料收到了」；"
                                          "数量不够请回复「PO-1001 料不够」。"]
    clock.set(sh(11, 24))
    [confirmed] = texts(await wang.says("PO-1001 料收到了"))
    assert confirmed.startswith("PO-1001 原材料到位 ✔")
    clock.set(sh(11, 26))
    await wang.says("1001 首道工序完成")
    clock.set(sh(12, 1))
    await wang.says("1001 半成品加工完成")
    clock.set(sh(12, 2))
    await wang.says("PO-1001 发货 1000件 批次L2311-01")
    clock.set(sh(12, 3, 9))
    await wang.says("PO-1001 发货 1000件 批次L2311-02")
    await tick(world, clock)

    # receipts: lot 1 exactly, lot 2 short then made up
    clock.set(sh(12, 3, 14))
    [answer] = await dock.says("PO-1001 收货 1000 批次L2311-01")
    assert answer.text.startswith("✅ PO-1001 批次 L2311-01 收货 1000件（累计 1000/1000）。与发货数量一致。")
    [answer] = await dock.says("1001 到了980件")  # only lot 2 still waits: it is meant
    assert "L2311-02" in answer.text and "比发货少 20（短交）" in answer.text
    [question] = await dock.says("PO-1001 收货 5 批次L2311-01")  # beyond what was shipped: asks first
    assert "多收 5" in question.text and question.buttons
    assert await count(world, Receipt) == 2
    [no] = await dock.clicks("r:no")
    assert no.text == "已取消，没有登记。" and await count(world, Receipt) == 2
    [answer] = await dock.says("PO-1001 收货 20 批次L2311-02")
    assert "累计 1000/1000" in answer.text
    assert (await lot(world, "L2311-02")).qty_received == 1000

    # incoming inspection: lot 1 all good; lot 2's first attempt does not add up and is refused
    clock.set(sh(12, 4, 9))
    [answer] = await qc.says("PO-1001 L2311-01 合格1000")
    assert "来料检验：合格1000" in answer.text and "订单累计合格 1000/2000件" in answer.text
    [refusal] = await qc.says("PO-1001 L2311-02 合格950 返工30")
    assert refusal.text.startswith("数量对不上：合格950 + 返工30 = 980，但批次 L2311-02 待检 1000")
    assert (await lot(world, "L2311-02")).qty_accepted == 0
    replies = await qc.says("PO-1001 L2311-02 合格950 返工30 不合格20")
    [to_supplier] = texts(replies, HUADA_CHAT)
    assert to_supplier.startswith("【来料检验】PO-1001 批次 L2311-02：合格950，返工30，不合格20。异常单 #")
    assert texts(replies, BUYERS_CHAT), "the buyers hear of the defect at once"
    async with world.read() as session:
        [defect] = (await session.execute(select(ExceptionTicket).where(
            ExceptionTicket.kind == ExceptionKind.DEFECT.value))).scalars().all()
    assert defect.kind == ExceptionKind.DEFECT.value and defect.qty == 50 and defect.lot_id is not None
    assert defect.resolved_at is None
    lot2 = await lot(world, "L2311-02")
    assert (lot2.qty_accepted, lot2.qty_rework_pending, lot2.qty_rejected, lot2.qty_reworked) == (950, 30, 50, 30)

    # the reworked 30 come back and pass; the rejected 20 go back to the supplier
    clock.set(sh(12, 4, 15))
    await buyer.says("PO-1001 补料 钢板Q235 40kg 炉号H2312 批次L2311-02")  # for the rework
    [answer] = await qc.says("PO-1001 L2311-02 合格30")
    assert "订单累计合格 1980/2000件" in answer.text
    [too_many] = await qc.says("PO-1001 L2311-02 退货25")
    assert "可退货数量为 20" in too_many.text
    replies = await qc.says("PO-1001 L2311-02 退货20 毛刺")
    assert "待补交合计 20" in texts(replies, QC_CHAT)[0]
    [told] = texts(replies, HUADA_CHAT)
    assert told.startswith("【退货】PO-1001 批次 L2311-02 退回 20件（毛刺）。请补交 20件")
    await tick(world, clock)

    # re-delivery, receipt, inspection: accepted reaches ordered and the order closes itself
    clock.set(sh(12, 5, 9))
    await wang.says("PO-1001 发货 20件 批次L2311-03")
    clock.set(sh(12, 5, 14))
    await dock.says("PO-1001 收货 20 批次L2311-03")
    clock.set(sh(12, 5, 15))
    replies = await qc.says("PO-1001 L2311-03 合格20")
    closed_at = clock.now()
    assert "订单验收关闭，不再催办" in texts(replies, QC_CHAT)[0]
    assert texts(replies, HUADA_CHAT) == ["【验收完成】PO-1001 已全部验收（2000件），订单关闭。谢谢配合！"]
    done = await order(world, "PO-1001")
    assert done.status == "accepted" and done.accepted_at == closed_at
    async with world.read() as session:
        nodes = (await session.execute(select(Milestone).where(Milestone.order_id == done.id)
                                       .order_by(Milestone.seq))).scalars().all()
        assert all(m.status == "done" for m in nodes)
        assert nodes[-1].qty_done == 2000 and nodes[-1].done_at == closed_at
        status_change = (await session.execute(select(OrderChange).where(OrderChange.field == "status"))).scalar_one()
        assert (status_change.old_value, status_change.new_value, status_change.actor) == ("shipped", "accepted",
                                                                                          "质检小张")
    assert await count(world, LotReturn) == 1
    async with world.read() as session:
        trace = await material_trace(session, await find_order(session, "PO-1001"))
    assert trace["lots"] == {"L2311-01": ["钢板Q235 H2311"], "L2311-02": ["钢板Q235 H2311", "钢板Q235 H2312"],
                             "L2311-03": ["钢板Q235 H2311"]}
    assert [(i["kind"], i["batch"], i["confirmed"]) for i in trace["issues"]] == [
        ("issue", "H2311", True), ("supplement", "H2312", False)]

    assert await open_exceptions(world, "PO-1001") == 0

    # the scheduler's clock runs past the due date (12-08) and on: PO-1001 never escalates again,
    # while Apex's late PO-2001 goes on climbing (the scheduler is running)
    for day in range(6, 20):
        clock.set(sh(12, day, 9))
        await tick(world, clock)
        clock.set(sh(12, day, 16))
        await tick(world, clock)
    later = await sent_after(world, closed_at)
    assert later and all("PO-2001" in text for text in later)
    assert not [text for text in later if "PO-1001" in text]
    assert await open_exceptions(world, "PO-1001") == 0

    # closed orders take no more records
    [refusal] = await dock.says("PO-1001 收货 5 批次L2311-03")
    assert refusal.text == "PO-1001 当前状态为「已验收」，不能再登记收货。"

    # KPIs, worked out by hand for November–December, supplier 华达 (HD):
    # on-time delivery: PO-1001 due 12-08, accepted 12-05 → 1/1
    # delivery cycle: released 11-21, accepted 12-05 → 14 days
    # first-pass yield (first inspections by count): L1 pass, L2 fail, L3 pass → 2/3
    #   by quantity at incoming: (1000 + 950 + 20) / (1000 + 1000 + 20) = 1970/2020
    # rework: 30 of the 2020 inspected; scrap 0 of 2020
    # node on time: 6 nodes planned in the period, all done by their planned day → 6/6
    # score: (0.30·1 + 0.25·2/3 + 0.20·1 + 0.10·(1 − 30/2020)) / 0.85 = 90.0
    start, end = date(2026, 11, 1), date(2027, 1, 1)
    async with world.read() as session:
        hd = await session.scalar(select(Supplier.id).where(Supplier.code == "HD"))
        assert await kpis.on_time_delivery_rate(session, start, end, hd, tz=SH) == kpis.Rate(1, 1, 1.0)
        cycle = await kpis.delivery_cycle(session, start, end, hd, tz=SH)
        assert (cycle.count, cycle.mean) == (1, 14.0)
        assert await kpis.first_pass_yield(session, start, end, hd, tz=SH) == kpis.Rate.of(2, 3)
        assert await kpis.first_pass_yield(session, start, end, hd, tz=SH, by="quantity",
                                           stage="incoming") == kpis.Rate.of(1970, 2020)
        assert await kpis.rework_rate(session, start, end, hd, tz=SH) == kpis.Rate.of(30, 2020)
        assert await kpis.scrap_rate(session, start, end, hd, tz=SH) == kpis.Rate.of(0, 2020)
        assert await kpis.node_on_time_rate(session, start, end, hd, tz=SH) == kpis.Rate.of(6, 6)
        card = await kpis.supplier_scorecard(session, hd, start, end, tz=SH)
        assert card.score == 90.0
        inspections = (await session.execute(select(Inspection).order_by(Inspection.id))).scalars().all()
        assert [(i.stage, i.first_inspection, i.verdict, i.qty_inspected, i.qty_accepted) for i in inspections] == [
            ("incoming", True, "pass", 1000, 1000), ("incoming", True, "fail", 1000, 950),
            ("incoming", False, "pass", 30, 30), ("incoming", True, "pass", 20, 20)]


async def test_inspection_that_does_not_add_up_changes_nothing_and_shows_the_arithmetic(
    world: Database, clock: FakeClock, wang: Talker, dock: Talker, qc: Talker,
) -> None:
    await wang.says("PO-1001 发货 500件 批次L1")
    await dock.says("PO-1001 收货 500 批次L1")
    [refusal] = await qc.says("PO-1001 L1 accepted 470 rework 10")
    assert "合格470 + 返工10 = 480" in refusal.text and "待检 500" in refusal.text
    assert await count(world, Inspection) == 0
    [early] = await qc.says("PO-1001 L9 合格5")
    assert "没有批次 L9" in early.text and "L1(500)" in early.text


async def test_who_may_record_what(world: Database, clock: FakeClock, wang: Talker, dock: Talker) -> None:
    await wang.says("PO-1001 发货 500件 批次L1")
    await dock.says("PO-1001 收货 500 批次L1")
    [refusal] = await dock.says("PO-1001 L1 合格500")  # the warehouse counts, QC inspects
    assert refusal.text.startswith("只有采购、仓库、质检或管理人员可以登记来料检验") or "来料检验" in refusal.text
    assert await count(world, Inspection) == 0
    [refusal] = await dock.says("PO-1001 作废 不要了")
    assert "关闭或作废订单" in refusal.text
    assert (await order(world, "PO-1001")).status != "cancelled"


async def test_receiving_without_a_shipment_notice_and_asking_which_lot(
    world: Database, clock: FakeClock, wang: Talker, dock: Talker,
) -> None:
    [answer] = await dock.says("1001 到了480件")
    assert "PO-1001-R1" in answer.text
    await wang.says("PO-1001 发货 500件 批次L1")
    await wang.says("PO-1001 发货 500件 批次L2")
    [question] = await dock.says("1001 到了480件")
    assert "请写明批次" in question.text and "L1(500)" in question.text and "L2(500)" in question.text
    assert await count(world, Receipt) == 1


async def test_an_over_delivery_is_recorded_after_the_check_mark(
    world: Database, clock: FakeClock, wang: Talker, dock: Talker,
) -> None:
    await wang.says("PO-1001 发货 500件 批次L1")
    [question] = await dock.says("PO-1001 received 510 lot L1")
    [ok, _] = payloads(question)
    assert ok.startswith("r:ok:")
    assert await count(world, Receipt) == 0
    [answer] = await dock.clicks(ok)
    assert "比发货多 10（超交）" in answer.text
    [stale] = await dock.clicks(ok)  # a second press records nothing twice
    assert "失效" in stale.text
    assert await count(world, Receipt) == 1


async def test_close_short_and_cancel_tell_the_supplier_and_end_escalation(
    world: Database, clock: FakeClock, wang: Talker, buyer: Talker,
) -> None:
    clock.set(sh(12, 1))
    await tick(world, clock)  # material_ready (11-24) and first_process (11-26) are overdue by now
    assert await open_exceptions(world, "PO-1001") == 2
    [ask] = await buyer.says("PO-1001 短交关闭")
    assert ask.text.startswith("请写明原因")
    replies = await buyer.says("PO-1001 短交关闭 供应商产能不足，余量转单")
    assert texts(replies, BUYERS_CHAT)[0].startswith("PO-1001 已短交关闭：合格 0/2000件")
    assert texts(replies, HUADA_CHAT) == ["【短交关闭】PO-1001 按已交合格 0件 关闭，其余不再需要。原因：供应商产能不足，余量转单"]
    assert (await order(world, "PO-1001")).status == "closed"
    assert await open_exceptions(world, "PO-1001") == 0
    closed_at = clock.now()
    for day in range(2, 20):
        clock.set(sh(12, day, 11))
        await tick(world, clock)
    assert not [text for text in await sent_after(world, closed_at) if "PO-1001" in text]
    [refusal] = await buyer.says("PO-1001 作废 重复下单")
    assert "短交关闭" in refusal.text and "不能再登记" in refusal.text

    replies = await buyer.says("PO-2001 作废 设计变更")
    assert "PO-2001 已作废" in texts(replies, BUYERS_CHAT)[0]
    assert (await order(world, "PO-2001")).status == "cancelled"


async def test_nothing_escalates_on_an_order_that_ended_elsewhere(world: Database, clock: FakeClock) -> None:
    """An exception still open on an order cancelled by another door (an import, the database)
    is never fired by the scheduler."""
    clock.set(sh(12, 1))
    await tick(world, clock)
    async with world.write() as session:
        po = (await session.execute(select(Order).where(Order.po == "PO-1001"))).scalar_one()
        po.status = "cancelled"
    assert await open_exceptions(world, "PO-1001") == 2
    cancelled_at = clock.now()
    for day in range(2, 12):
        clock.set(sh(12, day, 11))
        await tick(world, clock)
    later = await sent_after(world, cancelled_at)
    assert later and not [text for text in later if "PO-1001" in text and not text.startswith("✅")]  # closings only


async def test_a_warehouse_person_is_staff(world: Database, clock: FakeClock) -> None:
    async with world.write() as session:
        person = Person(name="仓管员", role=Role.WAREHOUSE.value, language="zh", created_at=clock.now())
        session.add(person)
        await session.flush()
        session.add(ChatIdentity(person_id=person.id, platform="telegram", user_id="802"))
    [answer] = await Talker(world, clock, BUYERS_CHAT, "802").says("1001 到了10件")
    assert answer.text.startswith("✅ PO-1001")


async def test_scrap_and_parts_still_in_rework_count_as_inspected_in_the_rates(
    world: Database, clock: FakeClock, wang: Talker, dock: Talker, qc: Talker,
) -> None:
    """By hand: 100 received; 80 accepted, 10 scrapped, 10 in rework → inspected 100,
    scrap rate 10/100 and rework rate 10/100 (not 10/80)."""
    await wang.says("PO-1001 发货 100件 批次L1")
    await dock.says("PO-1001 收货 100 批次L1")
    await qc.says("PO-1001 L1 合格80 报废10 返工10")
    start, end = date(2026, 11, 1), date(2027, 1, 1)
    async with world.read() as session:
        hd = await session.scalar(select(Supplier.id).where(Supplier.code == "HD"))
        assert await kpis.scrap_rate(session, start, end, hd, tz=SH) == kpis.Rate.of(10, 100)
        assert await kpis.rework_rate(session, start, end, hd, tz=SH) == kpis.Rate.of(10, 100)


async def test_change_by_chat_keeps_history_tells_the_supplier_and_moves_the_plan(
    world: Database, clock: FakeClock, buyer: Talker, dock: Talker,
) -> None:
    # PO-1001: released 11-21, due 12-08
    [help_] = await buyer.says("/change PO-1001")
    assert help_.text.startswith("用法：/change PO-1001 交期 12-20")
    [early] = await buyer.says("/change PO-1001 交期 2026-11-10")
    assert "不能早于下单日期 2026-11-21" in early.text
    replies = await buyer.says("/change PO-1001 交期 12-20 客户推迟")
    assert texts(replies, BUYERS_CHAT) == ["✏ PO-1001 已变更：交期 12-08 → 12-20（原因：客户推迟）"]
    assert texts(replies, HUADA_CHAT) == ["【订单变更】PO-1001：交期 12-08 → 12-20（原因：客户推迟）。请按新要求安排。"]
    async with world.read() as session:
        po = (await session.execute(select(Order).where(Order.po == "PO-1001"))).scalar_one()
        nodes = (await session.execute(select(Milestone).where(Milestone.order_id == po.id)
                                       .order_by(Milestone.seq))).scalars().all()
        change = (await session.execute(select(OrderChange))).scalar_one()
    assert po.due_date == date(2026, 12, 20)
    assert [m.planned_date - m.original_planned_date for m in nodes] == [nodes[0].planned_date - date(2026, 11, 24)] * 6
    assert nodes[-1].planned_date == date(2026, 12, 20)
    assert (change.field, change.old_value, change.new_value, change.actor, change.reason) == (
        "due_date", "2026-12-08", "2026-12-20", "李娟", "客户推迟")

    replies = await buyer.says("/change PO-1001 发货 12-15 提前发")
    assert texts(replies, BUYERS_CHAT) == ["✏ PO-1001 已变更：发货 计划 12-19 → 12-15（原因：提前发）"]
    [denied] = await dock.says("/change PO-1001 数量 1800")
    assert "订单变更" in denied.text and (await order(world, "PO-1001")).quantity == 2000
    await buyer.says("PO-1001 作废 重复下单")
    [refused] = await buyer.says("/change PO-1001 数量 1800")
    assert refused.text == "PO-1001 当前状态为「已取消」，不能再登记订单变更。"


async def test_a_line_of_a_bill_is_named_po_slash_line_in_chat(
    world: Database, clock: FakeClock, dock: Talker,
) -> None:
    await add_order(world, clock, "PO-1001/2", quantity=300)
    [answer] = await dock.says("PO-1001/2 收货 300")
    assert answer.text.startswith("✅ PO-1001/2 批次 PO-1001/2-R1 收货 300件")
    [answer] = await dock.says("PO-1001 收货 10")
    assert answer.text.startswith("✅ PO-1001 批次 PO-1001-R1 收货 10件")


@pytest.mark.parametrize("role", ["warehouse", "qc", "buyer", "admin"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_receiving_help_example_is_read_as_a_record(role: str, language: str) -> None:
    examples = [line[2:] for line in help_text(role, language).splitlines() if line.startswith("• ")]
    assert len(examples) == 6
    for line in examples:
        for example in re.split(r"\s{2,}|　| · ", line):
            example = example.strip().removeprefix("· ")
            if not example or example.startswith(("（", "(")):
                continue
            example = example.replace("REASON", "供应商停产").replace("原因", "供应商停产")
            record = read_buyer_record(example, date(2026, 11, 24))
            assert record is not None and record.problem is None, (example, record)


async def test_status_in_chat_counts_what_was_accepted_for_use(
    world: Database, clock: FakeClock, wang: Talker, dock: Talker, qc: Talker, buyer: Talker,
) -> None:
    await wang.says("PO-1001 发货 500件 批次L1")
    await dock.says("PO-1001 收货 500 批次L1")
    await qc.says("PO-1001 L1 合格490 返工10")
    await qc.says("PO-1001 L1 合格10")
    [status] = await buyer.says("PO-1001 进度?")
    assert "已发货 500/2000件，已验收 500" in status.text
    await buyer.says("PO-1001 短交关闭 余量取消")
    [status] = await buyer.says("PO-1001 进度?")
    assert status.text.rstrip().endswith("订单已短交关闭。")
