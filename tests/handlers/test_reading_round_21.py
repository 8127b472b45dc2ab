"""Round 21: counts and rests as any writer of the trade writes them, wherever the register.

A count in thousands written with K (`2K pcs`, `1.2k pcs`: H AS BA BB) is that many thousands; a count per package
said by the pallet's short name (`3棧板 一板400支`) is multiplied out as `每托400支` is; the rest of an order said to go
out on a bare verb (`剩下的10月出`) is still to go, and a rest told gone (`剩下的都发了 今天下午物流拉走的`, `剩下500件今天
发了`: BD BE and the house) is the whole order out; pieces taken back to be redone (`拿回去重拋`) are reworked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import Lot
from tests.handlers.supplier_world import Talker, rows
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 9, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(("text", "qty"), [("10428 出貨 2K pcs", 2000), ("6604 发了1.2k pcs", 1200),
                                           ("8981 50K pcs shipped today", 50000), ("10428 出货 3k件", 3000)])
def test_a_count_in_thousands_written_with_k(text: str, qty: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.qty, reading.confirm) == ("shipment", qty, None)


def test_a_grade_ending_in_k_is_no_count() -> None:
    reading = read_message("8911 SWCH35K 料到齐了", role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.qty_done) == ("material_ready", True, None)


@pytest.mark.parametrize("text", ["10433 出貨 3棧板 一板400支", "10433 发货 3卡板 每板 400支"])
def test_a_count_per_pallet_said_short_is_multiplied_out(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.qty, reading.packages) == (1200, 3)


def test_a_rest_on_a_bare_verb_is_still_to_go() -> None:
    reading = read_message("10407 出貨 3000pcs 剩下的10月出", role="supplier", now=_NOW)
    assert (reading.qty, reading.all) == (3000, False)


@pytest.mark.parametrize("text", ["10656剩下的都发了今天下午物流拉走的", "10572 剩下500件今天发了", "2436 剩下的200个也发了"])
def test_a_rest_told_gone_is_the_whole_order_out(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.all) == ("shipment", True)


def test_pieces_taken_back_to_be_redone_are_reworked() -> None:
    reading = read_message("10360 有15支刮傷 我們拿回去重拋", role="supplier", now=_NOW)
    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 15, True)


async def test_a_shipment_in_thousands_is_recorded_as_thousands(wang: Talker, world: Database) -> None:
    assert not asks(await wang.says("1001 出货 2K pcs"))
    assert [lot.qty for lot in await rows(world, Lot)] == [2000]


@pytest.mark.parametrize("text", ["10429 出貨完成", "10429 发货完成"])
def test_goods_out_finished_by_any_verb_of_shipping_is_all_of_it(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.all) == ("shipment", True)


@pytest.mark.parametrize("text", ["10440 材料缺 等鋼廠", "10440 钢材缺", "9167 包装材料缺"])
def test_stock_said_short_with_the_verb_after_it_is_a_shortage(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).intent == "shortage"


def test_a_step_given_its_slot_is_scheduled_not_done() -> None:
    reading = read_message("10398 鍍鎳排到了 禮拜四出來", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("plan", "in_process", None)


def test_a_copper_bar_arrived_is_still_stock_come_in() -> None:
    reading = read_message("3238 铜排到了一吨二", role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("material_ready", True)


@pytest.mark.parametrize("text", ["10451 料还木到 额再催一哈", "10451 料还没到 俺再催一下"])
def test_the_northwest_i_is_the_sender_not_a_reminder_asked(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", False)


def test_an_amount_is_never_the_sender() -> None:
    reading = read_message("10451 金额不对 额度不够", role="supplier", now=_NOW)
    assert reading.intent != "progress" or reading.node is None


@pytest.mark.parametrize("text", ["刚发的那条删掉 额看错单子咧", "刚发的那条删掉 我看错单子了", "上一条作废 写错数量了"])
def test_a_take_back_with_its_slip_as_the_reason_is_an_undo(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).intent == "undo"


@pytest.mark.parametrize(("text", "day"), [("10476 钛棒夜儿个到的", 29), ("10540 料前儿个就到咧", 28)])
def test_the_northern_days_beside_yesterday_are_days_of_the_past(text: str, day: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.happened_on) == ("material_ready", True, _NOW.date().replace(day=day))


def test_the_day_after_tomorrow_said_in_the_north_is_a_plan() -> None:
    reading = read_message("10488 原料还在路上 后儿个到", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "material_ready", _NOW.date().replace(
        month=10, day=2))


def test_a_date_said_wrong_with_the_northwest_perfective_is_a_correction() -> None:
    reading = read_message("日期错咧 是后儿个发", role="supplier", now=_NOW)
    assert (reading.intent, reading.new_date) == ("correct", _NOW.date().replace(month=10, day=2))


@pytest.mark.parametrize("text", ["10728 整机老化168小时做完了", "10728 老化48小时做完了"])
def test_hours_the_work_ran_are_no_count_of_pieces(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.qty_done) == ("in_process", True, None)


@pytest.mark.parametrize(("text", "intent", "node"), [
    ("10678 今天fh 1200pcs", "shipment", "shipped"), ("10674 sj ok", "progress", "first_process"),
    ("10675 zp进度60%", "progress", "in_process"), ("10679 zj过了", "progress", "final_inspection"),
])
def test_pinyin_initials_of_the_trades_words_are_those_words(text: str, intent: str, node: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.confirm) == (intent, node, None)


def test_a_lots_capital_letters_are_no_initials() -> None:
    reading = read_message("2779批号ZJ-1128-02 发了六百件", role="supplier", now=_NOW)
    assert (reading.intent, reading.qty) == ("shipment", 600)


@pytest.mark.parametrize(("text", "percent"), [("10353 CNC在跑了 進度6成", 60), ("9521 在打标 做了3成", 30)])
def test_tenths_typed_with_a_digit_are_the_share_done(text: str, percent: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.percent, reading.confirm) == ("in_process", percent, None)


@pytest.mark.parametrize("text", ["10355 品檢過了 禮拜四出", "10398 下禮拜二才能出 鍍鎳廠塞單"])
def test_out_when_due_in_traditional_characters_is_goods_out(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    planned = reading if reading.intent == "delay" else (reading.also or (reading,))[0]
    assert planned.node == "shipped"
