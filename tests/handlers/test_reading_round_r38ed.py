"""Round 38 (r38ed): ED (Hefei and Chuzhou appliance makers, half of it the maker's own buyers, warehouse and IQC).

Families read here: 冲呀 glued to a word of the work is 冲压 typed, a cheer only when it stands apart; a step's name
before a thing's name arriving on a day to come is stock; the day's arrival plan asked for and the trucks due this
afternoon are today's query; goods come in short by no count are not booked in, asked; the order's total then the
part shipped is the shipping; a dashed lot code before 批 is the code; stock not come and the day its maker promises
is that arrival planned; a buyer asking for an order's papers queries it; a receipt's count then damaged cartons
counted is two facts; trucks come in are the receipt with no count."""

from __future__ import annotations

from datetime import date

from tests.handlers.monday_reading import read as _read


def test_a_cheer_glued_to_the_work_is_the_press_typed_by_its_sound() -> None:
    reading = _read("72001 冲呀好了 3000个")
    assert (reading.intent, reading.node) == ("progress", "in_process")
    reading = _read("72002 冲呀完成70%")
    assert (reading.node, reading.percent) == ("in_process", 70)


def test_a_cheer_apart_from_the_fact_stays_a_cheer() -> None:
    reading = _read("72003 焊接完成60% 冲呀")
    assert (reading.intent, reading.node, reading.percent) == ("progress", "in_process", 60)


def test_a_steps_name_before_a_things_name_arriving_tomorrow_is_stock() -> None:
    reading = _read("72004 镀锌管后天到厂")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "material_ready", date(2026, 12, 9))


def test_the_days_arrival_plan_asked_for_is_todays_query() -> None:
    assert _read("今天收货安排发我看看", role="warehouse").intent == "today_query"
    assert _read("上午有几车货要到", role="warehouse").intent == "today_query"


def test_goods_come_in_short_by_no_count_are_not_booked_in_and_asked() -> None:
    reading = _read("72005 货到了 数量对不上", role="warehouse")
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", "received", None, True)


def test_goods_come_in_short_by_a_count_stay_the_receipt_and_its_defect() -> None:
    reading = _read("72006 到了 少了30个", role="warehouse")
    assert (reading.node, reading.also[0].defect_qty if reading.also else None) == ("received", 30)


def test_the_orders_total_then_the_part_shipped_is_that_shipping() -> None:
    for said in ("72007 总共3600件 先发了2000", "72007 总共3600件 今天先发了2000"):
        reading = _read(said)
        assert (reading.intent, reading.qty, reading.qty_total) == ("shipment", 2000, None)
        assert reading.all is not True  # part of it: not all gone


def test_a_dashed_lot_code_before_its_batch_word_is_the_code_not_an_ordinal() -> None:
    reading = _read("72008 C-1203-3批 压伤 4件", role="qc")
    assert (reading.intent, reading.lot, reading.lot_seq, reading.description) == ("defect", "C-1203-3", None, "压伤")


def test_a_batch_ordinal_alone_is_still_the_ordinal() -> None:
    assert _read("72009 3批 压伤 4件", role="qc").lot_seq == 3


def test_stock_not_come_and_its_makers_promised_day_is_that_arrival_planned() -> None:
    reading = _read("72010 铝板还没到 厂家说后天到")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "material_ready", date(2026, 12, 9))


def test_stock_not_come_and_the_makers_other_words_stay_the_stock_not_come() -> None:
    reading = _read("72011 铝板还没到 厂家说在排产")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", False)


def test_a_wait_for_stock_after_a_comma_is_the_shortage() -> None:
    assert _read("72012 门封条还差一些，等料").intent == "shortage"


def test_a_buyer_asking_for_an_orders_papers_queries_the_order() -> None:
    reading = _read("72013 快递单号给我一下", role="buyer")
    assert (reading.intent, reading.po) == ("status_query", "72013")
    assert _read("72014 出货报告发我看看", role="buyer").intent == "status_query"


def test_a_receipts_count_then_damaged_cartons_counted_is_two_facts() -> None:
    reading = _read("72015 到货800件 纸箱破了3个", role="warehouse")
    assert (reading.intent, reading.node, reading.qty_done) == ("progress", "received", 800)
    assert reading.also is not None
    assert (reading.also[0].intent, reading.also[0].defect_qty, reading.also[0].category) == ("defect", 3, "packaging")


def test_trucks_come_in_are_the_receipt_with_no_count() -> None:
    reading = _read("72016 上午到了3车", role="warehouse")
    assert (reading.intent, reading.node, reading.qty_done, reading.done) == ("progress", "received", None, None)
