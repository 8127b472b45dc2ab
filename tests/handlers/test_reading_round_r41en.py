"""Round 41 (r41en): EN (Yangzhou, Zhenjiang and Taizhou valve, pump and ship-outfitting subcontractors, a little
Jianghuai speech) and EK (Nanchang and Ganzhou subcontractors, a little Gan).

Families read here: 在…呢 states what goes on, it asks nothing; a first article made while its check is under way
(在检, 在测) awaits its verdict; 礼拜X heading its clause before the shipping or the end of the work is a day ahead, as
周X is; castings fettled are the making; papers promised with 给 or Jianghuai's 把 are no plan; tomorrow's shipping
with the truck loaded today is one plan; 能 before a step of another name keeps the next step's day; the making late
with a bare 发 on the day moved to is the shipping late; going to look on site takes an exception on; parts not all in
then short by a count are the shortage; a lot heading faults counted apart is each fault's; 冲洗 is a step and a
balancing failed a fault of the function. Dates: Monday 7 December 2026 (tests/handlers/monday_reading.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.handlers.monday_reading import read as _read


@pytest.mark.parametrize("text", ["74101 在热处理 炉子里呢", "74102 在龙门铣上铣底面呢", "74103 在那疙瘩喷涂呢"])
def test_zai_then_ne_closing_the_message_states_the_work_going_on(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)


def test_zai_ne_with_a_word_that_asks_stays_a_question() -> None:
    assert _read("74104 到底在干嘛呢").intent == "status_query"


@pytest.mark.parametrize("text", ["74111 首件做出来了 在检", "74112 首件做出来了 在测", "74113 首件在检"])
def test_a_first_article_under_its_check_awaits_its_verdict(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", False)


def test_a_first_article_under_its_check_after_stock_come_awaits_its_verdict_too() -> None:
    reading = _read("74114 料到了 首件做出来了 在检")
    assert (reading.node, reading.done) == ("material_ready", True)
    assert [(item.node, item.done) for item in reading.also or ()] == [("first_process", False)]


@pytest.mark.parametrize(("text", "node", "day"), [
    ("74121 礼拜四发货 没得问题", "shipped", date(2026, 12, 10)),
    ("74122 下礼拜二发货没问题的", "shipped", date(2026, 12, 15)),
    ("74123 礼拜五做完", "in_process", date(2026, 12, 11)),
])
def test_libai_heading_its_clause_before_the_shipping_or_an_end_is_a_day_ahead(text: str, node: str, day: date) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.new_date) == ("plan", node, day)


def test_a_libai_gone_by_stays_the_check_done() -> None:
    reading = _read("74124 船检礼拜一过了")
    assert (reading.intent, reading.node, reading.done) == ("progress", "final_inspection", True)


@pytest.mark.parametrize("text", ["74131 泵体铸件清理完了", "74132 底座铸件 清理完了", "74133 铸件清理好了"])
def test_castings_fettled_are_the_making_done_not_stock_come(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


@pytest.mark.parametrize("text", ["74141 终检合格 报告明天把你", "74142 终检合格 报告明天给你"])
def test_papers_promised_to_the_buyer_are_no_plan_of_the_check(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done, reading.also) == ("progress", "final_inspection", True, None)


@pytest.mark.parametrize("text", ["74151 明天发货 今天装车", "74152 明天发货 今天下午装车"])
def test_tomorrows_shipping_with_the_truck_loaded_today_is_one_plan(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.new_date, reading.also) == ("plan", "shipped", date(2026, 12, 8), None)


def test_goods_said_loaded_beside_tomorrows_shipping_keep_their_own_fact() -> None:
    assert _read("74153 明天发货 今天装车了").also is not None


def test_a_step_under_way_then_another_step_able_on_a_day_is_two_facts() -> None:
    reading = _read("74161 机加完了 在喷砂 礼拜三能喷漆")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)
    assert [(item.intent, item.node, item.new_date) for item in reading.also or ()] == [
        ("plan", "in_process", date(2026, 12, 9))]


def test_a_step_under_way_able_to_end_on_a_day_stays_one_plan() -> None:
    reading = _read("74162 在研磨 明天能完")
    assert (reading.intent, reading.new_date, reading.also) == ("plan", date(2026, 12, 8), None)


@pytest.mark.parametrize("text", ["74171 礼拜四做不完 礼拜六加个班 下礼拜一发", "74172 焊接做勿光 礼拜六加班 下礼拜一发"])
def test_the_making_late_with_a_bare_shipping_on_the_day_moved_to_is_the_shipping_late(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "shipped", date(2026, 12, 14))


def test_the_making_late_to_a_bare_day_stays_the_making() -> None:
    assert _read("74173 周五做不完 得下周一").node == "in_process"


@pytest.mark.parametrize("text", ["EXC-33 我去现场看看", "EXC-34 我明天过去看"])
def test_going_to_look_on_site_takes_the_exception_on(text: str) -> None:
    reading = _read(text, role="buyer")
    assert (reading.intent, reading.note) == ("ack", None)


@pytest.mark.parametrize("text", ["74181 密封件还没到齐 还差40套", "74182 铸件木有到齐 还差3台"])
def test_parts_not_all_in_then_short_by_a_count_are_the_shortage(text: str) -> None:
    assert _read(text).intent == "shortage"


def test_a_lot_heading_faults_counted_apart_is_each_faults() -> None:
    reading = _read("74191 这批B2612的 压伤3件 变形2件", role="qc")
    assert [(item.lot, item.description, item.defect_qty, item.category) for item in (reading, *(reading.also or ()))] \
        == [("B2612", "压伤", 3, "appearance"), ("B2612", "变形", 2, "dimension")]


def test_flushing_is_a_step_of_the_making() -> None:
    reading = _read("74192 冲洗完了 后天打压")
    assert (reading.node, reading.done) == ("in_process", True)
    assert [(item.node, item.new_date) for item in reading.also or ()] == [("in_process", date(2026, 12, 9))]


@pytest.mark.parametrize("text", ["74193 叶轮动平衡不合格 3只", "74194 转子动平衡不过 有3个"])
def test_a_balancing_failed_is_a_fault_of_the_function(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 3, "function")
