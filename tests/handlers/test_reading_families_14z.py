"""The general mechanisms reader14z added for blind corpus Z (and what W, X and Y still missed), each in words of
its own (never a corpus's phrase): 在 before any word of the processing node, a works named by its step as a
delay's cause, the sender's role bounding what he reports, a question pointing at an order it does not name, a lot
named alone, taking back the last message in plain words, and 搞 as the verb of any work.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


# --- 在 before any step: under way, with its percent -------------------------------------------------------------

@pytest.mark.parametrize("text", ["4401 在数控，进度40%", "4402 在机加 完成六成", "4403 在电镀 做了一半"])
def test_a_step_under_way_keeps_done_false_beside_its_share(text: str) -> None:
    reading = read_message(text, now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)
    assert reading.percent is not None and reading.percent < 100


def test_a_share_with_no_word_of_under_way_names_no_state() -> None:
    assert read_message("4404 加工完成60%", now=_NOW).done is None  # the house convention: a bare share


# --- a works named by its step is the cause of a delay ----------------------------------------------------------

@pytest.mark.parametrize(("text", "works"), [("4405 氧化厂排不进 推到下周二", "氧化厂"),
                                             ("4406 喷涂厂来不及 要晚四天", "喷涂厂")])
def test_a_works_named_by_its_step_is_the_cause_not_the_late_node(text: str, works: str) -> None:
    reading = read_message(text, now=_NOW)
    assert reading.intent == "delay"
    assert reading.node is None
    assert reading.reason is not None and reading.reason.startswith(works), "the cause as it was said"


def test_our_own_step_late_keeps_its_node() -> None:
    assert read_message("4407 电镀那边排不上 要推两天", now=_NOW).node == "in_process"


def test_a_trailing_hedge_is_no_part_of_the_reason() -> None:
    assert read_message("4408 设备坏了 估计要晚两天", now=_NOW).reason == "设备坏了"


def test_the_making_verb_of_any_work_names_no_node_where_doing_does() -> None:
    assert read_message("4409 礼拜五肯定搞不完 要到下礼拜三", now=_NOW).node is None
    assert read_message("4410 礼拜五肯定做不完 要到下礼拜三", now=_NOW).node == "in_process"


# --- the sender's role bounds what he reports --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["4411 到了600件 还没清点", "4412 入库了350个", "4413 已进仓"])
def test_a_warehouse_count_or_done_with_no_node_is_the_receipt(text: str) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)
    assert (reading.intent, reading.node) == ("progress", "received")


def test_a_warehouse_saying_parts_were_made_is_shown_first_not_a_receipt() -> None:
    reading = read_message("4414 做了600件", role="warehouse", now=_NOW)
    assert reading.node != "received" and reading.confirm is True


@pytest.mark.parametrize("role", ["buyer", "manager"])
def test_a_buyer_naming_a_step_of_an_order_asks_its_state(role: str) -> None:
    reading = read_message("4415 在焊接", role=role, now=_NOW)
    assert (reading.intent, reading.po) == ("status_query", "4415")


def test_a_buyer_relaying_a_shipment_is_shown_first() -> None:
    assert read_message("4416 发了300件", role="buyer", now=_NOW).confirm is True


def test_a_buyer_receipt_is_still_his_own_record() -> None:
    reading = read_message("4417 收货300件", role="buyer", now=_NOW)
    assert (reading.intent, reading.node, reading.qty_done, reading.confirm) == ("progress", "received", 300, None)


@pytest.mark.parametrize("text", ["还在做的单子都列出来", "没交货的订单给我看看", "在生产的订单有哪些"])
def test_a_buyer_asking_for_orders_in_any_words_asks_for_the_orders(text: str) -> None:
    assert read_message(text, role="buyer", now=_NOW).intent == "orders_query"


# --- a reference with nothing said of it is asked back ------------------------------------------------------------

@pytest.mark.parametrize("text", ["这个单子咋样了", "那张呢?"])
def test_a_question_pointing_at_an_order_it_does_not_name_is_asked_back(text: str) -> None:
    assert read_message(text, role="buyer", now=_NOW).intent == "clarify"


def test_a_question_of_this_months_orders_is_no_pointing() -> None:
    assert read_message("这个月的单子有哪些", role="buyer", now=_NOW).intent != "clarify"


@pytest.mark.parametrize("text", ["批号K-3302", "第三批"])
def test_a_lot_named_alone_is_asked_back(text: str) -> None:
    assert read_message(text, now=_NOW).intent == "clarify"


# --- taking back the last message in plain words -------------------------------------------------------------------

@pytest.mark.parametrize("text", ["刚报的那条不算数", "搞错了 撤回", "上条删了吧"])
def test_taking_back_the_last_message_in_plain_words_is_undo(text: str) -> None:
    assert read_message(text, now=_NOW).intent == "undo"


@pytest.mark.parametrize("text", ["不算", "4418 取消"])
def test_a_verb_of_taking_back_alone_is_no_undo(text: str) -> None:
    assert read_message(text, now=_NOW).intent != "undo"


def test_an_order_said_right_beside_a_word_of_mistyping_corrects_the_order() -> None:
    reading = read_message("4419才对 刚才写成4491了", now=_NOW)
    assert (reading.intent, reading.po, reading.qty_done) == ("correct", "4419", None)


# --- later in the round: a verb folded, the supplier's own works, arrival in English, spans of time, an order's size --

def test_the_verb_of_doing_before_done_reads_as_doing() -> None:
    reading = read_message("4420 估计大后天能全部干好", now=_NOW)
    assert (reading.intent, reading.node) == ("plan", "in_process")


def test_paint_that_dried_is_no_making_done() -> None:
    reading = read_message("4421 油漆干了", now=_NOW)
    assert not (reading.node == "in_process" and reading.done is True), "干了 alone is left as it is"


def test_a_drying_step_done_stays_the_step() -> None:
    reading = read_message("4428 烘干完了", now=_NOW)  # 干 of dry, not the verb of doing
    assert (reading.node, reading.done) == ("in_process", True)


@pytest.mark.parametrize("text", ["4422 轴承今天进厂了", "4423 外购的齿轮到厂了"])
def test_what_comes_into_the_suppliers_own_works_is_his_material(text: str) -> None:
    reading = read_message(text, now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


def test_what_comes_into_the_buyers_works_is_no_material_of_the_supplier() -> None:
    assert read_message("4424 齿轮到你们厂了", now=_NOW).node != "material_ready"


def test_arrival_said_in_plain_english_is_done() -> None:
    reading = read_message("4425 the castings are here", now=_NOW)
    assert (reading.node, reading.done) == ("material_ready", True)


@pytest.mark.parametrize("text", ["顺达机械上半年准时率多少", "顺达机械本季度表现咋样"])
def test_a_span_of_time_is_no_part_of_a_suppliers_name(text: str) -> None:
    reading = read_message(text, role="manager", now=_NOW)
    assert (reading.intent, reading.supplier) == ("supplier_query", "顺达机械")


@pytest.mark.parametrize(("text", "total"), [("4426 6000的单子 做了4500", 6000), ("4427 两千的量 做好了一千五", 2000)])
def test_a_number_before_the_word_of_an_order_after_the_order_is_its_size(text: str, total: int) -> None:
    reading = read_message(text, now=_NOW)
    assert (reading.intent, reading.qty_total, reading.also) == ("progress", total, None)


@pytest.mark.parametrize(("text", "percent"), [("刚才报的六成 应该是七成", 70), ("上一条写的一半 改成四分之三", 75)])
def test_a_share_corrected_in_any_form_of_share_is_the_share(text: str, percent: int) -> None:
    reading = read_message(text, now=_NOW)
    assert (reading.intent, reading.percent) == ("correct", percent)
