"""Round 38 (r38ee): EE (Zhuzhou and Xiangtan rail-equipment subcontractors, plain Mandarin, mostly the supplier's side).

Families read here: a loading today, then the day the goods come, is the buyer's receipt alone; today's bare 发 with
the truck then said loaded is shown first, as the other order of the words is; part shipped with the rest said still
being made is shown first (writers split); a code right after 这批 is that lot's; faults of one order, each with its
own count, are a defect each."""

from __future__ import annotations

from datetime import date

import pytest

from tests.handlers.monday_reading import read as _read


@pytest.mark.parametrize("text", ["72001 今天装车 后天到你们仓库", "72002 晚上装车 明天到你们那", "72003 15:30装车 明天到"])
def test_a_loading_today_then_the_day_the_goods_come_is_the_receipt_alone(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.also) == ("plan", "received", None)
    assert reading.new_date in (date(2026, 12, 8), date(2026, 12, 9))


def test_a_loading_on_a_day_to_come_stays_its_own_plan_beside_the_receipt() -> None:
    reading = _read("72004 终检好了 明天装车 后天到你们那")
    assert [(item.node, item.new_date) for item in reading.also or ()] == [
        ("shipped", date(2026, 12, 8)), ("received", date(2026, 12, 9))]


def test_todays_bare_shipping_then_the_truck_loaded_is_shown_first() -> None:
    reading = _read("72006 今日发货 货车已经装完了")
    assert (reading.node, reading.confirm) == ("shipped", True)


def test_goods_said_gone_after_the_loading_are_recorded_unasked() -> None:
    assert _read("72007 今天发货 500个 已经装车走了").confirm is not True


def test_part_shipped_with_the_rest_still_being_made_is_shown_first() -> None:
    reading = _read("72008 发了350套 剩下的也在加工")
    assert (reading.intent, reading.qty, reading.confirm) == ("shipment", 350, True)


def test_part_shipped_with_the_rest_to_follow_is_recorded_unasked() -> None:
    assert _read("72009 发了350套 剩下的下周发").confirm is not True


def test_a_code_right_after_this_batch_is_its_lot() -> None:
    reading = _read("72010 这批K2703的 划伤 12件", role="qc")
    assert (reading.intent, reading.lot, reading.defect_qty) == ("defect", "K2703", 12)


def test_faults_each_counted_are_a_defect_each() -> None:
    reading = _read("72011 毛刺4件 气孔7件", role="qc")
    assert (reading.description, reading.defect_qty, reading.category) == ("毛刺", 4, "appearance")
    assert [(item.po, item.description, item.defect_qty, item.category) for item in reading.also or ()] == [
        ("72011", "气孔", 7, "material")]
    assert reading.confirm is not True


def test_a_sample_count_before_the_fault_is_no_second_defect() -> None:
    reading = _read("72012 抽检60个 毛刺3个", role="qc")
    assert (reading.defect_qty, reading.also) == (3, None)


def test_goods_in_still_being_counted_leave_the_receipts_done_unsaid() -> None:
    reading = _read("72013 到货 还在点数", role="warehouse")
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", None)


def test_a_step_done_and_sent_on_on_a_weekday_to_come_stays_done_with_the_next_step_planned() -> None:
    reading = _read("72014 折弯做完了 周四送去喷粉")
    assert (reading.node, reading.done) == ("in_process", True)
    assert [(item.node, item.new_date) for item in reading.also or ()] == [("in_process", date(2026, 12, 10))]


def test_a_step_done_and_sent_on_now_is_the_making_going_on() -> None:
    assert _read("72015 CNC 完成 送阳极了").done is False
