"""Round 28 (r28s): mechanisms behind the silent misrecords of Teochew, Jianghuai and Shanghai electronics writers.

The bulk run started (开大货) is the making; Minnan and Teochew grammar (V无C, 底 "which", 着 "must"); the sender's own
promise to answer is no snooze; a rest shipped by the month's end and a load with today's bare 发 are shown first;
到其 and 玩 in the done slot are slips; a grade glued to 型材 is no order; a step's name then 漏了 and a count is the
step left out; the bare verb of work with no order names it first; a count before a share done by any verb is the whole.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=_TZ)  # a Monday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


def test_the_bulk_run_started_on_a_day_is_a_plan_of_the_making_after_the_first_article() -> None:
    reading = _read("8801 首件合格 后天开大货")
    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", True)
    assert reading.also is not None and len(reading.also) == 1
    plan = reading.also[0]
    assert (plan.intent, plan.node, plan.new_date) == ("plan", "in_process", datetime(2026, 12, 9).date())


def test_a_bulk_run_said_only_by_its_week_records_no_plan() -> None:
    assert _read("8802 首件ok 大货下礼拜开").also is None


def test_a_count_before_the_press_verb_and_a_share_is_a_bare_count() -> None:
    reading = _read("8803 4000个里啤好了1500")
    assert (reading.node, reading.qty_total, reading.qty_done) == (None, 4000, 1500)


def test_the_minnan_potential_negative_is_a_delay_of_the_making() -> None:
    reading = _read("8804 焊无完 要到礼拜五")
    assert (reading.intent, reading.node) == ("delay", "in_process")


def test_teochew_which_and_must_read_as_their_questions() -> None:
    assert _read("底几单延期了", role="buyer").intent == "overdue_query"
    assert _read("今日着催底几单", role="buyer").intent == "today_query"


def test_a_day_is_still_a_day_of_the_month() -> None:
    assert _read("8805 月底前交").new_date == datetime(2026, 12, 31).date()


def test_the_senders_own_promise_to_answer_is_noted_not_a_snooze() -> None:
    assert _read("今天人不在 明天再回复你").intent == "noted"
    assert _read("明天再提醒我").intent == "snooze"


def test_the_rest_shipped_by_the_months_end_is_shown_first() -> None:
    reading = _read("8806 先发了800个 剩下的月尾发")
    assert (reading.intent, reading.qty, reading.confirm) == ("shipment", 800, True)


def test_loaded_then_todays_bare_send_is_shown_first_and_sent_out_is_not() -> None:
    assert _read("8807 装好车了 今天发").confirm is True
    gone = _read("8808 已装车 今天发出")
    assert (gone.intent, gone.confirm) == ("shipment", None)


def test_daoqi_slipped_where_its_clause_ends_is_all_come() -> None:
    assert _read("8809 料没到其 还差铜棒").intent == "shortage"
    assert _read("8809 料没到其他的 还差铜棒").confirm is True  # 其他: a real word, read as written


def test_an_alloy_grade_glued_to_extrusions_is_no_second_order() -> None:
    reading = _read("8810 6061型材今天到的")
    assert (reading.po, reading.node, reading.also) == ("8810", "material_ready", None)


@pytest.mark.parametrize("text", ["8811 折玩了", "8811 折完了", "8811 焊玩了"])
def test_play_in_the_done_slot_after_a_verb_of_work_is_finished(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


def test_the_bending_named_is_never_a_bent_part() -> None:
    assert _read("8812 折弯了").intent == "progress"


@pytest.mark.parametrize("text", ["8813 铣槽漏了 6件", "8813 螺纹孔攻丝漏了 3件", "8813 攻丝漏做了6件", "8813 钻孔漏掉了 5件"])
def test_a_step_left_out_on_counted_pieces_is_a_defect_of_its_own_category(text: str) -> None:
    reading = _read(text, role="qc")
    assert reading.intent == "defect"
    assert reading.category == "other"


def test_a_pressure_tests_leak_is_no_step_left_out() -> None:
    assert _read("8814 试压漏了 2只", role="qc").category != "other"


def test_the_bare_verb_of_work_with_no_order_names_the_order_first() -> None:
    assert _read("在搞了 别急").confirm is True
    assert _read("8815 在搞了").confirm is None


def test_a_count_before_a_mounting_share_is_the_whole() -> None:
    reading = _read("8816 三千片 贴好了一半")
    assert (reading.qty_total, reading.percent, reading.qty_done) == (3000, 50, None)


def test_a_delay_that_reaches_the_buyer_only_then_is_his_receipt() -> None:
    reading = _read("8817 礼拜四才能到贵司")
    assert (reading.intent, reading.node, reading.reason) == ("delay", "received", None)
