"""The shop's own words (handlers/shop_words.py) and the families reader8 fixed, in phrases written
for these tests (never a corpus's): a step named by its trade word is `in_process`, a defect word
beside a count is a defect, stock named by its own name arrives or runs short, a step under way
said as 在+its verb, counts in thousands, days of other dialects and months, an order said to be
the right one. Readings first, then the conversations (message in, records and replies out) on
both engines.

The conversation world is the one of test_reading_conversations.py: 华达精密 (王工) with PO-1001
for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.shop_words import DEFECTS, STEPS
from storage.db import Database
from storage.models import ExceptionTicket, MilestoneChange
from tests.handlers.supplier_world import Talker, count, milestone, rows

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Thursday


def read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=NOW)


def fields(text: str, role: str = "supplier") -> dict[str, object]:
    data = read(text, role).to_json_dict()
    data.pop("confirm", None)
    return data


# --- a step named by its trade word -------------------------------------------------------------------

@pytest.mark.parametrize("step", ["磷化", "电泳", "氮化", "压铆", "滚齿", "珩磨", "慢走丝", "达克罗", "回流焊", "浸塑"])
def test_a_step_done_in_its_trade_word_is_in_process_done(step: str) -> None:
    assert fields(f"5120 {step}搞完了") == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize("text", ["5120 nitriding finished", "5120 hobbing done"])
def test_a_step_done_in_english_trade_words_is_in_process_done(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize("text", ["5120 磷话做完了", "5120 氮华好了"])
def test_a_step_typed_by_its_sound_is_the_step(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


def test_every_step_word_is_a_step_and_no_defect() -> None:
    for step in STEPS:
        assert step not in {word for words in DEFECTS.values() for word in words}, step


# --- a defect word beside a count -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "category"), [
    ("5120 有14件漏镀", "appearance"), ("5120 冷隔 6个", "material"), ("5120 滑牙的有9个", "dimension"),
    ("5120 起皮 11件", "appearance"), ("5120 漏气5个", "function"),
])
def test_a_defect_word_beside_a_count_is_a_defect_of_its_category(text: str, category: str) -> None:
    reading = read(text)
    assert (reading.intent, reading.category) == ("defect", category)
    assert reading.qty_done is None


# --- stock named by its own name --------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["5120 角钢今天到了", "5120 钢带进厂了", "5120 铝管刚到"])
def test_stock_arriving_is_material_ready_done(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "material_ready", "done": True}


@pytest.mark.parametrize(("text", "short"), [("5120 垫片不够了", "垫片"), ("5120 纸箱用完了", "纸箱")])
def test_stock_running_out_is_a_shortage_with_what_is_short(text: str, short: str) -> None:
    reading = read(text)
    assert reading.intent == "shortage" and short in (reading.reason or "")


def test_stock_not_in_said_twice_is_one_shortage() -> None:
    assert read("5120 圆管没到 断料了").intent == "shortage"


# --- state words ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["5120 冲床在冲", "5120 线割在割", "5120 还在铆接", "5120 电镀线在镀"])
def test_a_step_under_way_said_as_its_verb_is_in_process_not_done(text: str) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "node": "in_process", "done": False}


def test_sichuan_not_yet_arrived_is_material_not_done() -> None:
    assert fields("5120 钢板还莫得到") == {"intent": "progress", "po": "5120", "node": "material_ready", "done": False}


def test_a_step_done_and_packing_under_way_is_the_step_done() -> None:
    assert fields("5120 喷砂完了 在打包") == {"intent": "progress", "po": "5120", "node": "in_process", "done": True}


@pytest.mark.parametrize("text", ["搞完咯", "那单好了哈", "这个订单搞定了"])
def test_a_bare_done_with_particles_names_no_step_and_asks_first(text: str) -> None:
    reading = read(text)
    assert reading.intent == "progress" and reading.node is None and reading.confirm is True


def test_stock_in_and_a_start_announced_for_later_records_the_arrival_only() -> None:
    assert fields("5120 料都到了 过两天开工") == {
        "intent": "progress", "po": "5120", "node": "material_ready", "done": True}


# --- numbers, dates --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "qty"), [("5120 做了2千", 2000), ("5120 做好了2千5", 2500), ("5120 做了1.5千个", 1500)])
def test_counts_in_thousands_are_the_count(text: str, qty: int) -> None:
    assert fields(text) == {"intent": "progress", "po": "5120", "qty_done": qty}


def test_what_is_left_within_a_whole_is_the_whole_and_the_rest() -> None:
    assert fields("5120 3000件里头还剩400") == {"intent": "progress", "po": "5120", "qty_total": 3000, "qty_left": 400}


def test_a_shipment_and_the_rest_still_to_go_on_a_day_is_a_shipment_and_a_plan() -> None:
    assert read("5120 走了4箱 还有3箱下周一走").to_json_dict() == {
        "intent": "shipment", "po": "5120", "node": "shipped", "packages": 4, "package_unit": "箱",
        "also": [{"intent": "plan", "po": "5120", "node": "shipped", "new_date": "2026-12-07"}]}


def test_a_weight_and_a_half_is_the_weight() -> None:
    reading = read("5120 发了三吨半")
    assert (reading.intent, reading.amount, reading.qty) == ("shipment", 3.5, None)


@pytest.mark.parametrize(("text", "when"), [("5120 听日发货", "2026-12-04"), ("5120 後日出货", "2026-12-05")])
def test_days_said_in_cantonese_are_those_days(text: str, when: str) -> None:
    assert fields(text) == {"intent": "plan", "po": "5120", "node": "shipped", "new_date": when}


def test_a_day_of_last_month_is_last_months() -> None:
    assert fields("5120 上个月29号发的") == {
        "intent": "shipment", "po": "5120", "node": "shipped", "happened_on": "2026-11-29"}


def test_a_passed_day_named_as_this_months_stays_this_months() -> None:
    reading = read("5120 这个月1号到的料")
    assert (reading.node, reading.done, str(reading.happened_on)) == ("material_ready", True, "2026-12-01")


def test_a_bare_day_after_a_month_named_is_that_months() -> None:
    reading = read("5120 1月5号交不了 得到9号")
    assert (reading.intent, str(reading.new_date)) == ("delay", "2027-01-09")


# --- buyers and corrections ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "intent"), [
    ("我手里的单子列一下", "orders_query"), ("今天要到的货有哪些", "today_query"), ("问题单目前有多少", "exceptions_query"),
    ("哪几个单子晚了", "overdue_query"), ("麻烦你了", "noted"),
])
def test_buyers_free_words(text: str, intent: str) -> None:
    assert read(text, role="buyer").intent == intent


@pytest.mark.parametrize(("text", "intent"), [("EXC-31 我这边跟进", "ack"), ("EXC-31 已经处理了", "resolve")])
def test_an_exception_taken_or_done_in_free_words(text: str, intent: str) -> None:
    assert read(text, role="buyer").intent == intent


@pytest.mark.parametrize("text", ["单号写错了 6021才对", "wrong order, it is 6021"])
def test_the_right_order_said_with_an_undo_word_corrects_the_order(text: str) -> None:
    assert fields(text) == {"intent": "correct", "po": "6021"}


def test_a_size_defect_in_words_beside_a_count_is_a_dimension_defect() -> None:
    reading = read("5510 尺寸大了 有12件")  # reader7 asked first here: the words were unknown then
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 12, "dimension")


def test_a_count_said_roughly_asks_first() -> None:
    assert read("5120 做了八百来个").confirm is True


# --- conversations ----------------------------------------------------------------------------------------------------

async def test_conversation_a_step_in_its_trade_word_completes_processing(wang: Talker, world: Database) -> None:
    await wang.says("1001 原料到了")
    await wang.says("1001 磷化做完了")

    assert (await milestone(world, "PO-1001", "in_process")).status == "done"


async def test_conversation_a_defect_word_outside_the_old_list_opens_a_defect(wang: Talker, world: Database) -> None:
    await wang.says("1001 冷隔 12件")

    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.qty) == ("defect", 12)
    assert await count(world, MilestoneChange) == 0


async def test_conversation_stock_running_short_opens_a_shortage(wang: Talker, world: Database) -> None:
    await wang.says("1001 垫片不够了")

    [ticket] = await rows(world, ExceptionTicket)
    assert ticket.kind == "material_shortage"
    assert (await milestone(world, "PO-1001", "material_ready")).status == "pending"


async def test_conversation_stock_in_and_a_later_start_starts_nothing(wang: Talker, world: Database) -> None:
    await wang.says("1001 钢带到齐了 下礼拜开工")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1001", "in_process")).status == "pending"
