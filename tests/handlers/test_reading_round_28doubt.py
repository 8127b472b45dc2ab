"""Round 28 (r28doubt): more shapes of a misreading the reader asks about first (handlers/reading_doubt.py).

Each is a shape, not a word: stock not come beside words of lack, a plan beside what cannot be done, a share of the
work beside a count and no total, a step missed beside a count, a first article done while its check is under way.
The reading is shown first (`confirm`) in any register the reader folds; the ordinary lines beside each shape are
recorded.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_doubt import doubted

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", ["4521 铜排还差一半 在等料", "4528 圆钢没得了 在等料", "4528 料没到 还缺一吨"])
def test_stock_waited_for_beside_words_of_lack_is_shown_first(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done, reading.confirm) == ("material_ready", False, True)


def test_stock_not_come_yet_without_a_word_of_lack_is_recorded() -> None:
    waiting = Reading("progress", po="4521", node="material_ready", done=False)
    assert not doubted((waiting,), "4521 料还没到")
    assert not doubted((waiting,), "4521 在等料")  # stock not come, by reader20a's ruling
    assert doubted((waiting,), "4521 料还没到 还差铜排")


@pytest.mark.parametrize(("text", "intent"), [
    ("4522 can't ship tomorrow, Friday", "plan"),
    # the step's own verb put off to a later day is a delay to it, as 明天停水 后天再发 (round 28, r28n), still shown first
    ("4522 明个下雨喷不了 后个再喷", "delay"),
])
def test_a_plan_beside_what_cannot_be_done_is_shown_first(text: str, intent: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.confirm) == (intent, True)


def test_a_plan_beside_no_problem_is_recorded() -> None:
    plan = Reading("plan", po="4529", node="shipped")
    assert not doubted((plan,), "4529 冇得问题 明天发")
    assert doubted((plan,), "4529 明天冇得发 后日发")


@pytest.mark.parametrize("text", ["4523 这单八千件 做好一半了", "4523 6,000 pcs painting half done"])
def test_a_share_of_the_work_beside_a_count_and_no_total_is_shown_first(text: str) -> None:
    reading = _read(text)
    assert (reading.percent, reading.confirm) == (50, True)


def test_a_share_beside_its_total_is_no_doubt() -> None:
    assert not doubted((Reading("progress", po="4523", percent=50, qty_done=4000, qty_total=8000),), "4523 八千件 做好一半")


@pytest.mark.parametrize("text", ["4524 拉削不到位 6件", "4524 倒角没做到位 6件", "4524 去毛刺漏做 6件"])
def test_a_count_beside_a_step_missed_is_shown_first(text: str) -> None:
    """A step named then 漏了 and a count is read as the defect it is (round 28s); where the words of the step
    fall short in another way, the count is not taken as progress without asking."""
    assert _read(text).confirm is True


def test_a_count_beside_work_left_undone_is_recorded() -> None:
    assert _read("4530 做好了3000件 还剩2000").confirm is not True


@pytest.mark.parametrize("text", ["4527 首件已完成，等待客户审批", "4527 first article done, under inspection"])
def test_a_first_article_done_while_its_check_is_under_way_is_shown_first(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.confirm) == ("first_process", True)


def test_a_first_article_made_then_in_check_is_read_awaiting_its_verdict() -> None:
    # round r41en: `在检` closing its clause is the check under way, read as `送检中` is (nine corpora), so no doubt is left
    reading = _read("4527 首件做好了 在检")
    assert (reading.node, reading.done) == ("first_process", False)


def test_a_first_article_passed_at_its_check_is_recorded() -> None:
    assert _read("4527 首件送检合格了").confirm is not True
