"""Supplier conversations as they happen in the chat: a message in, records and replies out.

Every test runs on SQLite and PostgreSQL. The world: 华达精密 (王工, chat -1001) with
PO-1001 for 2000 pcs, Apex Coating (Tom, English, chat -1002) with PO-2001, the buyers'
group -2001 and the QC group -3001. The clock stands at 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.clock import FakeClock
from handlers.context import PhotoIssue
from scheduler.jobs import escalate_overdue
from storage.db import Database
from storage.models import (
    ConversationState,
    EscalationStep,
    ExceptionTicket,
    Inspection,
    InspectionValue,
    Lot,
    MilestoneChange,
    MilestoneStatus,
    OutboxMessage,
    Photo,
    ProgressReport,
    Prompt,
)
from tests.handlers.supplier_world import (
    BUYERS_CHAT,
    HUADA_CHAT,
    QC_CHAT,
    TOM,
    XINYUAN_CHAT,
    Talker,
    add_order,
    count,
    jpeg,
    milestone,
    order,
    payloads,
    rows,
    texts,
)


@pytest.fixture
def tom(world: Database, clock: FakeClock) -> Talker:
    return Talker(world, clock, XINYUAN_CHAT, TOM, "Tom", language="en")


# --- progress --------------------------------------------------------------------------------

async def test_material_arrived_is_recorded_with_its_history_and_confirmed(wang: Talker, world: Database) -> None:
    replies = await wang.says("PO-1001 原材料到了")

    assert texts(replies) == ["PO-1001 原材料到位 ✔ 11-24 10:00\n发「撤回」可撤销"]
    assert replies[0].chat.chat_id == HUADA_CHAT
    node = await milestone(world, "PO-1001", "material_ready")
    assert (node.status, node.percent) == (MilestoneStatus.DONE.value, 100.0)
    [report] = await rows(world, ProgressReport)
    assert (report.reporter, report.platform, report.kind, report.milestone_id) == ("王工", "telegram", "progress", node.id)
    assert report.inbox_id is not None and report.text == "PO-1001 原材料到了"
    changes = {c.field: (c.old_value, c.new_value) for c in await rows(world, MilestoneChange)}
    assert changes["status"] == ("pending", "done")
    assert all(c.report_id == report.id and c.source == "chat" and c.actor == "王工"
               for c in await rows(world, MilestoneChange))
    assert (await order(world, "PO-1001")).status == "in_progress"


async def test_a_percentage_goes_to_the_current_node(wang: Talker, world: Database) -> None:
    await wang.says("PO-1001 原材料到了")
    replies = await wang.says("1001 完成60%")

    assert texts(replies)[0].startswith("PO-1001 首道工序完成 进度 60%")
    node = await milestone(world, "PO-1001", "first_process")
    assert (node.status, node.percent) == ("in_progress", 60.0)


async def test_a_quantity_done_counts_against_the_order(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 done 1200/2000")

    node = await milestone(world, "PO-1001", "material_ready")
    assert (node.qty_done, node.percent) == (1200, 60.0)
    assert "1200/2000 (60%)" in texts(replies)[0]


async def test_a_later_node_done_implies_the_earlier_ones_with_a_note(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 半成品加工完成")

    assert "之前的节点一并记为完成：原材料到位、首道工序完成" in texts(replies)[0]
    for node in ("material_ready", "first_process", "in_process"):
        assert (await milestone(world, "PO-1001", node)).status == "done"
    implied = await rows(world, MilestoneChange, MilestoneChange.reason == "implied by in_process")
    assert {c.field for c in implied} >= {"status", "done_at"}


async def test_english_progress_in_english(tom: Talker, world: Database) -> None:
    first = await tom.says("PO-2001 material arrived")
    second = await tom.says("2001 60% done")

    assert texts(first)[0].startswith("PO-2001 Material ready ✔ 11-24 10:00")
    assert texts(second)[0].startswith("PO-2001 First operation done at 60%")


async def test_completing_a_node_closes_its_overdue_exception_and_answers_the_prompt(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    node = await milestone(world, "PO-1001", "material_ready")
    async with world.write() as session:
        session.add(ExceptionTicket(order_id=node.order_id, milestone_id=node.id, kind="overdue", title="late",
                                    opened_at=clock.now(), opened_by="system", dedupe_key=f"overdue:{node.id}"))
        session.add(Prompt(schedule_key="k1", supplier_id=(await order(world, "PO-1001")).supplier_id,
                           order_ids=[node.order_id], sent_at=clock.now(), reply_by=clock.now() + timedelta(hours=4)))

    await wang.says("PO-1001 原材料到了")

    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.resolved_at is not None
    [prompt] = await rows(world, Prompt)
    assert prompt.answered_at is not None


async def test_a_prompt_button_reports_the_node(wang: Talker, world: Database) -> None:
    node = await milestone(world, "PO-1001", "material_ready")

    done = await wang.clicks(f"p:{node.id}:done")
    percent = await wang.clicks(f"p:{node.id + 1}:pct40")

    assert texts(done)[0].startswith("PO-1001 原材料到位 ✔")
    assert (await milestone(world, "PO-1001", "first_process")).percent == 40.0
    assert "40%" in texts(percent)[0]


# --- refusals ----------------------------------------------------------------------------------

async def test_another_suppliers_order_is_not_found_and_nothing_changes(tom: Talker, world: Database) -> None:
    replies = await tom.says("PO-1001 material arrived")

    assert texts(replies) == ["I can't find PO-1001 among your orders. Please check the number."]
    assert await count(world, ProgressReport) == 0
    assert (await milestone(world, "PO-1001", "material_ready")).status == "pending"


async def test_another_suppliers_prompt_button_is_not_found(tom: Talker, world: Database) -> None:
    node = await milestone(world, "PO-1001", "material_ready")

    replies = await tom.clicks(f"p:{node.id}:done")

    assert texts(replies) == ["I can't find that order step."]
    assert (await milestone(world, "PO-1001", "material_ready")).status == "pending"


@pytest.mark.parametrize(("language", "expected"), [(None, "/bind"), ("en", "/bind")])
async def test_an_unbound_chat_of_a_stranger_is_refused_politely(
        world: Database, clock: FakeClock, language: str | None, expected: str) -> None:
    stranger = Talker(world, clock, "-9999", "777", "路人", language=language)

    replies = await stranger.says("PO-1001 原材料到了")

    assert len(replies) == 1 and expected in replies[0].text
    assert ("绑定" in replies[0].text) is (language is None)
    assert await count(world, ProgressReport) == 0


# --- delay -----------------------------------------------------------------------------------

async def test_a_delay_moves_the_node_opens_an_exception_and_tells_the_buyers(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 延期到12月3号 钢材没到")

    node = await milestone(world, "PO-1001", "material_ready")
    assert node.planned_date == date(2026, 12, 3) and node.original_planned_date == date(2026, 11, 24)
    assert (await milestone(world, "PO-1001", "first_process")).planned_date == date(2026, 12, 3)
    assert (await milestone(world, "PO-1001", "final_inspection")).planned_date == date(2026, 12, 5)
    [mine, buyers] = replies
    assert mine.chat.chat_id == HUADA_CHAT and "改到 12-03（原 11-24）" in mine.text
    assert buyers.chat.chat_id == BUYERS_CHAT
    assert "延期 PO-1001（华达精密）" in buyers.text and "钢材没到" in buyers.text
    assert "x:ack:" in payloads(buyers)[0]
    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.milestone_id, ticket.description) == ("delay", node.id, "钢材没到")
    [change] = await rows(world, MilestoneChange, MilestoneChange.milestone_id == node.id)
    assert (change.field, change.old_value, change.new_value, change.reason) == (
        "planned_date", "2026-11-24", "2026-12-03", "钢材没到")


async def test_a_delay_of_a_named_later_node_moves_that_node_not_the_current_one(
    wang: Talker, world: Database
) -> None:
    await wang.says("PO-1001 质检要推迟到12月20号 检具坏了")

    assert (await milestone(world, "PO-1001", "final_inspection")).planned_date == date(2026, 12, 20)
    assert (await milestone(world, "PO-1001", "material_ready")).planned_date == date(2026, 11, 24)
    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.description == "检具坏了"


async def test_the_same_delay_sent_again_opens_nothing_new(wang: Talker, world: Database) -> None:
    await wang.says("1001 延期到12月3号 钢材没到")
    again = await wang.says("1001 延期到12月3号 钢材没到")

    assert texts(again, BUYERS_CHAT) == []
    assert await count(world, ExceptionTicket) == 1


async def test_an_english_delay(tom: Talker, world: Database) -> None:
    replies = await tom.says("2001 delay to Dec 3, steel late")

    assert "moved to 12-03" in texts(replies, XINYUAN_CHAT)[0]
    assert "steel late" in texts(replies, BUYERS_CHAT)[0]


async def test_a_delay_without_a_date_asks_for_one(wang: Talker, world: Database) -> None:
    [question] = await wang.says("1001 延期 钢材没到")

    assert "延到哪天" in question.text
    three_days = next(p for p in payloads(question) if p.endswith(":d3"))
    replies = await wang.clicks(three_days)

    assert (await milestone(world, "PO-1001", "material_ready")).planned_date == date(2026, 11, 27)
    assert "钢材没到" in texts(replies, BUYERS_CHAT)[0]


async def test_a_typed_date_answers_the_date_question(wang: Talker, world: Database) -> None:
    await wang.says("1001 延期")
    replies = await wang.says("12月5号 模具坏了")

    assert (await milestone(world, "PO-1001", "material_ready")).planned_date == date(2026, 12, 5)
    assert "模具坏了" in texts(replies, BUYERS_CHAT)[0]


# --- shipments -------------------------------------------------------------------------------

async def test_a_shipment_is_a_lot_and_the_rest_is_counted(wang: Talker, world: Database) -> None:
    replies = await wang.says("PO-1001 发货 500件 批次L2311-01")

    assert "剩余 1500件" in texts(replies)[0]
    [lot] = await rows(world, Lot)
    assert (lot.lot_no, lot.qty) == ("L2311-01", 500)
    shipped = await milestone(world, "PO-1001", "shipped")
    assert (shipped.status, shipped.qty_done, shipped.percent) == ("in_progress", 500, 25.0)


async def test_the_same_lot_sent_twice_is_recognised_not_doubled(wang: Talker, world: Database) -> None:
    await wang.says("PO-1001 发货 500件 批次L2311-01")
    again = await wang.says("PO-1001 发货 500件 批次L2311-01")

    assert "已登记过" in texts(again)[0]
    assert await count(world, Lot) == 1
    assert (await milestone(world, "PO-1001", "shipped")).qty_done == 500


async def test_all_shipped_completes_the_node_and_the_order_ships(wang: Talker, world: Database) -> None:
    await wang.says("PO-1001 发货 500件 批次L2311-01")
    replies = await wang.says("PO-1001 全部发完")

    assert "已全部发完 2000/2000" in texts(replies)[0]
    lots = await rows(world, Lot)
    assert [(lot.lot_no, lot.qty) for lot in lots] == [("L2311-01", 500), ("PO-1001-2", 1500)]
    assert (await milestone(world, "PO-1001", "shipped")).status == "done"
    assert (await milestone(world, "PO-1001", "in_process")).status == "done"
    assert (await milestone(world, "PO-1001", "final_inspection")).status == "pending"
    assert (await order(world, "PO-1001")).status == "shipped"


async def test_a_shipment_without_a_quantity_asks_how_many(wang: Talker, world: Database) -> None:
    [question] = await wang.says("1001 已发货")

    assert "发了多少件" in question.text
    replies = await wang.says("300件 批次L9")
    assert "剩余 1700件" in texts(replies)[0]
    assert [(lot.lot_no, lot.qty) for lot in await rows(world, Lot)] == [("L9", 300)]


# --- defects ---------------------------------------------------------------------------------

async def test_a_defect_opens_an_exception_and_tells_qc_and_the_buyers(wang: Talker, world: Database) -> None:
    replies = await wang.says("PO-1001 不良20件 尺寸偏大")

    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.qty, ticket.description, ticket.severity) == ("defect", 20, "尺寸偏大", "high")
    assert "不良 20件 已登记（尺寸偏大）" in texts(replies, HUADA_CHAT)[0]
    for group in (QC_CHAT, BUYERS_CHAT):
        [told] = texts(replies, group)
        assert "PO-1001（华达精密）20件：尺寸偏大" in told and f"EXC-{ticket.id}" in told


async def test_the_scheduler_does_not_tell_the_groups_a_second_time(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await wang.says("PO-1001 不良20件 尺寸偏大")
    [step] = await rows(world, EscalationStep)
    assert step.level == 1

    clock.advance(timedelta(minutes=5))
    await escalate_overdue(world, clock.now())

    assert await count(world, OutboxMessage) == 0
    assert await count(world, EscalationStep) == 1
    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.level == 2 and ticket.next_escalation_at > clock.now()


async def test_an_english_defect(tom: Talker, world: Database) -> None:
    replies = await tom.says("PO-2001 20 defective, oversize")

    assert "20 defective recorded (oversize)" in texts(replies, XINYUAN_CHAT)[0]
    assert len(texts(replies, QC_CHAT)) == 1


# --- clarifying ------------------------------------------------------------------------------

async def test_two_open_orders_and_no_po_asks_which_and_a_button_answers(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")
    [question] = await wang.says("完成60%")

    assert question.text.startswith("是哪个订单？")
    assert [b.label for row in question.buttons for b in row] == ["PO-1001", "PO-1002"]
    assert await count(world, ProgressReport) == 0
    assert await count(world, ConversationState) == 1
    second = payloads(question)[1]
    replies = await wang.clicks(second)

    assert texts(replies)[0].startswith("PO-1002 原材料到位 进度 60%")
    assert (await milestone(world, "PO-1002", "material_ready")).percent == 60.0
    assert await count(world, ConversationState) == 0


async def test_a_typed_po_answers_which_order(wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")
    await wang.says("原材料到了")
    replies = await wang.says("PO-1002")

    assert texts(replies)[0].startswith("PO-1002 原材料到位 ✔")


async def test_a_bare_number_asks_percent_or_quantity(wang: Talker, world: Database) -> None:
    [question] = await wang.says("1001 60")

    assert question.text == "60 是百分比还是件数？"
    quantity = next(p for p in payloads(question) if p.endswith(":qty"))
    await wang.clicks(quantity)

    assert (await milestone(world, "PO-1001", "material_ready")).qty_done == 60


async def test_an_old_button_is_answered_as_expired(wang: Talker, world: Database) -> None:
    [question] = await wang.says("1001 60")
    await wang.says("1001 完成60%")

    replies = await wang.clicks(payloads(question)[0])

    assert texts(replies) == ["这个问题已过期，请重新发一次。"]


async def test_which_node_is_asked_when_arrived_is_unclear(wang: Talker, world: Database) -> None:
    [question] = await wang.says("1001 到了")

    assert "是哪个节点" in question.text
    material = next(b.payload for row in question.buttons for b in row if b.label == "原材料到位")
    await wang.clicks(material)
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"


async def test_unknown_text_gets_examples_and_records_nothing(wang: Talker, world: Database) -> None:
    replies = await wang.says("今天天气不错")

    assert "PO-1001 原材料到了" in texts(replies)[0] and "1001 完成60%" in texts(replies)[0]
    assert await count(world, ProgressReport) == 0


async def test_a_po_alone_asks_what_the_update_is(wang: Talker, world: Database) -> None:
    [question] = await wang.says("PO-1001")

    done = next(p for p in payloads(question) if p.endswith(":done"))
    replies = await wang.clicks(done)
    assert texts(replies)[0].startswith("PO-1001 原材料到位 ✔")


# --- noted, welcome, photo issues --------------------------------------------------------------

async def test_noted_answers_the_prompt_with_a_short_ack(wang: Talker, world: Database, clock: FakeClock) -> None:
    supplier_id = (await order(world, "PO-1001")).supplier_id
    async with world.write() as session:
        session.add(Prompt(schedule_key="k1", supplier_id=supplier_id, order_ids=[], sent_at=clock.now(),
                           reply_by=clock.now() + timedelta(hours=4)))

    assert texts(await wang.says("好的")) == ["👌 收到"]
    assert (await rows(world, Prompt))[0].answered_at is not None


async def test_entering_the_app_gets_a_welcome_that_says_how_to_report(wang: Talker) -> None:
    [welcome] = await wang.clicks("event:enter_agent")

    assert "PO-1001 原材料到了" in welcome.text


async def test_a_photo_problem_is_said_and_the_words_still_count(wang: Talker, world: Database) -> None:
    issue = PhotoIssue("too_large", "照片太大了", "photo too large")

    replies = await wang.says("PO-1001 原材料到了", issues=(issue,))

    assert texts(replies)[0] == "照片太大了"
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"


# --- photos and inspections ------------------------------------------------------------------

async def test_an_album_with_a_caption_keeps_every_photo_with_one_report(wang: Talker, world: Database) -> None:
    first = await wang.says("1001 质检", photos=(jpeg("red"),), album="alb-1")
    second = await wang.says(photos=(jpeg("blue"),), album="alb-1")

    assert second == []
    photos = await rows(world, Photo)
    assert len(photos) == 2 and len({p.report_id for p in photos}) == 1 and photos[0].report_id is not None
    assert {p.order_id for p in photos} == {(await order(world, "PO-1001")).id}
    assert all(p.uploaded_by == "王工" and p.mime_type == "image/jpeg" for p in photos)
    [question] = texts(first)
    assert "1. 孔径 50 ±0.05 mm" in question and "3. 外观无毛刺 OK/NG" in question


async def test_inspection_values_that_pass_complete_the_node_and_link_the_photos(
        wang: Talker, world: Database) -> None:
    await wang.says("1001 质检", photos=(jpeg(),))
    replies = await wang.says("50.02 2.01 OK")

    assert texts(replies) == ["PO-1001 最终质检 检验合格 ✔ 3项在公差内"]
    [inspection] = await rows(world, Inspection)
    assert (inspection.verdict, inspection.inspector, inspection.first_inspection) == ("pass", "王工", True)
    values = await rows(world, InspectionValue)
    assert [(v.value, v.passed) for v in values] == [(50.02, True), (2.01, True), (None, True)]
    [photo] = await rows(world, Photo)
    assert photo.inspection_id == inspection.id
    assert (await milestone(world, "PO-1001", "final_inspection")).status == "done"
    assert await count(world, ExceptionTicket) == 0


async def test_a_value_out_of_tolerance_opens_a_failed_inspection_and_tells_qc(
        wang: Talker, world: Database) -> None:
    await wang.says("1001 质检")
    replies = await wang.says("50.02 49.98 50.11")

    [inspection] = await rows(world, Inspection)
    assert inspection.verdict == "fail"
    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.severity, ticket.level) == ("inspection_failed", "high", 1)
    assert "孔径 50.11（50 ±0.05 mm）" in texts(replies, HUADA_CHAT)[0]
    assert "检验不合格 PO-1001（华达精密）" in texts(replies, QC_CHAT)[0]
    assert (await milestone(world, "PO-1001", "final_inspection")).status != "done"


async def test_missing_values_keep_the_question_open_for_the_rest(wang: Talker, world: Database) -> None:
    await wang.says("1001 QC")
    partial = await wang.says("50.01")
    rest = await wang.says("2.05 OK")

    assert "还差：厚度、外观无毛刺" in texts(partial)[0]
    assert "检验合格" in texts(rest)[0]
    [inspection] = await rows(world, Inspection)
    assert inspection.verdict == "pass" and await count(world, InspectionValue) == 3


async def test_done_at_an_inspection_node_asks_for_the_data_first(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 质检 OK")

    assert "请按顺序发实测值" in texts(replies)[0]
    assert (await milestone(world, "PO-1001", "final_inspection")).status == "in_progress"


async def test_values_with_a_po_are_read_as_inspection_data(wang: Talker, world: Database) -> None:
    replies = await wang.says("PO-1001 50.02 2.01 OK")

    assert "检验合格" in texts(replies)[0]


# --- undo ------------------------------------------------------------------------------------

async def test_undo_restores_the_node_and_keeps_both_in_the_history(wang: Talker, world: Database) -> None:
    await wang.says("PO-1001 原材料到了")
    replies = await wang.says("撤回")

    assert texts(replies)[0].startswith("已撤回：PO-1001「PO-1001 原材料到了」（11-24 10:00）")
    node = await milestone(world, "PO-1001", "material_ready")
    assert (node.status, node.percent, node.done_at) == ("pending", 0.0, None)
    [report] = await rows(world, ProgressReport)
    assert report.undone_at is not None
    sources = [(c.field, c.source) for c in await rows(world, MilestoneChange, MilestoneChange.field == "status")]
    assert sources == [("status", "chat"), ("status", "undo")]


async def test_undo_of_a_delay_closes_it_with_one_closing_message_to_the_buyers(wang: Talker, world: Database) -> None:
    await wang.says("1001 延期到12月3号 钢材没到")
    replies = await wang.says("undo")

    assert (await milestone(world, "PO-1001", "material_ready")).planned_date == date(2026, 11, 24)
    assert (await milestone(world, "PO-1001", "first_process")).planned_date == date(2026, 11, 26)
    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.resolved_at is not None and ticket.resolution == "供应商已撤回这条报告"
    assert texts(replies, BUYERS_CHAT) == []
    [closing] = await rows(world, OutboxMessage, OutboxMessage.chat_id == BUYERS_CHAT)
    assert closing.idempotency_key.startswith(f"close:{ticket.id}:") and "供应商已撤回" in closing.payload["text"]


async def test_undo_of_a_shipment_removes_the_lot(wang: Talker, world: Database) -> None:
    await wang.says("PO-1001 发货 500件 批次L2311-01")
    await wang.says("撤回")

    assert await count(world, Lot) == 0
    assert (await milestone(world, "PO-1001", "shipped")).qty_done == 0


async def test_undo_after_the_window_or_of_someone_else_does_nothing(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await wang.says("PO-1001 原材料到了")
    colleague = Talker(world, clock, HUADA_CHAT, "599", "小李")
    assert "没有可撤回的记录" in texts(await colleague.says("撤回"))[0]
    clock.advance(timedelta(minutes=31))

    assert "没有可撤回的记录" in texts(await wang.says("撤回"))[0]
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"


# --- the staff side is routed, not answered here ---------------------------------------------

@pytest.fixture
async def buyer(world: Database, clock: FakeClock) -> Talker:
    from storage.models import ChatIdentity, Person, Role

    async with world.write() as session:
        person = Person(name="李娟", role=Role.BUYER.value, language="zh", created_at=clock.now())
        session.add(person)
        await session.flush()
        session.add(ChatIdentity(person_id=person.id, platform="telegram", user_id="601"))
    return Talker(world, clock, BUYERS_CHAT, "601", "李娟")


async def test_a_buyers_question_goes_to_the_buyer_side(buyer: Talker, world: Database) -> None:
    replies = await buyer.says("PO-1001 进度?")

    assert replies and "PO-1001" in replies[0].text
    assert await count(world, ProgressReport) == 0


async def test_a_buyer_cannot_report_for_the_supplier(buyer: Talker, world: Database) -> None:
    replies = await buyer.says("PO-1001 原材料到了")

    assert texts(replies) == ["进度由供应商在外协群里报；查询请发 /status PO号。"]
    assert await count(world, ProgressReport) == 0


async def test_an_ack_button_under_a_defect_alert_reaches_the_buyer_side(
        wang: Talker, buyer: Talker, world: Database) -> None:
    alert = next(r for r in await wang.says("PO-1001 不良20件 尺寸偏大") if r.chat.chat_id == BUYERS_CHAT)
    ack = next(p for p in payloads(alert) if p.startswith("x:ack:"))

    await buyer.clicks(ack)

    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.acknowledged_by == "李娟"


async def test_a_delay_on_a_finished_node_moves_nothing(wang: Talker, world: Database) -> None:
    await wang.says("PO-1001 原材料到了")
    node = await milestone(world, "PO-1001", "material_ready")
    replies = await wang.clicks(f"p:{node.id}:delay")

    assert texts(replies) == ["PO-1001 原材料到位 已经完成了，不用延期。"]
    assert (await milestone(world, "PO-1001", "material_ready")).planned_date == date(2026, 11, 24)
    assert await count(world, ExceptionTicket) == 0
