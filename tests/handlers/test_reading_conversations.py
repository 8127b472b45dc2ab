"""Reading you can trust, as the supplier sees it: a message in, records and replies out.

Each message goes through the real reader and is checked against the order before anything
is written. Three outcomes only: recorded and confirmed; shown first with ✔ / ✘ (recorded
only on ✔); or a question. Runs on SQLite and PostgreSQL. The world is the one of
test_supplier_conversations.py: 华达精密 (王工, chat -1001) with PO-1001 for 2000 pcs, the
buyers' group -2001; the clock stands at Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.clock import FakeClock
from bot.codec import message_to_dict
from bot.ports import ChatKind, ChatRef, InboundMessage, Reply, SenderRef
from handlers.context import HandlerContext
from handlers.identity import identify
from handlers.parsing import Reading
from handlers.supplier_chat import dispatch
from handlers.turn import Turn
from scheduler.jobs import expire_confirmations, prompt_due
from scheduler.ladder import Ladder
from storage.db import Database
from storage.models import (
    ChatBinding,
    ConversationState,
    ExceptionTicket,
    InboxMessage,
    Lot,
    MilestoneChange,
    OutboxMessage,
    Photo,
    ProgressReport,
    Prompt,
    ReadingExample,
    Role,
)
from tests.handlers.supplier_world import (
    BUYERS_CHAT,
    HUADA_CHAT,
    SHANGHAI,
    TODAY,
    Talker,
    add_order,
    add_staff,
    count,
    jpeg,
    milestone,
    order,
    payloads,
    rows,
    texts,
)


def button(reply: Reply, choice: str) -> str:
    return next(p for p in payloads(reply) if p.endswith(f":{choice}"))


async def open_exception_on(world: Database, clock: FakeClock, po: str, node: str, kind: str) -> ExceptionTicket:
    target = await milestone(world, po, node)
    async with world.write() as session:
        ticket = ExceptionTicket(order_id=target.order_id, milestone_id=target.id, kind=kind,
                                 title=f"{po} {node} {kind}", opened_at=clock.now(), opened_by="system",
                                 dedupe_key=f"{kind}:{target.id}:test")
        session.add(ticket)
    return ticket


async def set_planned(world: Database, po: str, node: str, day: date) -> None:
    target = await milestone(world, po, node)
    async with world.write() as session:
        row = await session.get(type(target), target.id)
        row.planned_date = day


# --- the four cases from the simulator -----------------------------------------------------------

async def test_a_reason_word_never_becomes_the_date_nor_closes_the_overdue_alert(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    await set_planned(world, "PO-1017", "material_ready", TODAY - timedelta(days=2))
    overdue = await open_exception_on(world, clock, "PO-1017", "material_ready", "overdue")

    replies = await wang.says("今天停电，1017要晚两天")

    node = await milestone(world, "PO-1017", "material_ready")
    assert node.planned_date == TODAY + timedelta(days=2)  # two days from today, never today
    [ticket] = await rows(world, ExceptionTicket, ExceptionTicket.id == overdue.id)
    assert ticket.resolved_at is None
    assert "改到 11-26" in texts(replies, HUADA_CHAT)[0] and "计划已调整" not in texts(replies, HUADA_CHAT)[0]
    [told] = texts(replies, BUYERS_CHAT)
    assert "停电" in told and "11-26" in told


async def test_a_bare_done_on_the_order_the_bot_picked_is_shown_first_naming_it(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    delay = await open_exception_on(world, clock, "PO-1001", "material_ready", "delay")

    [question] = await wang.says("热处理完了")

    assert "请确认" in question.text and "PO-1001" in question.text
    assert f"#{delay.id}" in question.text  # the delay it would close is named before anything happens
    assert await count(world, ProgressReport) == 0
    assert (await milestone(world, "PO-1001", "in_process")).status == "pending"
    assert (await rows(world, ExceptionTicket))[0].resolved_at is None

    replies = await wang.clicks(button(question, "yes"))

    assert (await milestone(world, "PO-1001", "in_process")).status == "done"
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.resolved_at is not None
    assert f"已关闭异常：#{delay.id}" in texts(replies, HUADA_CHAT)[0]
    [example] = await rows(world, ReadingExample)
    assert (example.text, example.source, example.role) == ("热处理完了", "confirmed", "supplier")
    assert example.right["intent"] == "progress" and example.right["done"] is True


async def test_shipping_tomorrow_is_a_plan_for_shipping_not_progress_of_the_first_node(
        wang: Talker, world: Database) -> None:
    before = await milestone(world, "PO-1001", "material_ready")

    replies = await wang.says("1001那批货明天能发")

    first = await milestone(world, "PO-1001", "material_ready")
    assert (first.status, first.planned_date) == ("pending", before.planned_date)
    shipped = await milestone(world, "PO-1001", "shipped")
    assert shipped.status == "pending"
    assert await count(world, MilestoneChange) == 0
    [report] = await rows(world, ProgressReport)
    assert report.kind == "plan" and report.details["expected_date"] == "2026-11-25"
    assert "发货 预计 11-25" in texts(replies)[0] and "不算进度" in texts(replies)[0]
    assert (await order(world, "PO-1001")).status == "released"


async def test_more_pieces_than_the_order_holds_is_shown_first_with_the_reason(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)

    [question] = await wang.says("1017 完成1200")

    assert "1200件 超过订单数量 500件" in question.text
    assert await count(world, ProgressReport) == 0
    assert (await milestone(world, "PO-1017", "material_ready")).qty_done == 0


# --- confirm first: ✔, ✘, the alternative, the timeout -------------------------------------------

async def test_yes_records_exactly_what_was_shown_and_keeps_the_example(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    [question] = await wang.says("1017 完成1200")
    assert [len(row) for row in question.buttons][0] == 2

    replies = await wang.clicks(button(question, "yes"))

    node = await milestone(world, "PO-1017", "material_ready")
    assert node.qty_done == 1200
    assert texts(replies)[0].startswith("PO-1017")
    [example] = await rows(world, ReadingExample)
    assert example.source == "confirmed" and example.right["qty_done"] == 1200
    assert example.shown["po"] == "1017" and "confirm" not in example.right
    assert await count(world, ConversationState) == 0


async def test_no_records_nothing_says_so_and_keeps_the_example(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    [question] = await wang.says("1017 完成1200")

    [reply] = await wang.clicks(button(question, "no"))

    assert reply.text.startswith("✘ 没有记录：PO-1017")
    assert await count(world, ProgressReport) == 0
    [example] = await rows(world, ReadingExample)
    assert (example.source, example.right) == ("rejected", None)
    assert example.shown["qty_done"] == 1200


async def test_a_typed_yes_answers_like_the_button(wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    await wang.says("1017 完成1200")

    await wang.says("对")

    assert (await milestone(world, "PO-1017", "material_ready")).qty_done == 1200


async def test_after_the_timeout_a_click_records_nothing_and_says_so(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    [question] = await wang.says("1017 完成1200")
    clock.advance(timedelta(minutes=31))

    [reply] = await wang.clicks(button(question, "yes"))

    assert reply.text.startswith("⌛ 超时未确认，没有记录：PO-1017")
    assert await count(world, ProgressReport) == 0
    assert await count(world, ReadingExample) == 0


async def test_at_the_timeout_the_chat_hears_that_nothing_was_recorded(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    await wang.says("1017 完成1200")
    assert await expire_confirmations(world, clock.now()) == 0
    clock.advance(timedelta(minutes=31))

    assert await expire_confirmations(world, clock.now()) == 1
    assert await expire_confirmations(world, clock.now()) == 0

    [notice] = await rows(world, OutboxMessage, OutboxMessage.chat_id == HUADA_CHAT)
    assert notice.payload["text"] == "⌛ 超时未确认，没有记录：PO-1017 原材料到位 进度 1200/500"
    assert await count(world, ProgressReport) == 0 and await count(world, ConversationState) == 0


async def test_after_the_timeout_the_next_message_hears_that_nothing_was_recorded(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    await wang.says("1017 完成1200")
    clock.advance(timedelta(hours=1))

    [reply] = await wang.says("1001 完成60%")

    first, *rest = reply.text.split("\n")
    assert first == "⌛ 超时未确认，没有记录：PO-1017 原材料到位 进度 1200/500"
    assert rest[0].startswith("PO-1001") and "60%" in rest[0]
    assert (await milestone(world, "PO-1017", "material_ready")).qty_done == 0


async def test_a_new_message_instead_of_an_answer_drops_the_reading_and_says_so(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    await wang.says("1017 完成1200")

    [reply] = await wang.says("1017 完成300")

    assert reply.text.startswith("（上一条未确认，没有记录：PO-1017")
    assert (await milestone(world, "PO-1017", "material_ready")).qty_done == 300


async def test_more_than_is_left_to_ship_offers_the_rest_as_the_alternative(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await wang.says("PO-1001 发货 1500件 批次L1")
    [question] = await wang.says("PO-1001 发货 800件 批次L2")

    assert "只剩 500件 没发" in question.text
    assert await count(world, Lot) == 1
    alternative = button(question, "alt")
    assert any("剩余全部发货" in b.label for row in question.buttons for b in row)

    await wang.clicks(alternative)

    assert [(lot.lot_no, lot.qty) for lot in await rows(world, Lot)] == [("L1", 1500), ("L2", 500)]
    assert (await milestone(world, "PO-1001", "shipped")).status == "done"
    example = (await rows(world, ReadingExample))[-1]
    assert example.source == "alternative" and example.right["all"] is True and "qty" not in example.right


async def test_values_that_measure_nothing_in_the_plan_are_shown_first(wang: Talker, world: Database) -> None:
    [question] = await wang.says("PO-1001 50.02 2.01 1200")

    assert "3个值 和检验项对不上" in question.text
    assert await count(world, ProgressReport) == 0


async def test_a_delay_to_a_day_already_past_is_shown_first(wang: Talker, world: Database) -> None:
    [question] = await wang.says("1001 延期到11月20号 钢材没到")  # 11-20 has passed: next year's?

    assert "2027-11-20 是半年以后了" in question.text
    assert (await milestone(world, "PO-1001", "material_ready")).planned_date == TODAY
    assert texts([question], BUYERS_CHAT) == []


# --- several facts, several orders ---------------------------------------------------------------

async def test_material_in_and_a_start_planned_are_two_facts_in_one_reply(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 原料到了，后天开始车")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1001", "in_process")).status == "pending"  # a plan starts nothing
    kinds = [r.kind for r in await rows(world, ProgressReport)]
    assert kinds == ["progress", "plan"]
    [mine] = texts(replies, HUADA_CHAT)
    assert "原材料到位 ✔" in mine and "半成品加工 预计 11-26" in mine
    assert mine.count("发「撤回」可撤销") == 1


async def test_the_same_fact_for_two_orders_is_recorded_on_each(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")

    replies = await wang.says("1001 1002 料也都齐了")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1002", "material_ready")).status == "done"
    [mine] = texts(replies, HUADA_CHAT)
    assert "PO-1001 原材料到位 ✔" in mine and "PO-1002 原材料到位 ✔" in mine


async def test_two_orders_then_two_facts_are_shown_first_and_each_fact_recorded_on_each_order(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")

    [question] = await wang.says("1001 1002 料都到齐了 后天开始车")
    assert await count(world, ProgressReport) == 0  # which fact holds for which order is shown before it is written
    replies = await wang.clicks(button(question, "yes"))

    first, second = (await order(world, "PO-1001")).id, (await order(world, "PO-1002")).id
    for po in ("PO-1001", "PO-1002"):
        assert (await milestone(world, po, "material_ready")).status == "done"
        assert (await milestone(world, po, "in_process")).status == "pending"  # a plan starts nothing
    reports = await rows(world, ProgressReport)
    assert sorted((r.order_id, r.kind) for r in reports) == sorted(
        [(first, "progress"), (second, "progress"), (first, "plan"), (second, "plan")])
    assert len(texts(replies, HUADA_CHAT)) == 1  # one reply for every fact of both orders


async def test_a_sure_fact_is_recorded_and_an_unsure_one_shown_in_the_same_reply(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)

    replies = await wang.says("1001 原料到了，1017 完成1200")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1017", "material_ready")).qty_done == 0
    [mine] = replies
    assert "PO-1001 原材料到位 ✔" in mine.text and "1200件 超过订单数量 500件" in mine.text
    assert any(p.endswith(":yes") for p in payloads(mine))


# --- correction, snooze, shortage -----------------------------------------------------------------

async def test_a_correction_takes_back_the_last_report_and_records_the_right_one(
        wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了")
    await wang.says("1001 完成70%")

    replies = await wang.says("70%打错了 应该是40%")

    assert (await milestone(world, "PO-1001", "first_process")).percent == 40.0
    [mine] = texts(replies, HUADA_CHAT)
    assert "已撤回" in mine and "40%" in mine
    reports = await rows(world, ProgressReport)
    assert [r.undone_at is not None for r in reports] == [False, True, False]
    [example] = await rows(world, ReadingExample)
    assert (example.text, example.source) == ("1001 完成70%", "corrected")
    assert (example.shown["percent"], example.right["percent"]) == (70, 40)


async def test_a_wrong_po_is_corrected_onto_the_right_order(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")
    await wang.says("1001 原料到了")

    await wang.says("发错单号了 是1002")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "pending"
    assert (await milestone(world, "PO-1002", "material_ready")).status == "done"


async def test_remind_me_tomorrow_moves_the_next_prompt_of_this_chat(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    replies = await wang.says("明天再提醒我")

    assert texts(replies) == ["好的，11-25 再提醒您 ⏰"]
    [binding] = await rows(world, ChatBinding, ChatBinding.chat_id == HUADA_CHAT)
    assert binding.prompts_snoozed_until == date(2026, 11, 25)
    await prompt_due(world, clock.now())
    assert await count(world, OutboxMessage, OutboxMessage.chat_id == HUADA_CHAT) == 0
    assert await count(world, Prompt) == 1  # the other supplier's chat is asked as usual

    clock.advance(timedelta(days=1))
    await prompt_due(world, clock.now())
    assert await count(world, OutboxMessage, OutboxMessage.chat_id == HUADA_CHAT) == 1


async def test_short_of_material_opens_a_shortage_and_tells_the_buyers(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 缺料，钢板还没到")

    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.kind == "material_shortage"
    assert ticket.milestone_id == (await milestone(world, "PO-1001", "material_ready")).id
    assert "缺料已登记" in texts(replies, HUADA_CHAT)[0]
    [told] = texts(replies, BUYERS_CHAT)
    assert "缺料 PO-1001（华达精密）" in told and f"#{ticket.id}" in told
    assert (await milestone(world, "PO-1001", "material_ready")).status != "done"


# --- learning from questions answered --------------------------------------------------------------

async def test_an_answered_question_is_kept_as_an_example_of_what_the_words_meant(
        wang: Talker, world: Database) -> None:
    [question] = await wang.says("1001 60")

    await wang.clicks(button(question, "qty"))

    [example] = await rows(world, ReadingExample)
    assert (example.text, example.source) == ("1001 60", "clarified")
    assert example.shown["intent"] == "clarify"
    assert example.right == {"intent": "progress", "po": "1001", "qty_done": 60}


async def test_which_order_answered_keeps_the_words_as_they_were_read(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")
    [question] = await wang.says("完成60%")

    await wang.clicks(payloads(question)[1])

    [example] = await rows(world, ReadingExample)
    assert example.right == {"intent": "progress", "percent": 60}


# --- the classes of issue 14, one conversation each --------------------------------------------------

async def test_multi_fact_done_and_waiting_for_inspection_completes_only_what_is_done(
        wang: Talker, world: Database) -> None:
    await wang.says("1001 喷完了等你们来检")

    assert (await milestone(world, "PO-1001", "in_process")).status == "done"
    assert (await milestone(world, "PO-1001", "final_inspection")).status == "pending"


async def test_vocabulary_a_process_word_is_machining(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 攻牙完成了")

    assert (await milestone(world, "PO-1001", "in_process")).status == "done"
    assert "加工" in texts(replies)[0] or "In process" in texts(replies)[0] or "✔" in texts(replies)[0]


async def test_vocabulary_a_defect_word_is_a_defect_not_progress(wang: Talker, world: Database) -> None:
    await wang.says("1001 毛刺 20件")

    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.qty) == ("defect", 20)
    assert await count(world, MilestoneChange) == 0


async def test_vocabulary_first_article_inspection_is_the_first_process(wang: Talker, world: Database) -> None:
    await wang.says("1001 首件检验好了")

    assert (await milestone(world, "PO-1001", "first_process")).status == "done"
    assert (await milestone(world, "PO-1001", "final_inspection")).status == "pending"


async def test_typo_a_homophone_of_shipped_ships(wang: Talker, world: Database) -> None:
    await wang.says("1001 发伙 500件")

    assert [lot.qty for lot in await rows(world, Lot)] == [500]


async def test_typo_a_homophone_of_defective_is_a_defect(wang: Talker, world: Database) -> None:
    await wang.says("1001 部良品 5个")

    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.qty) == ("defect", 5)


async def test_quantity_done_of_a_total_counts_the_done(wang: Talker, world: Database) -> None:
    await wang.says("1001 2000个里做好了1600")

    assert (await milestone(world, "PO-1001", "material_ready")).qty_done == 1600


async def test_quantity_packages_times_pieces_is_the_shipment(wang: Talker, world: Database) -> None:
    await wang.says("1001 装了4托 每托250件 发了")

    assert [lot.qty for lot in await rows(world, Lot)] == [1000]


async def test_quantity_a_weight_is_never_pieces(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了 2吨")

    node = await milestone(world, "PO-1001", "material_ready")
    assert node.status == "done" and node.qty_done != 2


async def test_dates_the_delay_is_to_the_later_date(wang: Talker, world: Database) -> None:
    await wang.says("1001 周三肯定不行 得下周一")

    assert (await milestone(world, "PO-1001", "material_ready")).planned_date == date(2026, 11, 30)


async def test_dates_yesterday_back_dates_the_shipment(wang: Talker, world: Database, clock: FakeClock) -> None:
    await wang.says("1001 昨天发了500件")

    [lot] = await rows(world, Lot)
    assert lot.qty == 500 and lot.shipped_at == clock.now() - timedelta(days=1)


async def test_multi_order_the_same_shipment_for_two_orders(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")

    replies = await wang.says("1001、1002 都发了 各200件")

    lots = await rows(world, Lot)
    assert sorted((lot.order_id, lot.qty) for lot in lots) == sorted(
        [((await order(world, "PO-1001")).id, 200), ((await order(world, "PO-1002")).id, 200)])
    assert len(texts(replies, HUADA_CHAT)) == 1


async def test_correction_in_other_words_undoes_the_last_report(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了")

    await wang.says("上一条作废")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "pending"


async def test_lot_a_lot_number_in_any_form_names_the_lot(wang: Talker, world: Database) -> None:
    await wang.says("1001 发货500件 批号B-1206-1")

    assert [(lot.lot_no, lot.qty) for lot in await rows(world, Lot)] == [("B-1206-1", 500)]


async def test_lot_the_second_batch_after_the_first_is_recorded(wang: Talker, world: Database) -> None:
    await wang.says("1001 发货500件 批次L1")

    await wang.says("1001 第二批发了300件")

    assert [lot.qty for lot in await rows(world, Lot)] == [500, 300]


async def test_lot_a_third_batch_when_one_was_sent_is_shown_first(wang: Talker, world: Database) -> None:
    await wang.says("1001 发货500件 批次L1")

    replies = await wang.says("1001 第三批发了300件")

    assert "这批应是第 2 批" in texts(replies)[0]
    assert [lot.qty for lot in await rows(world, Lot)] == [500]


# --- the conversation's side of shapes the reader gives: a Reading handed to the dispatcher ------
# (the reader is pure: these pin down what the chat does with each shape of reading)

async def dispatched(talker: Talker, text: str, reading: Reading) -> list[Reply]:
    """What the chat answers when `text` is read as `reading`."""
    message = InboundMessage(
        platform=talker.platform, external_id=f"{talker.chat_id}:{talker.user_id}:r{len(talker.sent)}",
        chat=ChatRef(talker.platform, talker.chat_id, ChatKind.GROUP), sender=SenderRef(talker.user_id, talker.name),
        sent_at=talker.clock.now(), text=text,
    )
    talker.sent.append(message)
    async with talker.database.write() as session:
        inbox = InboxMessage(platform=message.platform.value, external_id=message.external_id,
                             chat_id=message.chat.chat_id, sender_id=message.sender.user_id,
                             received_at=talker.clock.now(), message=message_to_dict(message), raw="")
        session.add(inbox)
        await session.flush()
        ctx = HandlerContext(now=talker.clock.now(), timezone=SHANGHAI, language="zh", inbox_id=inbox.id,
                             ladder=Ladder())
        turn = Turn(session, message, await identify(session, message, "zh"), ctx)
        turn.said = reading
        return await dispatch(turn, reading)


async def test_given_a_plan_among_the_facts_it_starts_nothing_and_the_reply_says_so(
        wang: Talker, world: Database) -> None:
    reading = Reading("progress", po="1001", node="material_ready", done=True,
                      also=(Reading("plan", node="in_process", new_date=date(2026, 11, 26)),))

    [mine] = await dispatched(wang, "1001 原料到了，后天开始车", reading)

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    in_process = await milestone(world, "PO-1001", "in_process")
    assert in_process.status == "pending"
    assert [r.kind for r in await rows(world, ProgressReport)] == ["progress", "plan"]
    assert "PO-1001 半成品加工 预计 11-26 ✔ 已记下（计划，不算进度）" in mine.text
    assert mine.text.count("发「撤回」可撤销") == 1


async def test_given_a_plan_later_than_the_node_it_is_shown_first_as_a_delay(wang: Talker, world: Database) -> None:
    shipped = await milestone(world, "PO-1001", "shipped")
    later = shipped.planned_date + timedelta(days=5)

    [question] = await dispatched(wang, "1001 下下周五发", Reading("plan", po="1001", node="shipped", new_date=later))

    assert "会记为延期并通知采购" in question.text
    replies = await wang.clicks(button(question, "yes"))
    assert (await milestone(world, "PO-1001", "shipped")).planned_date == later
    assert "按延期记" in texts(replies, HUADA_CHAT)[0] and len(texts(replies, BUYERS_CHAT)) == 1


async def test_given_two_orders_each_gets_its_fact_in_one_reply(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")
    reading = Reading("shipment", po="1001", qty=200, also=(Reading("shipment", po="1002", qty=200),))

    replies = await dispatched(wang, "1001、1002 都发了 各200件", reading)

    assert sorted(lot.lot_no for lot in await rows(world, Lot)) == ["PO-1001-1", "PO-1002-1"]
    [mine] = texts(replies, HUADA_CHAT)
    assert "PO-1001 发货 200件" in mine and "PO-1002 发货 200件" in mine


async def test_given_an_order_not_theirs_among_two_the_other_is_still_recorded(
        wang: Talker, world: Database) -> None:
    reading = Reading("progress", po="1001", node="material_ready", done=True,
                      also=(Reading("progress", po="2001", node="material_ready", done=True),))

    [mine] = await dispatched(wang, "1001 2001 料齐了", reading)

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-2001", "material_ready")).status == "pending"
    assert "没有找到 PO-2001" in mine.text


async def test_given_yesterday_the_shipment_and_the_node_are_back_dated(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await dispatched(wang, "1001 昨天发了500件",
                     Reading("shipment", po="1001", qty=500, happened_on=date(2026, 11, 23)))
    await dispatched(wang, "1001 原料昨天到了",
                     Reading("progress", po="1001", node="material_ready", done=True, happened_on=date(2026, 11, 23)))

    [lot] = await rows(world, Lot)
    assert lot.shipped_at == clock.now() - timedelta(days=1)
    assert (await milestone(world, "PO-1001", "material_ready")).done_at == clock.now() - timedelta(days=1)


async def test_given_a_lot_sequence_that_does_not_follow_it_is_shown_first(wang: Talker, world: Database) -> None:
    await wang.says("1001 发货500件 批次L1")

    [question] = await dispatched(wang, "1001 第三批发了300件", Reading("shipment", po="1001", qty=300, lot_seq=3))

    assert "已登记 1 批，这批应是第 2 批" in question.text
    assert await count(world, Lot) == 1


async def test_given_the_reader_unsure_the_reading_is_shown_first(wang: Talker, world: Database) -> None:
    [question] = await dispatched(wang, "1001 弄好了", Reading("progress", po="1001", node="material_ready", done=True, confirm=True))

    assert question.text.startswith("请确认：PO-1001 原材料到位 完成")
    assert "我不确定读对了" in question.text
    assert await count(world, ProgressReport) == 0


async def test_given_a_shortage_it_opens_the_shortage_exception(wang: Talker, world: Database) -> None:
    replies = await dispatched(wang, "1001 缺料", Reading("shortage", po="1001", reason="缺料"))

    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.kind == "material_shortage"
    assert len(texts(replies, BUYERS_CHAT)) == 1


async def test_given_a_total_other_than_the_order_the_alternative_drops_it(wang: Talker, world: Database) -> None:
    [question] = await dispatched(wang, "1001 3000个里做好了1600",
                                  Reading("progress", po="1001", qty_done=1600, qty_total=3000))

    assert "订单数量是 2000件，消息里是 3000件" in question.text
    await wang.clicks(button(question, "alt"))
    assert (await milestone(world, "PO-1001", "material_ready")).qty_done == 1600


async def test_given_today_read_out_of_a_reason_the_delay_is_shown_first_and_moves_nothing(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    await set_planned(world, "PO-1017", "material_ready", TODAY - timedelta(days=2))
    overdue = await open_exception_on(world, clock, "PO-1017", "material_ready", "overdue")

    [question] = await dispatched(wang, "今天停电，1017要晚两天",
                                  Reading("delay", po="1017", new_date=TODAY, reason="停电"))

    assert "11-24 不是以后的日期" in question.text
    assert (await milestone(world, "PO-1017", "material_ready")).planned_date == TODAY - timedelta(days=2)
    assert (await rows(world, ExceptionTicket, ExceptionTicket.id == overdue.id))[0].resolved_at is None
    assert await count(world, ProgressReport) == 0


async def test_given_done_without_a_node_the_node_the_bot_would_complete_is_shown_first(
        wang: Talker, world: Database) -> None:
    [question] = await dispatched(wang, "1001 搞定了", Reading("progress", po="1001", done=True))

    assert "没写节点，按当前节点「原材料到位」记" in question.text
    assert (await milestone(world, "PO-1001", "material_ready")).status == "pending"
    await wang.clicks(button(question, "yes"))
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"


async def prompted_about(world: Database, clock: FakeClock, po_number: str) -> None:
    """The supplier was just prompted about the order, with four hours to answer."""
    po = await order(world, po_number)
    async with world.write() as session:
        session.add(Prompt(schedule_key="k1", supplier_id=po.supplier_id, order_ids=[po.id], sent_at=clock.now(),
                           reply_by=clock.now() + timedelta(hours=4)))


async def test_given_done_without_a_node_in_answer_to_a_prompt_the_prompted_node_is_recorded(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await prompted_about(world, clock, "PO-1001")

    replies = await dispatched(wang, "1001 好了", Reading("progress", po="1001", done=True))

    assert texts(replies)[0].startswith("PO-1001 原材料到位 ✔")
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"


async def test_a_plain_done_in_answer_to_a_prompt_is_recorded_though_the_reader_alone_would_ask(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    """The reader asks first on a done with no step (`confirm: true`); a prompt about the order
    names the step, so the plain answer is recorded as before, and a hedged one is still shown."""
    await prompted_about(world, clock, "PO-1001")

    replies = await wang.says("1001 做完了")

    assert texts(replies)[0].startswith("PO-1001 原材料到位 ✔")
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"


async def test_a_hedged_done_in_answer_to_a_prompt_is_still_shown_first(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await prompted_about(world, clock, "PO-1001")

    await wang.says("1001 应该做完了吧")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "pending"
    assert await count(world, ProgressReport) == 0


async def test_a_photo_sent_while_a_reading_waits_goes_with_it_on_yes(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    [question] = await wang.says("1017 完成1200")

    [reply] = await wang.says(photos=(jpeg(),))

    assert reply.text == "照片 1张 已收到，点 ✔ 后和上面这条一起记录"
    assert await count(world, ProgressReport) == 0
    await wang.clicks(button(question, "yes"))
    [photo] = await rows(world, Photo)
    [report] = await rows(world, ProgressReport)
    assert photo.report_id == report.id


async def test_given_defects_in_a_lot_they_must_fit_the_lot(wang: Talker, world: Database) -> None:
    await wang.says("PO-1001 发货 500件 批次L1")

    [unknown] = await dispatched(wang, "1001 L9批 不良20件", Reading("defect", po="1001", defect_qty=20, lot="L9"))
    [too_many] = await dispatched(wang, "1001 L1批 不良600件", Reading("defect", po="1001", defect_qty=600, lot="L1"))
    fits = await dispatched(wang, "1001 L1批 不良20件", Reading("defect", po="1001", defect_qty=20, lot="L1"))

    assert "PO-1001 没有登记过批次L9" in unknown.text
    assert "不良 600件 超过批次L1的 500件" in too_many.text
    assert "不良 20件 已登记" in texts(fits, HUADA_CHAT)[0]
    assert await count(world, ExceptionTicket) == 1


# --- the misreads found after the blind corpora, and the buyers' free words ---------------------

async def test_dates_days_still_needed_are_no_pieces_left(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 完成80% 还差2天")

    [report] = await rows(world, ProgressReport)
    assert report.percent == 80 and "qty_left" not in report.details["reading"]
    assert not any(payloads(r) for r in replies)


async def test_vocabulary_a_later_numbered_step_done_starts_processing_but_never_finishes_it(
        wang: Talker, world: Database) -> None:
    await wang.says("1001 第二道工序做完了")

    assert (await milestone(world, "PO-1001", "in_process")).status == "in_progress"
    assert (await milestone(world, "PO-1001", "final_inspection")).status == "pending"


async def test_multi_fact_progress_and_a_defect_in_one_message_are_both_recorded(
        wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 加工完了 有6件划伤 返工中")

    assert (await milestone(world, "PO-1001", "in_process")).status == "done"
    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.qty) == ("defect", 6)
    assert len(texts(replies, HUADA_CHAT)) == 1  # one reply for both facts


async def test_multi_order_one_count_for_two_orders_is_shown_first(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")
    [question] = await wang.says("1001 1002 发了500")

    assert any(p.endswith(":yes") for p in payloads(question))
    assert await count(world, Lot) == 0  # 500 in all, or 500 each? nothing written before ✔


async def test_multi_order_the_same_delay_for_a_second_order_named_after_it(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1002")
    await wang.says("1001 发货推到12月20号 1002也一样")

    assert (await milestone(world, "PO-1001", "shipped")).planned_date == date(2026, 12, 20)
    assert (await milestone(world, "PO-1002", "shipped")).planned_date == date(2026, 12, 20)


async def test_an_unexplained_word_beside_a_count_is_shown_first(wang: Talker, world: Database) -> None:
    [question] = await wang.says("1001 外协那边弄坏了 还剩300个")

    assert any(p.endswith(":yes") for p in payloads(question))
    assert await count(world, ProgressReport) == 0


@pytest.mark.parametrize(("text", "expect"), [
    ("还有哪些没交货的", "PO-1001"),
    ("有啥异常没", "异常"),
    ("华达精密这个月表现咋样", "华达精密"),
])
async def test_buyers_free_words_are_answered(world: Database, clock: FakeClock, text: str, expect: str) -> None:
    buyer = Talker(world, clock, BUYERS_CHAT, "601", "李娟")

    replies = await buyer.says(text)

    assert expect in "\n".join(texts(replies))
    assert await count(world, ProgressReport) == 0


async def test_buyers_free_words_take_on_an_exception(world: Database, clock: FakeClock) -> None:
    ticket = await open_exception_on(world, clock, "PO-1001", "first_process", "overdue")
    await add_staff(world, clock, "601", "李娟", Role.BUYER)  # only people on the list act in a staff chat
    buyer = Talker(world, clock, BUYERS_CHAT, "601", "李娟")

    await buyer.says(f"EXC-{ticket.id} 我来处理")

    [stored] = await rows(world, ExceptionTicket)
    assert stored.acknowledged_at is not None
