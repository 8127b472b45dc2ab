"""Round 32 (r32cx): stop 37's CX (a Korean-owned auto-parts and display-module plant: Korean managers and QC writing
Chinese with Hangul words of the trade) reading its Hangul as the unknown words they were.

The Hangul words of the trade (입고 booked in, 출하 shipped, 불량 a defect, 초도품 the first article, 납기 the delivery
date, 원자재 부족 the stock short, 장비 고장 a machine down) are said in Chinese behind a gate of Hangul letters, so no
other message changes; the reason or description is kept in the sender's words. Korean courtesies (네, 감사합니다,
수고하세요, 죄송합니다) carry no fact; the apology closing a correction is dropped, before a value it is 不好意思. A
weekend's or holiday's wish is no day of the order. The lines below are written in the corpus's style, not copied.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


def test_the_first_article_in_hangul_is_the_first_process() -> None:
    reading = _read("31001 초도품 합격 OK")
    assert (reading.intent, reading.po, reading.node, reading.done) == ("progress", "31001", "first_process", True)


def test_the_warehouse_booking_in_completed_is_the_receipt_done_with_its_count() -> None:
    reading = _read("31002 입고 완료 2400EA", role="warehouse")
    assert (reading.node, reading.done, reading.qty_done) == ("received", True, 2400)


def test_shipping_completed_in_hangul_is_the_whole_order_out() -> None:
    reading = _read("31003 출하 완료")
    assert (reading.intent, reading.all) == ("shipment", True)


def test_raw_material_booked_in_at_the_supplier_is_the_stock_come() -> None:
    reading = _read("31004 원자재 입고 됐습니다")
    assert (reading.node, reading.done) == ("material_ready", True)


def test_raw_material_short_is_a_shortage() -> None:
    assert _read("31005 원자재 부족 这周停线").intent == "shortage"


def test_a_machine_down_is_the_delays_reason_kept_as_written() -> None:
    reading = _read("31006 장비 고장 晚两天")
    assert (reading.intent, reading.delay_days, reading.reason) == ("delay", 2, "장비 고장")


def test_a_defect_in_hangul_keeps_its_description_as_written() -> None:
    reading = _read("31007 불량 6EA 스크래치", role="qc")
    assert (reading.intent, reading.defect_qty, reading.description, reading.category) == (
        "defect", 6, "스크래치", "appearance")


def test_a_day_in_hangul_times_the_clause_it_stands_in() -> None:
    reading = _read("31008 终检 OK 내일 发")
    assert reading.node == "final_inspection" and reading.done
    assert reading.also and (reading.also[0].intent, reading.also[0].new_date) == ("plan", date(2026, 12, 3))


@pytest.mark.parametrize("text", ["네 감사합니다", "수고 많으셨습니다", "OK 알겠습니다 수고하세요", "好的 고맙습니다~"])
def test_korean_courtesies_alone_are_noted(text: str) -> None:
    assert _read(text).intent == "noted"


def test_a_buyers_own_check_promised_for_tomorrow_is_no_plan() -> None:
    assert _read("네 내일 다시 확인하겠습니다", role="buyer").intent == "noted"


def test_the_apology_closing_a_correction_leaves_the_correction() -> None:
    reading = _read("是百分之六十 打错了 죄송합니다")
    assert (reading.intent, reading.percent) == ("correct", 60)


def test_the_apology_before_a_value_is_the_correction_its_sorry_for() -> None:
    reading = _read("죄송해요 是百分之四十")
    assert (reading.intent, reading.percent) == ("correct", 40)


def test_taking_an_exception_on_in_hangul_is_the_acknowledgement() -> None:
    reading = _read("EXC-31 제가 처리하겠습니다", role="buyer")
    assert (reading.intent, reading.exception) == ("ack", "31")


def test_what_is_due_in_today_asked_in_hangul_is_todays_list() -> None:
    assert _read("오늘 입고 예정 뭐 있나요?", role="warehouse").intent == "today_query"


def test_laughter_in_hangul_letters_is_no_fragment_of_a_report() -> None:
    assert _read("ㅎㅎㅎ").intent == "unknown"


@pytest.mark.parametrize("text", ["假期愉快~", "中秋愉快 大家"])
def test_a_weekend_or_holiday_wish_is_no_day_of_the_order(text: str) -> None:
    assert _read(text).intent == "unknown"


def test_a_message_without_hangul_is_read_as_before() -> None:
    reading = _read("31009 首件 OK 明天发")
    assert (reading.node, reading.done) == ("first_process", True)


@pytest.mark.parametrize("text", ["收到 谢谢崔部长", "好的 李课长 收到"])
def test_a_surname_with_a_plants_rank_beside_thanks_is_address(text: str) -> None:
    assert _read(text).intent == "noted"


def test_a_take_back_then_the_step_and_the_step_it_is_not_is_a_correction_without_its_shi() -> None:
    reading = _read("上条作废 31010 终检过了 不是首件")
    assert (reading.intent, reading.po, reading.node) == ("correct", "31010", "final_inspection")
