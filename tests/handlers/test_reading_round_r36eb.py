"""Round 36 (r36eb): stop 39's EB (Jinan and Zibo pump-valve and farm-machinery makers) and the buyer's side of DG.

Half of EB's messages come from the maker's own people: warehouse receivers logging goods in, IQC, buyers. The
families read here: a fact said before the sender's own promise to report the rest later is the fact, never a
reminder; the warehouse's 实收 counts what came, never an order; a count corrected after 说错了 is shown first;
stock not all in then how much is short (差, with or without 还) is the shortage; goods not yet unloaded are no receipt
made; a total in a clause of its own after goods went out or came in is their count; a gauge, then its count, then
how it is off is the defect counted; today's 发完 with no 了 is today's plan; a supplier named with 咋回事 and its
lateness is asked after; a staff report that points at an order it does not name is shown first."""

from __future__ import annotations

from tests.handlers.monday_reading import NOW as _NOW
from tests.handlers.monday_reading import read as _read


def test_a_shipment_before_the_promise_of_its_count_tonight_is_the_shipment() -> None:
    reading = _read("61001 上午发了三车 件数晚上报")
    assert (reading.intent, reading.po) == ("shipment", "61001")


def test_a_check_before_the_promise_to_answer_tomorrow_is_the_check() -> None:
    reading = _read("61002 出货检验过了 报告明天再回你")
    assert (reading.intent, reading.node, reading.done) == ("progress", "final_inspection", True)


def test_a_reminder_asked_stays_a_snooze_whatever_stands_before_it() -> None:
    assert _read("在开会 晚点问 明天再问吧").intent == "snooze"


def test_the_promise_to_report_alone_is_noted() -> None:
    assert _read("今天走不开 明天再报").intent == "noted"


def test_the_received_count_put_right_is_no_order() -> None:
    reading = _read("入库数记错了 实收2360", role="warehouse")
    assert (reading.intent, reading.po, reading.qty_done) == ("correct", None, 2360)


def test_the_received_count_beside_its_order_is_the_receipt() -> None:
    reading = _read("61003 实收1450", role="warehouse")
    assert (reading.intent, reading.po, reading.node, reading.qty_done) == ("progress", "61003", "received", 1450)


def test_a_report_said_wrong_then_said_again_is_shown_first() -> None:
    reading = _read("刚才写错了 终检还没做")
    assert reading.intent == "undo" and reading.confirm is True
    assert reading.also is not None and reading.also[0].node == "final_inspection"


def test_a_message_sent_wrong_then_a_fact_is_taken_back_unasked() -> None:
    reading = _read("刚才发错了 终检还没做")
    assert reading.intent == "undo" and not reading.confirm


def test_stock_not_all_in_then_how_much_short_is_a_shortage() -> None:
    assert _read("61004 钢料还没到齐 差三分之一").intent == "shortage"


def test_goods_in_not_yet_unloaded_are_no_receipt_made() -> None:
    reading = _read("61005 泵体到了 还没卸货", role="warehouse")
    assert (reading.node, reading.done) == ("received", None)


def test_a_total_in_its_own_clause_after_the_shipping_is_what_went() -> None:
    reading = _read("61006 出货检验合格 已经发了 一共2200件")
    assert reading.also is not None
    assert (reading.also[0].intent, reading.also[0].qty, reading.also[0].qty_total) == ("shipment", 2200, None)


def test_a_total_after_named_goods_came_in_is_what_came() -> None:
    reading = _read("61007 电机到了 共48台", role="warehouse")
    assert (reading.node, reading.qty_done, reading.qty_total, reading.done) == ("received", 48, None, None)


def test_a_total_after_goods_came_in_and_booked_keeps_the_receipt_made() -> None:
    reading = _read("61008 阀盖到了 共300件 已入库", role="warehouse")
    assert (reading.qty_done, reading.done) == (300, True)


def test_a_gauge_then_its_count_then_how_it_is_off_is_the_defect() -> None:
    reading = _read("61009 调质完了 硬度有4件偏高")
    assert (reading.node, reading.done) == ("in_process", True)
    assert reading.also is not None
    defect = reading.also[0]
    assert (defect.intent, defect.defect_qty, defect.description, defect.category) == ("defect", 4, "硬度偏高", "material")


def test_a_gauge_count_alone_is_the_defect() -> None:
    reading = _read("61010 外径有6件偏小")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 6, "dimension")


def test_shipping_finished_today_with_no_mark_is_todays_plan() -> None:
    reading = _read("61011 今天发完")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", _NOW.date())


def test_shipping_finished_today_with_its_mark_is_the_shipment() -> None:
    assert _read("61012 今天发完了").intent == "shipment"


def test_a_supplier_named_with_what_is_wrong_and_its_lateness_is_asked_after() -> None:
    reading = _read("鑫源铸造怎么回事 总是拖", role="buyer")
    assert (reading.intent, reading.supplier) == ("supplier_query", "鑫源铸造")


def test_a_staff_report_pointing_at_an_unnamed_order_is_shown_first() -> None:
    reading = _read("来料检 那批 还没检完", role="qc")
    assert reading.intent == "clarify" or reading.confirm is True


def test_a_buyer_saying_he_will_look_at_an_exception_takes_it_on() -> None:
    reading = _read("EXC-88 我先看看", role="buyer")
    assert (reading.intent, reading.exception) == ("ack", "88")


def test_a_list_of_the_delayed_orders_asked_for_is_the_overdue_query() -> None:
    assert _read("延期的单子都给我列一下", role="manager").intent == "overdue_query"


def test_fa_typed_for_shipping_after_a_day_is_the_shipment() -> None:
    reading = _read("61013 昨天法了 800件")
    assert (reading.intent, reading.qty) == ("shipment", 800)


def test_no_way_stays_no_way() -> None:
    assert _read("61014 今天没法发 明天再发").intent != "shipment"


def test_dao_typed_for_arrival_straight_after_the_order_is_the_receipt() -> None:
    reading = _read("61015 道了", role="warehouse")
    assert (reading.intent, reading.node) == ("progress", "received")


def test_stock_arriving_today_with_no_mark_that_it_came_is_todays_plan() -> None:
    reading = _read("61016 钢坯今天到")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "material_ready", _NOW.date())


def test_goods_reaching_the_buyer_today_are_todays_plan_of_the_receipt() -> None:
    reading = _read("61017 今天下午到你们那")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "received", _NOW.date())


def test_stock_just_come_today_is_come() -> None:
    reading = _read("61018 钢坯今天刚到")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)
