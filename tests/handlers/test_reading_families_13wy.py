"""The families reader13wy fixed, the silent misrecords of blind corpora W and Y: a cause kept in the words it
was said in (a shortage's stock, another works' late delivery), a warehouse's and a QC's pinyin slips (收获, 朝差),
stock named by its own name that is short, a count made with the general verb that names no node, a buyer
counting the orders still open, and a second order still at the first article. Each family in words of its own
(never a corpus's phrase), so a fix of the family shows here and not a fix of a phrase.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


# --- a cause in the words it was said in ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "stock"), [
    ("3301 缺料了 黄铜棒还没到", "黄铜棒"),
    ("3302 又缺料 钢管还没来", "钢管"),
])
def test_a_shortage_keeps_the_stock_it_names_in_its_reason(text: str, stock: str) -> None:
    reading = read_message(text, now=_NOW)
    assert reading.intent == "shortage"
    assert reading.reason is not None and stock in reading.reason


@pytest.mark.parametrize("text", ["3303 钢棒不够了", "3304 圆钢不足"])
def test_stock_named_by_its_own_name_that_is_short_is_a_shortage(text: str) -> None:
    reading = read_message(text, now=_NOW)
    assert reading.intent == "shortage"
    assert reading.node is None


@pytest.mark.parametrize(("text", "cause"), [
    ("3305 供应商发货慢 要晚三天", "供应商发货慢"),
    ("3306 推到12月9号 铸造厂交货晚了", "铸造厂交货晚了"),
])
def test_another_works_late_delivery_is_the_reason_not_our_shipping(text: str, cause: str) -> None:
    reading = read_message(text, now=_NOW)
    assert reading.intent == "delay"
    assert reading.node is None, "their delivery is the cause; the message names none of our nodes"
    assert reading.reason is not None and cause in reading.reason


def test_our_own_delivery_late_is_still_shipping() -> None:
    assert read_message("3307 交货推迟两天", now=_NOW).node == "shipped"


# --- pinyin slips of the warehouse and QC -----------------------------------------------------------------------

def test_a_receipt_typed_as_harvest_is_the_receipt() -> None:
    reading = read_message("3308 今天收获120件", role="warehouse", now=_NOW)
    assert (reading.intent, reading.node, reading.qty_done) == ("progress", "received", 120)


def test_out_of_tolerance_typed_by_sound_is_a_dimension_defect() -> None:
    reading = read_message("3309 外径朝差 15个", role="qc", now=_NOW)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 15, "dimension")


# --- a count made with the general verb names no node -----------------------------------------------------------

@pytest.mark.parametrize(("text", "qty"), [
    ("3310 加工好了450个", 450),
    ("3311 注塑件今天做了800只", 800),
])
def test_a_count_made_with_the_general_verb_names_no_node(text: str, qty: int) -> None:
    reading = read_message(text, now=_NOW)
    assert (reading.intent, reading.qty_done) == ("progress", qty)
    assert reading.node is None and reading.done is None


def test_a_named_step_with_its_count_keeps_its_node() -> None:
    assert read_message("3312 冲压好了300个", now=_NOW).node == "in_process"


# --- a buyer counting the orders still open ---------------------------------------------------------------------

@pytest.mark.parametrize("text", ["哪几个订单还没交货", "还有多少单没发"])
def test_a_buyer_asking_which_orders_are_not_in_asks_for_the_orders(text: str) -> None:
    assert read_message(text, role="buyer", now=_NOW).intent == "orders_query"


# --- a second order still at the first article ------------------------------------------------------------------

def test_a_second_order_still_at_it_beside_a_first_article_is_that_first_article() -> None:
    reading = read_message("3313首件OK了 3314的还在做", now=_NOW)
    assert (reading.node, reading.done) == ("first_process", True)
    assert reading.also is not None and len(reading.also) == 1
    assert (reading.also[0].po, reading.also[0].node, reading.also[0].done) == ("3314", "first_process", False)


def test_a_second_order_still_at_it_beside_a_check_is_the_making() -> None:
    reading = read_message("3315 终检完了 3316还在做", now=_NOW)
    assert reading.also is not None and reading.also[0].node == "in_process"
