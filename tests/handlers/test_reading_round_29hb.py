"""Round 29 (r29hb): Henan and Hebei speech met in exams CF and CJ, read by mechanisms the other registers share.

木 (Henan, Shandong) and 么 (Tianjin, Hebei) stand for 没 before any verb of the work's end as before its start
(还木完, 还么过: not finished, not passed), and 个 before an hour measures a span of time, never pieces.
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


@pytest.mark.parametrize("text", ["8812 淬火还木完", "8812 精车还么完", "8812 首检还么过"])
def test_the_northern_not_before_the_end_of_a_step_is_not_yet(text: str) -> None:
    reading = _read(text)
    assert reading.done is False


def test_an_undone_message_keeps_the_not_yet_said_in_the_northern_not() -> None:
    reading = _read("上一条作废 回火还木完")
    assert reading.intent == "undo"
    assert [(fact.intent, fact.done) for fact in reading.also or ()] == [("progress", False)]


@pytest.mark.parametrize("text", ["8812 还有三个钟头出炉", "8812 再等2个小时", "8812 保压中 还得1个多小时"])
def test_hours_are_how_long_never_a_count_of_pieces(text: str) -> None:
    reading = _read(text)
    assert reading.qty_done is None and reading.qty_left is None


def test_pieces_beside_hours_are_still_counted() -> None:
    reading = _read("8812 烘了4个钟头 做完了 300个")
    assert reading.qty_done == 300


@pytest.mark.parametrize("text", ["8812 首件试压过了", "8812 首件硬度合格", "8812 首件试装也过了"])
def test_a_test_named_between_the_first_article_and_its_verdict_is_the_first_articles_own(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done) == ("first_process", True)


def test_the_first_article_under_a_test_is_the_test_under_way() -> None:
    reading = _read("8812 首件在试压")
    assert reading.node == "in_process"


@pytest.mark.parametrize(("text", "percent"), [("百分之六十 刚才打错了", 60), ("75% 前面写错了", 75)])
def test_the_right_share_said_before_that_the_last_was_mistyped_corrects_it(text: str, percent: int) -> None:
    reading = _read(text)
    assert (reading.intent, reading.percent) == ("correct", percent)


def test_that_the_last_was_mistyped_alone_takes_it_back() -> None:
    assert _read("刚才打错了").intent == "undo"


@pytest.mark.parametrize("text", ["8812 抛光完了 今天发", "8812 出货检验过了 今儿发"])
def test_a_step_done_then_today_shipping_in_its_own_clause_is_todays_plan(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.done) == ("progress", True)
    assert [(fact.intent, fact.node, fact.new_date) for fact in reading.also or ()] == [("plan", "shipped", _NOW.date())]


def test_a_step_done_with_its_count_then_today_shipping_plans_nothing_unsaid() -> None:
    reading = _read("8812 抛光完了 500个 今天发")
    assert all(fact.intent != "plan" for fact in reading.also or ())


@pytest.mark.parametrize("text", ["8812 25公斤压力的 试压完了 300个", "8812 PN25的 试压完了 300个"])
def test_a_pressure_class_is_the_goods_spec_never_a_weight(text: str) -> None:
    reading = _read(text)
    assert (reading.qty_done, reading.amount) == (300, None)


def test_a_weight_is_still_a_weight() -> None:
    assert _read("8812 钢丸到了 25公斤").amount == 25


def test_all_shipped_then_how_the_last_of_it_went_is_one_shipment() -> None:
    reading = _read("8812 都发完了 剩下的250个昨天都拉走了")
    assert (reading.intent, reading.qty, reading.all, reading.also) == ("shipment", 250, True, None)


@pytest.mark.parametrize(("text", "done"), [("8812 样品么问题", True), ("8812 电镀还么回来", False)])
def test_the_hebei_not_before_a_problem_or_a_return_is_not(text: str, done: bool) -> None:
    assert _read(text).done is done


def test_todays_check_said_with_the_northern_today_is_planned_for_today() -> None:
    reading = _read("8812 今儿个终检")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "final_inspection", _NOW.date())
