"""Round 27 (r27conf): the reader's doubt for writers it has never met (handlers/reading_doubt.py).

A reading that shows the shape of a misreading, in any register, is shown first instead of recorded: a done step in
a defect's or a delay's free words, a shipping word in the reason of a delay of no step, a first article done beside
the buyer's look still to come, a count of one made read from 一, a plan on the earliest day it can keep, a report
said to be wrong, a message shaped as a question. And counted defective pieces with work under way after their words
are reworked, whatever the verb.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_doubt import doubted

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=_TZ)  # a Monday


def _read(text: str) -> Reading:
    return read_message(text, role="supplier", now=_NOW)


@pytest.mark.parametrize("text", ["7321 壳体 攻丝完了 都没烂牙", "7322 铣槽完了 毛刺已去"])
def test_a_step_done_in_a_defects_words_is_shown_first(text: str) -> None:
    assert _read(text).confirm is True


def test_a_shipping_word_in_the_reason_of_a_delay_of_no_step_is_shown_first() -> None:
    delay = Reading("delay", po="7390", delay_days=2, reason="sir, dispatch painter absent")
    assert doubted((delay,), "7390 sir, dispatch 2 days late, painter absent")
    assert not doubted((Reading("delay", po="7390", node="shipped", delay_days=2, reason="painter absent"),),
                       "7390 dispatch 2 days late, painter absent")


@pytest.mark.parametrize("text", ["7316 延期到下周 治具还没修好", "7352 焊丝用完了 缺料"])
def test_a_step_not_done_or_stock_used_up_is_the_reason_itself(text: str) -> None:
    assert _read(text).confirm is not True


def test_a_first_article_done_beside_the_buyers_look_to_come_is_shown_first() -> None:
    reading = _read("7357 first piece ready, pls check at your end")
    assert (reading.node, reading.confirm) == ("first_process", True)


def test_a_first_article_the_buyer_has_looked_at_is_recorded() -> None:
    assert _read("7356 首件做好了 客户已经确认了").confirm is not True


def test_a_count_of_one_made_said_by_the_word_one_is_doubted() -> None:
    counted = Reading("progress", po="7344", node="material_ready", done=True, qty_done=1)
    assert doubted((counted,), "7344 钢板到了 一张不缺")
    assert not doubted((counted,), "7344 钢板到了 1张")


def test_a_plan_on_the_earliest_day_it_can_keep_is_shown_first() -> None:
    assert _read("7332 下周三先能出货").confirm is True
    assert _read("7359 下周三能出货").confirm is not True


def test_a_report_said_to_be_wrong_is_doubted_unless_read_as_the_correction() -> None:
    assert doubted((Reading("shipment", po="7373", qty=300),), "7373 记错了 发了300件")
    assert not doubted((Reading("correct", po="7373", qty=300),), "7373 记错了 发了300件")


def test_a_message_shaped_as_a_question_is_doubted() -> None:
    plan = Reading("plan", po="7362", node="shipped")
    assert doubted((plan,), "7362 明天能发不")
    assert _read("7366 how much done").confirm is True
    assert _read("what all shipped today").confirm is True


@pytest.mark.parametrize("text", ["7364 首件还没", "7365 料到了 嘛", "7367 will ship on Friday"])
def test_not_yet_a_closing_particle_or_a_plan_in_english_is_no_question(text: str) -> None:
    reading = _read(text)
    assert not doubted((reading, *(reading.also or ())), text)


@pytest.mark.parametrize("text", ["7380 凹坑 5件 在打磨", "7381 孔距超差 3件 在扩孔", "7384 披锋 30pcs 执紧"])
def test_counted_defective_pieces_with_work_under_way_are_reworked(text: str) -> None:
    reading = _read(text)
    assert reading.intent == "defect" and reading.rework not in (None, False)


def test_a_suppliers_arrival_with_no_word_of_goods_going_to_the_buyer_is_shown_first() -> None:
    reading = _read("7394 磁环周四到")
    assert (reading.intent, reading.confirm) == ("plan", True)
    assert _read("7395 周四到你们那").confirm is not True
    assert _read("7393 预计周四到货").confirm is not True


def test_a_negation_before_a_verb_no_fact_of_the_reading_holds_is_shown_first() -> None:
    assert _read("7398 料到了 尺寸不准").confirm is True
    not_done = Reading("progress", po="7397", node="final_inspection", done=False)
    assert not doubted((not_done,), "7397 final inspection not yet completed")
    assert doubted((Reading("progress", po="7397", node="final_inspection"),), "7397 final inspection not yet completed")
