"""Round 31 (r31b): the formal register of state-owned enterprises (blind exam CQ), and one step told in two clauses.

A stock's arrival followed by its check passed is the stock ready, one fact (not also the buyer's receipt or the final
inspection); a first article not finished followed by work under way is that first piece being worked on (mass
production named stays a second fact). A formal letter's heading word before the order (关于, 现将) and its document
words (特此说明, 所需, 事宜, 如下, 经查) carry no fact and make no question."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message

_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday


@pytest.mark.parametrize("text", [
    "27301合同所需钢材已到厂，经查验收合格。", "27302 圆钢到厂了 检验合格", "27303 raw material arrived, inspection OK",
])
def test_stock_come_in_and_its_check_passed_is_the_stock_ready_alone(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done, reading.also) == ("progress", "material_ready", True, None)


@pytest.mark.parametrize("text", [
    "27311首件尚未完成，正在调试。", "27312 首件还没好 在加工", "27313 first article not finished yet, still machining",
])
def test_a_first_article_not_finished_then_work_under_way_is_the_first_piece_worked_on(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.also, reading.confirm) == ("first_process", False, None, None)


def test_mass_production_under_way_beside_the_first_article_stays_a_second_fact() -> None:
    reading = read_message("27314 首件还没好 批量在做", role="supplier", now=_NOW)
    assert reading.also is not None and reading.also[0].node == "in_process"


@pytest.mark.parametrize(("text", "po"), [
    ("关于27321交货期事宜：因行车故障，交货期顺延至下周二，特此说明。", "27321"),
    ("现将27322导辊加工进度报告如下：精加工已完成60%。", "27322"),
])
def test_a_formal_heading_and_document_words_are_no_fact_to_ask_about(text: str, po: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.po, reading.confirm) == (po, None)
