"""The families reader12t fixed: the supply-chain Chinese of Taiwanese-, Japanese- and Korean-owned suppliers,
partly in traditional characters (出貨, 品檢, 納期), with its own words (素材入荷, 初品, 重工, 70趴) and polite filler
(跟您回報, 麻煩您了). Each family in words of its own (never a corpus's phrase), so a fix of the family shows here
and not a fix of a phrase; one conversation per family shows the record and the reply.

The world is the one of test_reading_conversations.py: 华达精密 (王工, chat -1001) with PO-1001
for 2000 pcs; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from handlers.reading_script import fold_script
from storage.db import Database
from storage.models import Lot
from tests.handlers.supplier_world import HUADA_CHAT, Talker, milestone, rows, texts
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


# --- the script: traditional characters folded, character for character ----------------------------------------


@pytest.mark.parametrize("text", ["1001 鍍層檢驗報告隨貨", "單號1001 組裝進度80%", "1001 熱處理後發貨", "ＰＯ1001 發貨了"])
def test_the_folding_keeps_every_character_in_its_place(text: str) -> None:
    folded = fold_script(text)

    assert len(folded) == len(text)
    assert all(a == b for a, b in zip(folded, text, strict=True) if a.isascii())


@pytest.mark.parametrize(("written", "simplified"), [
    ("1001 電鍍完成 明天發貨", "1001 电镀完成 明天发货"),
    ("1001 熱處理中", "1001 热处理中"),
    ("1001 組裝完了 1200個", "1001 组装完了 1200个"),
    ("1001 材料還沒到", "1001 材料还没到"),
])
def test_a_message_in_traditional_characters_reads_as_in_simplified(written: str, simplified: str) -> None:
    assert read_message(written, now=_NOW) == read_message(simplified, now=_NOW)


def test_a_defect_is_described_and_a_supplier_named_as_typed() -> None:
    defect = read_message("1001 檢出8個鏽蝕 其餘合格", now=_NOW)
    asked = read_message("華達精密這個月表現如何", role="buyer", now=_NOW)

    assert defect.intent == "defect" and "鏽蝕" in (defect.description or "")
    assert asked.intent == "supplier_query" and asked.supplier == "華達精密"


# --- the register's own words ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1001 首品已承認", "1001 初品OK", "1001 量試完成"])
def test_the_first_article_in_the_registers_words(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", True)


@pytest.mark.parametrize("text", ["1001 品檢中", "1001 出檢中", "1001 品保出檢進行中"])
def test_the_suppliers_own_check_before_shipping_is_final_inspection(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "final_inspection", False)


def test_stock_come_in_in_the_japanese_word_is_material_ready() -> None:
    reading = read_message("1001 鋁材素材入荷", now=_NOW)

    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


def test_rework_in_the_registers_word_is_rework() -> None:
    reading = read_message("1001 挑出7個碰傷 重工中", now=_NOW)

    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 7, True)


def test_a_percentage_said_as_pa_is_a_percentage() -> None:
    reading = read_message("1001 組裝中 完成45趴", now=_NOW)

    assert reading.intent == "progress" and reading.percent == 45


def test_the_orders_delivery_date_in_the_japanese_word_moves_no_step() -> None:
    reading = read_message("1001 納期要往後延4天 模具維修", now=_NOW)

    assert (reading.intent, reading.node, reading.delay_days) == ("delay", None, 4)


@pytest.mark.parametrize("text", ["1001 剩餘的今天全出了", "1001 這批已經出了"])
def test_goods_out_with_no_object_is_a_shipment(text: str) -> None:
    assert read_message(text, now=_NOW).intent == "shipment"


def test_goods_out_counted_in_traditional_characters_is_a_shipment_in_simplified_asked_first() -> None:
    written = read_message("1001 實際出了650個", now=_NOW)
    simplified = read_message("1001 实际出了650个", now=_NOW)

    assert (written.intent, written.qty, written.confirm) == ("shipment", 650, None)
    assert simplified.confirm is True  # 出了 of parts made in some mainland shops: made or shipped?


@pytest.mark.parametrize("text", ["1001 禮拜五可以出", "1001 明天能夠出"])
def test_goods_that_can_go_out_on_a_day_is_a_shipping_plan(text: str) -> None:
    reading = read_message(text, now=_NOW)

    assert (reading.intent, reading.node) == ("plan", "shipped")


def test_the_politeness_around_a_report_is_no_part_of_it() -> None:
    plain = read_message("1001 做好了1300個", now=_NOW)

    assert read_message("先跟您報告一下 1001 做好了1300個 麻煩您了", now=_NOW) == plain
    assert read_message("跟您回報 1001 做好了1300個 謝謝您", now=_NOW) == plain


@pytest.mark.parametrize(("text", "intent"), [
    ("目前進行中的訂單有哪些", "orders_query"), ("訂單一覽", "orders_query"), ("今日交期的訂單", "today_query"),
    ("剛那筆不算", "undo"),
])
def test_a_buyers_question_in_traditional_characters(text: str, intent: str) -> None:
    assert read_message(text, role="buyer", now=_NOW).intent == intent


# --- general families the register showed ---------------------------------------------------------------------


def test_a_month_and_day_after_a_delay_word_is_the_new_date_never_a_number_of_days() -> None:
    reading = read_message("1001 設備故障 交期要延到12月9日", now=_NOW)

    assert (reading.intent, reading.new_date, reading.delay_days) == ("delay", date(2026, 12, 9), None)


def test_delayed_by_a_number_of_days_with_the_one_character_verb() -> None:
    reading = read_message("1001 出貨延5天 機台故障", now=_NOW)

    assert (reading.intent, reading.delay_days) == ("delay", 5)


def test_an_undo_then_a_report_of_its_own_records_both() -> None:
    reading = read_message("上一條不算 1001 今天出貨900pcs", now=_NOW)

    assert reading.intent == "undo" and reading.also is not None
    assert (reading.also[0].intent, reading.also[0].po, reading.also[0].qty) == ("shipment", "1001", 900)


def test_a_warehouse_counting_goods_come_in_is_the_receipt() -> None:
    reading = read_message("1001 到了1500個", role="warehouse", now=_NOW)

    assert (reading.intent, reading.node, reading.qty_done) == ("progress", "received", 1500)


def test_a_plan_by_a_day_of_the_month_half_a_month_off_is_shown_first() -> None:
    late = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

    assert read_message("1001 12號出貨", now=late).confirm is True
    assert read_message("1001 3號出貨", now=late).confirm is None


# --- in the chat: a traditional-character message in, the record and the reply out -------------------------------


async def test_a_traditional_character_shipment_is_recorded_and_answered(wang: Talker, world: Database) -> None:
    replies = await wang.says("跟您回報 1001 今天出貨了 800個 麻煩您了")

    assert not asks(replies)
    assert [lot.qty for lot in await rows(world, Lot)] == [800]
    assert any("800" in text for text in texts(replies, HUADA_CHAT))


async def test_a_traditional_character_final_inspection_under_way_is_recorded(wang: Talker, world: Database) -> None:
    replies = await wang.says("1001 品檢中")

    assert not asks(replies)
    assert (await milestone(world, "PO-1001", "final_inspection")).status == "in_progress"
