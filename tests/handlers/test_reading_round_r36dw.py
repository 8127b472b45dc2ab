"""Round 36 (r36dw): stop 39's DW (a Shenzhen drone and robot-vacuum maker's Pearl River Delta subcontractors).

Solder bridged or starved and a crimp that does not hold are what the part does (function), as 虚焊 is. A lot code said
of goods worked on is their lot, as their heat number is. A first article sent to the buyer's IQC awaits its verdict. A
step that is also a look (氧化, 发黑) put to a day to come is the work planned. A count then its share made with 好 and no
了 between is the whole. 双十一 is a day, never pairs. A board's line tests (功能测试, FCT, ICT) are steps of the making.
A batch sent, then the next batch and a day with no verb, plans the shipping of it. 早 alone is a greeting."""

from __future__ import annotations

from datetime import date

from tests.handlers.monday_reading import read as _read


def test_a_solder_bridge_is_a_function_defect() -> None:
    reading = _read("61001 主板连锡 12pcs")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 12, "function")


def test_too_little_solder_is_a_function_defect() -> None:
    reading = _read("61002 少锡 6个")
    assert (reading.intent, reading.category) == ("defect", "function")


def test_a_bad_crimp_is_a_function_defect() -> None:
    reading = _read("61003 线束压接不良 4条")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 4, "function")


def test_a_lot_code_of_goods_worked_on_is_their_lot() -> None:
    reading = _read("61004 批号KM1203 电镀件回来了")
    assert (reading.node, reading.done, reading.lot, reading.confirm) == ("in_process", True, "KM1203", None)


def test_a_first_articles_code_beside_its_report_is_no_lot() -> None:
    reading = _read("61005 首件检验合格 报告FAI-61005-02")
    assert (reading.node, reading.lot) == ("first_process", None)


def test_a_first_article_sent_to_the_buyers_iqc_awaits_its_verdict() -> None:
    reading = _read("61006 首件打好了 已经送你们IQC了")
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", "first_process", False, True)


def test_goods_sent_to_iqc_with_no_first_article_are_not_read_as_one() -> None:
    assert _read("61007 送你们IQC了").node != "first_process"


def test_anodising_put_to_tomorrow_is_the_step_planned() -> None:
    reading = _read("61008 CNC做完了 明天氧化")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)
    assert reading.also is not None
    assert (reading.also[0].intent, reading.also[0].node, reading.also[0].new_date) == ("plan", "in_process", date(2026, 12, 8))


def test_blackening_on_a_weekday_is_the_step_planned() -> None:
    reading = _read("61009 周三发黑")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "in_process", date(2026, 12, 9))


def test_oxidised_parts_counted_are_still_a_defect() -> None:
    assert _read("61010 表面氧化 5件").intent == "defect"


def test_a_count_then_half_made_with_hao_is_the_whole() -> None:
    reading = _read("61011 2.4万个 做好一半了")
    assert (reading.qty_total, reading.qty_done, reading.percent, reading.confirm) == (24000, None, 50, True)


def test_a_count_then_half_made_with_le_between_is_the_whole_unasked() -> None:
    reading = _read("61018 两千套 装好了一半")
    assert (reading.qty_total, reading.percent, reading.confirm) == (2000, 50, None)


def test_singles_day_is_no_count_of_pairs() -> None:
    reading = _read("61012 双十一前能发吗")
    assert (reading.intent, reading.po) == ("status_query", "61012")


def test_pairs_are_still_counted() -> None:
    reading = _read("61013 发了 600双")
    assert (reading.intent, reading.qty) == ("shipment", 600)


def test_a_functional_test_done_is_the_making() -> None:
    reading = _read("61014 PCBA功能测试做完了")
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", "in_process", True, None)


def test_a_step_done_then_waiting_for_ict_keeps_the_step_done() -> None:
    reading = _read("61015 reflow done, waiting ICT")
    assert (reading.node, reading.done) == ("in_process", True)


def test_carbon_fibre_stock_come_in_is_not_asked() -> None:
    reading = _read("61016 CF-TUBE-22碳纤维管到了")
    assert (reading.node, reading.done, reading.confirm) == ("material_ready", True, None)


def test_the_next_batch_and_a_day_plans_its_shipping() -> None:
    reading = _read("61017 第一批800套发了 第二批周五")
    assert (reading.intent, reading.qty, reading.lot_seq, reading.confirm) == ("shipment", 800, 1, True)
    assert reading.also is not None
    assert (reading.also[0].intent, reading.also[0].node, reading.also[0].new_date) == ("plan", "shipped", date(2026, 12, 11))


def test_good_morning_alone_is_no_report() -> None:
    assert _read("早").intent == "unknown"
