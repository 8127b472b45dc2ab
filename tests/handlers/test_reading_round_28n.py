"""Round 28 (r28n): mechanisms behind the silent misrecords of blind BZ (Dongbei), CB (Gan) and CD (Nanjing castings).

A first article failed with no fault named is the first article not passed, made again; a step under way after 在 is
read before a comma and its share, and a wrapping step (在漆包) is no packing; a first article glued to its 送检中 is
still the first article in inspection; a four-digit count is no second order for 都发了; a remedy still to do on the
pieces found (要补焊, 留下来修) is rework; work loaded onto its machine (上机, 上立车) is begun, not done; 日子 is a date
word of a correction; a step that cannot be done, then its verb again on a later day, is a delay to that day; a step
after 没法 is the delay's reason; the report after an undo may be a delay or a defect; 崩边 is an appearance fault; a
word typed by its sound is quoted as typed; a step 妥了 or 弄利索了 is done. Every phrase here is new, not an exam's.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 8, 10, 0, tzinfo=_TZ)  # a Tuesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", ["6101 首件不合格", "6102 首件不合格 重新调机了", "6103 首件不合格 在调"])
def test_a_first_article_failed_with_no_fault_named_is_the_first_article_not_passed(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", False)
    assert not reading.confirm


@pytest.mark.parametrize("text", ["6104 首件不合格 孔距大了", "6105 首件不合格 2件"])
def test_a_first_article_failed_with_its_fault_or_a_count_stays_the_defect(text: str) -> None:
    assert _read(text).intent == "defect"


def test_a_first_article_failed_only_as_a_condition_is_no_verdict() -> None:
    reading = _read("6106 首件不合格的话 再做一个")
    assert not (reading.intent == "progress" and reading.done is False and not reading.confirm)


@pytest.mark.parametrize("text", ["6110 在精刨，进度45%", "6111 在包塑 完成30%"])
def test_a_step_under_way_after_zai_is_read_before_a_comma_and_when_it_wraps(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done, reading.percent) == ("in_process", False, float(text[-3:-1]))


def test_packing_under_way_stays_no_node() -> None:
    assert _read("6112 在打包，完成40%").node is None


def test_a_first_article_glued_to_its_inspection_is_still_the_first_article_awaiting_its_verdict() -> None:
    reading = _read("6120首件打好了送检中，钢材也到了")
    assert (reading.node, reading.done) == ("first_process", False)
    assert reading.also is not None and reading.also[0].node == "material_ready"


def test_a_count_of_four_digits_is_no_second_order_for_all_shipped() -> None:
    reading = _read("6130 一共3600只 装了4托 下午全都发了")
    assert (reading.intent, reading.qty, reading.all) == ("shipment", 3600, True)


@pytest.mark.parametrize("text", ["6140 挑出3件气孔 需要补焊", "6141 发了20件 有2件划伤的留下来修"])
def test_a_remedy_still_to_do_on_the_pieces_found_is_rework(text: str) -> None:
    reading = _read(text)
    defect = reading if reading.intent == "defect" else (reading.also or (reading,))[0]
    assert defect.intent == "defect" and defect.rework is True


@pytest.mark.parametrize("text", ["6150 料到了 下午已经上铣床了", "6151 今天已经上机了"])
def test_work_loaded_onto_its_machine_is_begun_not_done(text: str) -> None:
    reading = _read(text)
    step = next(item for item in (reading, *(reading.also or ())) if item.node == "in_process")
    assert step.done is False


def test_loaded_onto_the_truck_stays_a_shipment() -> None:
    assert _read("6152 今天发800个 已经上车了").intent == "shipment"


def test_the_date_typed_wrong_in_plain_words_is_a_correction_of_the_date() -> None:
    reading = _read("日子写错了 12月15号发")
    assert (reading.intent, reading.new_date) == ("correct", date(2026, 12, 15))


def test_a_step_that_cannot_be_done_then_its_verb_on_a_later_day_is_a_delay_to_that_day() -> None:
    reading = _read("6160 明天停气焊不了 周四再焊")
    assert (reading.intent, reading.new_date) == ("delay", date(2026, 12, 10))


def test_a_step_that_cannot_be_done_is_the_delays_reason_not_its_node() -> None:
    reading = _read("6170 车间太冷 今天没法喷漆 晚两天")
    assert (reading.intent, reading.node, reading.delay_days) == ("delay", None, 2)
    assert reading.reason is not None and "喷漆" in reading.reason


def test_the_report_after_an_undo_may_be_a_delay() -> None:
    reading = _read("上一条不算 6180延期到下周三")
    assert reading.intent == "undo" and reading.also is not None
    assert (reading.also[0].intent, reading.also[0].po, reading.also[0].new_date) == ("delay", "6180", date(2026, 12, 16))


def test_an_edge_chipped_is_an_appearance_fault() -> None:
    reading = _read("6190 磁瓦崩边 12片", role="qc")
    assert (reading.intent, reading.category, reading.defect_qty) == ("defect", "appearance", 12)


def test_a_fault_typed_by_its_sound_is_quoted_as_typed() -> None:
    reading = _read("6195 部良品 6件 沙眼", role="qc")
    assert (reading.intent, reading.defect_qty, reading.description) == ("defect", 6, "沙眼")


@pytest.mark.parametrize("text", ["6200 酸洗妥了", "6201 打磨都弄利索了"])
def test_a_step_settled_in_northern_words_is_done(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done) == ("in_process", True)


def test_settled_alone_still_asks_which() -> None:
    assert _read("妥了").intent == "clarify"
