"""Round 32 (r32cw): the silent misrecords of stop 36's CU (Nantong and Haimen speakers), CV (Changzhou owners'
voice dictation) and CW (US engineers' business English), by mechanism.

A voice line runs its facts together with 然后 ("and then"), an engineer with "passed and shipped": the fact said done
is kept, the next is its own. A count glued to a verb's one character is a bare count of the order whatever stands
before the verb (a part, a day). A share of the stock come in, with the rest still to come, is no share of the order's
work. The bare verbs of work not yet done (还没弄, Wu's 不曾做) say the step has not begun. A works booked up to a day
(排到礼拜三) is why a delay comes, its day part of the reason. English: days ago in words, scrapping, a gauge failed,
`scratch that` taking a report back, a corrected figure before its verb."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday


def _read(text: str) -> Reading:
    return read_message(text, role="supplier", now=_NOW)


def _facts(reading: Reading) -> list[tuple[str, str | None, bool | None, date | None]]:
    return [(item.intent, item.node, item.done, item.new_date) for item in (reading, *(reading.also or ()))]


def test_a_check_passed_then_a_plan_said_with_ranhou_is_two_facts() -> None:
    reading = _read("30101终检做好了然后礼拜五发货")
    assert _facts(reading) == [("progress", "final_inspection", True, None),
                               ("plan", "shipped", None, date(2026, 11, 20))]


def test_an_english_verdict_then_the_goods_going_is_two_facts() -> None:
    reading = _read("30102 final inspection passed and shipped 2400 pcs")
    assert [item.intent for item in (reading, *(reading.also or ()))] == ["progress", "shipment"]
    assert (reading.node, reading.done) == ("final_inspection", True)
    assert reading.also is not None and reading.also[0].qty == 2400


@pytest.mark.parametrize(("text", "count"), [("30103 法兰车好了五百个", 500), ("30104昨天磨好了320件", 320)])
def test_a_count_glued_to_a_verbs_one_character_is_a_bare_count(text: str, count: int) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.qty_done) == ("progress", None, count)


def test_a_count_set_apart_after_a_part_and_its_verb_stays_the_steps() -> None:
    reading = _read("30105 法兰焊好了 500个")
    assert (reading.node, reading.done, reading.qty_done) == ("in_process", True, 500)


def test_half_the_stock_come_with_the_rest_to_come_is_no_share_of_the_work() -> None:
    reading = _read("30106 铝棒到了一半 另一半礼拜五到")
    assert (reading.node, reading.done, reading.percent, reading.confirm) == ("material_ready", False, None, True)


def test_half_the_stock_beside_a_shortage_is_that_shortage() -> None:
    reading = _read("30107 material shortage, we only received half the steel")
    assert (reading.intent, reading.also) == ("shortage", None)


@pytest.mark.parametrize("text", ["30108 包装还没弄", "30109 终检不曾做"])
def test_the_bare_verbs_of_work_not_yet_done_say_the_step_has_not_begun(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.done, reading.begun) == ("progress", False, False)


def test_a_works_booked_up_to_a_day_is_the_reason_with_its_day() -> None:
    reading = _read("30110 氧化厂排到下礼拜一 交货要往后推三天")
    assert (reading.intent, reading.delay_days, reading.new_date) == ("delay", 3, None)
    assert reading.reason is not None and "排到下礼拜一" in reading.reason


def test_a_day_not_booked_is_the_delays_own() -> None:
    reading = _read("30111 延期 氧化厂没排到 下礼拜一")
    assert reading.new_date == date(2026, 11, 23)


def test_days_ago_in_words_date_what_happened() -> None:
    assert _read("30112 first article approved four days ago").happened_on == date(2026, 11, 14)
    assert _read("30112 material arrived a few days ago").happened_on is None


def test_scrapping_and_a_failed_gauge_are_the_defects_words() -> None:
    scrapped = _read("30113 9 pcs with flow marks, scrapping all")
    assert (scrapped.intent, scrapped.defect_qty, scrapped.scrap) == ("defect", 9, True)
    gauged = _read("30114 go gauge failed on 6 pcs")
    assert (gauged.intent, gauged.defect_qty, gauged.category) == ("defect", 6, "dimension")


def test_scratch_that_takes_a_report_back_and_names_no_scratch() -> None:
    reading = _read("scratch that, shipped 640 not 460")
    assert (reading.intent, reading.qty, reading.defect_qty) == ("correct", 640, None)


def test_a_corrected_figure_before_its_verb_with_thousands_commas() -> None:
    reading = _read("correction: 2,400 done, not 24,000")
    assert (reading.intent, reading.qty_done, reading.po) == ("correct", 2400, None)


def test_wu_words_of_the_work_under_way_and_come_back() -> None:
    under_way = _read("30115 折弯辣海弄")
    assert (under_way.node, under_way.done) == ("in_process", False)
    back = _read("30116 电镀件家来了")
    assert (back.node, back.done) == ("in_process", True)
