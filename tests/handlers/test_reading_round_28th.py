"""Round 28 (r28th): Thai-English and Thai typed in Latin letters (handlers/reading_thai_latin.py).

Thai coordinators on the Eastern Seaboard type Thai words in Latin letters among simple English (`sed laew`,
`prungnee song khong`, `watthudip yang mai ma`): each is read as the English word it means, and only in a message that
holds a word only romanised Thai writes. Thai English says no tense: a base verb with its object and `already` is the
thing done (`send goods already`), an unknown step with its base `finish` is a step (`riveting finish already`), a count
straight after `finish` is what is made so far, and a warehouse's `receive` with a count is a receipt.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_thai_latin import in_english, is_romanised_thai

_TZ = ZoneInfo("Asia/Bangkok")
_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=_TZ)  # a Monday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


def test_a_step_said_finished_in_thai_is_the_step_done() -> None:
    reading = _read("20511 flaring sed laew na")
    assert (reading.intent, reading.po, reading.node, reading.done) == ("progress", "20511", "in_process", True)


def test_raw_material_not_yet_come_is_not_ready() -> None:
    reading = _read("20512 watthudip yang mai ma ka")
    assert (reading.node, reading.done) == ("material_ready", False)


def test_thai_days_date_the_shipping() -> None:
    planned = _read("20518 maruenee ship na krub")
    assert (planned.intent, planned.node, planned.new_date) == ("plan", "shipped", datetime(2026, 12, 9).date())
    sent = _read("20515 mueawan song laew 1,200 pcs krub")
    assert (sent.intent, sent.qty, sent.happened_on) == ("shipment", 1200, datetime(2026, 12, 6).date())


def test_a_step_under_way_in_thai_keeps_its_share() -> None:
    reading = _read("20516 fin stamping kamlang tham 40% ka")
    assert (reading.node, reading.percent) == ("in_process", 40)


def test_all_the_goods_sent_in_thai_is_the_whole_order_shipped() -> None:
    reading = _read("20517 wan nee song khong mod laew")
    assert (reading.intent, reading.all) == ("shipment", True)


def test_a_first_article_that_did_not_pass_is_not_done() -> None:
    reading = _read("20519 FA mai phan ka, wait new tool")
    assert (reading.node, reading.done) == ("first_process", False)


@pytest.mark.parametrize("text", [
    "7001 送货 song le 300",  # pinyin: 送 is song
    "mai le 200 ge",  # pinyin: 买
    "8812 set up done, yang ok",  # English and pinyin words Thai shares
    "13211 sdh kirim besok",  # Indonesian
])
def test_words_thai_shares_with_pinyin_english_or_indonesian_do_not_open_the_register(text: str) -> None:
    assert not is_romanised_thai(text)
    assert in_english(text) == text


def test_a_description_is_kept_in_the_senders_thai_words() -> None:
    reading = _read("20527 mai phan QC 6 pcs krub, burr", role="qc")
    assert (reading.intent, reading.defect_qty) == ("defect", 6)
    assert reading.description is not None and reading.description.startswith("mai phan QC")  # not `not pass QC`


def test_an_unknown_step_finished_by_its_base_verb_is_a_step() -> None:
    reading = _read("20521 riveting finish already ka")
    assert (reading.node, reading.done) == ("in_process", True)


def test_a_count_straight_after_finish_is_made_so_far_not_the_step_done() -> None:
    so_far = _read("20520 riveting finish 900 pcs")
    assert (so_far.node, so_far.qty_done, so_far.done) == ("in_process", 900, None)
    whole = _read("20528 riveting finish already, 900 pcs")
    assert (whole.node, whole.qty_done, whole.done) == ("in_process", 900, True)


def test_goods_sent_with_their_object_and_already_are_shipped() -> None:
    reading = _read("20522 send goods 700 pcs already krub")
    assert (reading.intent, reading.qty) == ("shipment", 700)


def test_a_warehouse_receiving_a_count_by_the_base_verb_is_a_receipt() -> None:
    reading = _read("20523 receive 6 pallet ka", role="warehouse")
    assert (reading.node, reading.packages) == ("received", 6)


def test_days_ago_and_last_weekday_date_a_thing_done() -> None:
    shipped = _read("20530 ship already 4 day ago 600 pcs")
    assert (shipped.intent, shipped.happened_on) == ("shipment", datetime(2026, 12, 3).date())
    came = _read("20531 material come last Thursday krub")
    assert (came.intent, came.node, came.done, came.happened_on) == (
        "progress", "material_ready", True, datetime(2026, 12, 3).date())


def test_next_week_before_its_weekday_is_that_weekday_of_next_week() -> None:
    reading = _read("20532 ship next week Wednesday na")
    assert (reading.intent, reading.new_date) == ("plan", datetime(2026, 12, 16).date())


def test_no_before_a_lots_code_is_its_number_not_a_negation() -> None:
    reading = _read("20533 lot no. 2612-B final QC pass ka")
    assert (reading.node, reading.done, reading.lot) == ("final_inspection", True, "2612-B")


def test_a_lots_letters_are_no_indonesian_word() -> None:
    reading = _read("20534 lot TP-2207 dent 5 pcs", role="qc")
    assert (reading.intent, reading.lot, reading.defect_qty) == ("defect", "TP-2207", 5)


def test_ng_at_the_end_of_a_steps_name_is_no_defect_count() -> None:
    reading = _read("20535 U bend brazing 60% ka")
    assert reading.defect_qty is None
    assert reading.intent != "defect" or reading.confirm is True


def test_stock_in_is_the_receipt_booked_not_stock_arriving() -> None:
    reading = _read("20536 receive 800 pcs, stock in already", role="warehouse")
    assert (reading.node, reading.done, reading.qty_done, reading.also) == ("received", True, 800, None)


def test_a_count_checked_right_books_the_receipt() -> None:
    reading = _read("20537 receive already 900 pcs, count OK", role="warehouse")
    assert (reading.node, reading.done, reading.qty_done) == ("received", True, 900)


def test_goods_in_but_not_yet_counted_write_no_done() -> None:
    reading = _read("20538 receive 9 pallet, not count yet", role="warehouse")
    assert (reading.node, reading.packages, reading.done) == ("received", 9, None)


def test_what_remains_is_the_count_left() -> None:
    reading = _read("20539 bending finish 700 pcs, remain 300")
    assert (reading.qty_done, reading.qty_left) == (700, 300)


@pytest.mark.parametrize("text", ["20540 receive 700 pcs krub", "20541 goods arrive 600 pcs"])
def test_a_warehouses_count_received_by_a_base_verb_is_not_asked(text: str) -> None:
    reading = _read(text, role="warehouse")
    assert (reading.node, reading.confirm) == ("received", None)


def test_a_polite_particle_mid_sentence_hides_no_order_and_asks_nothing() -> None:
    greeted = _read("Sawasdee ka, good morning krub 20542 brazing start already")
    assert (greeted.po, greeted.node, greeted.done) == ("20542", "in_process", False)
    shipped = _read("20543 ship already krub 650 pcs")
    assert (shipped.intent, shipped.qty, shipped.confirm) == ("shipment", 650, None)


def test_an_elder_colleague_addressed_with_p_is_no_fact() -> None:
    reading = _read("20544 final QC pass ka P'Noi")
    assert (reading.node, reading.done, reading.confirm) == ("final_inspection", True, None)


@pytest.mark.parametrize(("text", "category"), [
    ("20545 deform 6 pcs", "dimension"), ("20546 spring back 9 pcs", "dimension"), ("20547 bubble 3 pcs", "appearance"),
])
def test_the_english_of_common_faults_names_their_category(text: str, category: str) -> None:
    reading = _read(text, role="qc")
    assert (reading.intent, reading.category) == ("defect", category)


@pytest.mark.parametrize(("text", "field", "value"), [
    ("order wrong na, is 20548", "po", "20548"),  # a bare `is` before the right value, as 是
    ("wrong lot ka, lot is KP2612-07", "lot", "KP2612-07"),
    ("not batch 1 krub, batch 2", "lot_seq", 2),  # the wrong one first, as 不是第一批 是第二批
    ("qty wrong, send 720 pcs", "qty", 720),  # the report said again with its figure
    ("percent wrong na, 65%", "percent", 65),
    ("20549 not 20594 krub", "po", "20549"),
])
def test_english_corrections_in_thai_englishs_order(text: str, field: str, value: object) -> None:
    reading = _read(text)
    assert (reading.intent, getattr(reading, field)) == ("correct", value)


def test_a_date_said_again_after_a_wrong_one_is_no_count() -> None:
    reading = _read("wrong date ka, send 18/12")
    assert (reading.intent, reading.qty, reading.new_date) == ("correct", None, datetime(2026, 12, 18).date())


def test_a_wait_for_material_beside_a_shortage_is_the_shortages_own() -> None:
    reading = _read("20550 copper pipe not enough ka, wait material")
    assert (reading.intent, reading.also) == ("shortage", None)


def test_a_wait_for_the_next_step_leaves_the_step_done() -> None:
    reading = _read("20551 stamping sed laew, wait plating krub")
    assert (reading.node, reading.done) == ("in_process", True)


def test_so_many_from_the_whole_is_the_count_done_of_it() -> None:
    reading = _read("20552 finish 700 from 1,200 pcs ka")
    assert (reading.qty_done, reading.qty_total) == (700, 1200)


def test_the_last_message_named_before_its_taking_back_is_taken_back() -> None:
    reading = _read("last message cancel ka, FA not pass yet")
    assert reading.intent == "undo"
    assert reading.also is not None and (reading.also[0].node, reading.also[0].done) == ("first_process", False)


def test_a_check_the_rest_passed_in_a_defects_words_is_shown_first() -> None:
    reading = _read("20553 NG 6 pcs dent, other pass final QC already ka", role="qc")
    assert (reading.intent, reading.defect_qty, reading.confirm) == ("defect", 6, True)
