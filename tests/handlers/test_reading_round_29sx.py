"""Round 29 (r29sx): words of a titanium and aerospace shop read for what they say (CH's register, not its lines).

A gauge named is the check made, not a defect; an outside party's inspection before release is the final one; a voice
slip of a step the trade names lands on the step; a promise to answer, the one answered put before the verb with 给, is
taken note of, as the same promise with him after the verb is.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


def test_a_gauge_named_in_a_check_made_is_no_defect() -> None:
    reading = _read("6210 通止规全部检过 终检ok")
    assert reading.intent == "progress"
    assert (reading.node, reading.done) == ("final_inspection", True)


def test_the_gauge_failing_stays_a_dimension_defect() -> None:
    reading = _read("6211 通止规不过 12件", role="qc")
    assert (reading.intent, reading.category, reading.defect_qty) == ("defect", "dimension", 12)


@pytest.mark.parametrize("text", ["6220 军检过了", "6221 客检过了 礼拜五发", "6222 军检合格了"])
def test_an_outside_partys_inspection_passed_is_the_final_inspection(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "final_inspection", True)
    assert not reading.confirm


def test_a_plan_after_the_outside_inspection_stays_the_shipment() -> None:
    reading = _read("6223 客检过了 礼拜五发")
    assert reading.also and (reading.also[0].intent, reading.also[0].node) == ("plan", "shipped")


@pytest.mark.parametrize(("text", "step"), [("6230 谈伤完了", "探伤"), ("6231 固容做好了", "固溶"),
                                            ("6232 电火化打完了", "电火花")])
def test_a_voice_slip_of_a_trade_step_is_the_step(text: str, step: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True), step
    assert not reading.confirm


@pytest.mark.parametrize("text", ["行 下午给你回话", "好的 明天给您答复", "收到 晚点跟你回个电话"])
def test_a_promise_to_answer_with_the_one_answered_first_is_noted(text: str) -> None:
    assert _read(text).intent == "noted"


def test_a_day_with_the_goods_given_is_still_a_plan() -> None:
    reading = _read("6240 明天给你发货")
    assert (reading.intent, reading.node) == ("plan", "shipped")
