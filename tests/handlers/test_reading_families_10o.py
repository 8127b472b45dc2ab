"""The families reader10o fixed, as the supplier sees them: the register of the shop floor in south
China and Vietnam, Cantonese and English in one line. A message in, records and replies out. Each
family in words of its own (never a corpus's phrase), so a fix of the family shows here and not a
fix of a phrase.

The world is the one of test_reading_conversations.py: 华达精密 (王工, chat -1001) with PO-1001
for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import HUADA_CHAT, Talker, milestone, rows, texts
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# --- Cantonese 出 with a mark of completion is goods out --------------------------------------------------------


@pytest.mark.parametrize(("text", "qty"), [("1001 出咗600pcs", 600), ("1001 今日出咗450pcs", 450)])
async def test_goods_out_in_cantonese_is_a_shipment(wang: Talker, world: Database, text: str, qty: int) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.kind == "shipment"
    assert report.details["reading"].get("qty") == qty
    assert texts(replies, HUADA_CHAT)


@pytest.mark.parametrize(("cantonese", "mandarin"), [("1001 货已经出咗", "1001 货已经发了"), ("1001 出完", "1001 发完")])
def test_goods_out_without_a_count_reads_as_its_mandarin(cantonese: str, mandarin: str) -> None:
    assert read_message(cantonese, now=_NOW).to_json_dict() == read_message(mandarin, now=_NOW).to_json_dict()
    assert read_message(cantonese, now=_NOW).intent == "shipment"


@pytest.mark.parametrize("text", ["1001 出了12箱", "1001 今天出了3托"])
def test_cartons_that_went_out_are_shipped_not_made(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "shipment"
    assert reading.packages in (12, 3)
    assert not reading.confirm


async def test_a_bare_count_that_came_out_is_asked_first_made_or_shipped(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 出了900个")

    assert asks(replies)
    assert await rows(world, ProgressReport) == []


@pytest.mark.parametrize("text", ["1001 出了啥问题", "1001 做出了800个"])
def test_what_came_out_of_trouble_or_of_the_making_is_no_shipment(text: str) -> None:
    assert read_message(text).intent != "shipment"


# --- the progressive 紧: the step is under way ------------------------------------------------------------------

@pytest.mark.parametrize("text", ["1001 打磨紧", "1001 而家车紧 🙏", "1001 钻孔紧啦"])
async def test_a_step_then_the_progressive_is_work_under_way(wang: Talker, world: Database, text: str) -> None:
    await wang.says("1001 原料到了")

    replies = await wang.says(text)

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "in_process")).status == "in_progress"


@pytest.mark.parametrize("text", ["1001 抓紧做", "1001 赶紧安排"])
def test_hurry_words_are_no_step_under_way(text: str) -> None:
    reading = read_message(text)
    assert not (reading.intent == "progress" and reading.done is False and reading.node == "in_process"
                and "中" in text)


# --- ETD: the shipping date --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["1001 ETD delay to 12/2, mould repair", "1001 ETD推迟到12月2号 模具坏了"])
def test_a_delayed_etd_is_a_delay_of_shipping(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "delay"
    assert reading.node == "shipped"
    assert str(reading.new_date) == "2026-12-02"
    assert reading.reason and "D" not in reading.reason.split()


def test_a_shipping_date_delayed_in_chinese_is_a_delay_of_shipping() -> None:
    reading = read_message("1001 出货日期推迟到12月2号", now=_NOW)

    assert (reading.intent, reading.node) == ("delay", "shipped")


# --- English typed fast and its counts ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["1001 shiping tmr", "1001 shiped 300pcs", "1001 shipp out today"])
def test_ship_typed_fast_is_still_ship(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent in ("shipment", "plan")
    assert reading.node == "shipped"


@pytest.mark.parametrize(("text", "qty"), [("1001 shipped 6 CTN x 50pcs", 300), ("1001 4 PLT shipped, each PLT 250pcs", 1000),
                                           ("1001 shipped 3 cartons, per carton 120 pcs", 360)])
async def test_packages_with_a_count_each_in_english_ship_their_product(
        wang: Talker, world: Database, text: str, qty: int) -> None:
    replies = await wang.says(text)

    assert not asks(replies)
    [report] = await rows(world, ProgressReport)
    assert report.kind == "shipment"
    assert report.details["reading"]["qty"] == qty


# --- defects of printing and marking; short of resin is a shortage -----------------------------------------------

@pytest.mark.parametrize("text", ["1001 移印偏位 7pcs", "1001 镭雕不清 12个", "1001 NG 5pcs 印歪"])
def test_a_print_or_mark_off_is_an_appearance_defect(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "defect"
    assert reading.category == "appearance"


def test_short_of_resin_is_a_shortage_and_a_short_moulding_a_defect() -> None:
    assert read_message("1001 缺胶料 ABS料冇货", now=_NOW).intent == "shortage"
    assert read_message("1001 缺胶 15pcs", now=_NOW).intent == "defect"




# --- English of the floor: already, running, a pass typed short -------------------------------------------------

@pytest.mark.parametrize(("text", "node", "done"), [("1001 steel come already", "material_ready", True),
                                                    ("1001 polishing running", "in_process", False),
                                                    ("1001 first article pas", "first_process", True)])
def test_english_of_the_floor_says_done_or_under_way(text: str, node: str, done: bool) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", node, done)


# --- taking back and correcting in English; done and not done at once ---------------------------------------------

def test_a_wrong_order_named_after_a_comma_corrects_the_order() -> None:
    reading = read_message("sorry wrong order, is 1002", now=_NOW)

    assert (reading.intent, reading.po) == ("correct", "1002")


@pytest.mark.parametrize("text", ["pls delete my last msg", "remove the previous report"])
def test_deleting_the_last_message_in_english_is_undo(text: str) -> None:
    assert read_message(text, now=_NOW).intent == "undo"


@pytest.mark.parametrize("text", ["1001 发了 但是还没发", "1001 已经出咗 但系仲未出"])
async def test_shipped_and_not_shipped_at_once_is_asked_first(wang: Talker, world: Database, text: str) -> None:
    replies = await wang.says(text)

    assert asks(replies)
    assert await rows(world, ProgressReport) == []


# --- the buyer's day in Cantonese ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["今日有边啲要发货", "今天有什么要交货", "今日到期嘅订单"])
def test_what_is_due_or_goes_out_today_is_the_days_question(text: str) -> None:
    assert read_message(text, role="buyer", now=_NOW).intent == "today_query"


# --- the same for the next order; what is short arrives -------------------------------------------------------------

def test_the_next_order_all_the_same_gets_the_same_fact() -> None:
    reading = read_message("1001 FAI过咗 1002都一样", now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", True)
    assert [(item.po, item.node, item.done) for item in reading.also or ()] == [("1002", "first_process", True)]


@pytest.mark.parametrize("text", ["1001 缺油墨 预计周四到", "1001 缺螺丝 听日到"])
def test_what_is_short_and_arrives_later_is_the_material_not_the_buyers_goods(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert reading.intent == "shortage"
    assert [(item.intent, item.node) for item in reading.also or ()] == [("plan", "material_ready")]


# --- a supplier asked about in Cantonese or English with the time it covers ---------------------------------------

@pytest.mark.parametrize(("text", "name"), [("永利呢个月点样", "永利"), ("how is 达成 performance this week", "达成"),
                                            ("how is 金盛 performance lately", "金盛")])
def test_how_a_supplier_does_names_the_supplier_without_the_time(text: str, name: str) -> None:
    reading = read_message(text, role="buyer", now=_NOW)

    assert (reading.intent, reading.supplier) == ("supplier_query", name)
