"""Round 37 (r37ec): stop 39's EC (Changzhou and Wuxi motor and gearbox makers, half of it the maker's own side).

Families read here: a step named, then the day it comes out only then, is that step late; stock still short by a
count that has not come is a shortage; the wrong figure named as what was typed (打成) after the right one is a
correction; a receipt's count then pieces short is the receipt and a quantity defect; a buyer's own change or
cancellation of an order is asked back, his closing remark noted; an exception left with the sender is taken on."""

from __future__ import annotations

from datetime import date

from tests.handlers.monday_reading import read as _read


def test_a_step_out_only_on_a_later_day_is_that_step_late() -> None:
    reading = _read("71001 电镀要到周四才能出来")
    assert (reading.intent, reading.node, reading.new_date, reading.reason) == (
        "delay", "in_process", date(2026, 12, 10), None)


def test_a_step_before_the_shipping_day_only_then_keeps_the_shipping_late() -> None:
    reading = _read("71002 热处理要到周四才能发")
    assert (reading.intent, reading.node) == ("delay", "shipped")


def test_stock_short_by_a_count_not_come_is_a_shortage() -> None:
    reading = _read("71003 漆包线还差300公斤没到")
    assert (reading.intent, reading.po) == ("shortage", "71003")
    reading = _read("71004 轴承还差50套没来")
    assert reading.intent == "shortage"


def test_a_count_left_with_no_word_of_coming_stays_the_count_left() -> None:
    reading = _read("71005 轴承还差50套")
    assert (reading.intent, reading.qty_left) == ("progress", 50)


def test_the_right_share_then_the_typed_wrong_one_is_a_correction() -> None:
    reading = _read("是百分之四十 刚才打成九十了")
    assert (reading.intent, reading.percent) == ("correct", 40)


def test_a_receipt_then_pieces_short_is_the_receipt_and_a_quantity_defect() -> None:
    reading = _read("71006 收货 800件 少装12件", role="warehouse")
    assert (reading.intent, reading.node, reading.qty_done) == ("progress", "received", 800)
    assert reading.also is not None and len(reading.also) == 1
    short = reading.also[0]
    assert (short.intent, short.defect_qty, short.category) == ("defect", 12, "quantity")


def test_a_buyers_change_of_quantity_is_asked_back() -> None:
    reading = _read("71007 数量改成900 原来800", role="buyer")
    assert (reading.intent, reading.po) == ("clarify", "71007")


def test_a_buyers_cancellation_is_asked_back() -> None:
    reading = _read("71008 这单取消了", role="buyer")
    assert reading.intent == "clarify"


def test_a_buyers_closing_remark_is_noted() -> None:
    assert _read("71009 这单结了 辛苦", role="buyer").intent == "noted"


def test_a_buyer_naming_an_order_alone_still_asks_its_state() -> None:
    assert _read("71010 怎么样了", role="buyer").intent == "status_query"


def test_an_exception_left_with_the_sender_is_taken_on_with_its_note() -> None:
    reading = _read("EXC-61 挂我名下 明天打电话问", role="buyer")
    assert (reading.intent, reading.exception, reading.note) == ("ack", "61", "明天打电话问")
