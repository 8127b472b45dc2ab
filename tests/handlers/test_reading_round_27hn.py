"""Round 27 (r27hn): Xiang (Changsha, Loudi) and Guangxi Baihua speech read as the registers they are (blind BV, BW).

Xiang 冒 before a verb is 没, 好哒 leading a message is assent, 港 after its speaker is 讲 (what another party says),
哒 before a count is 了, 有么子 is 有什么; Cantonese 未够 is 不够 and 睇 is 看; 不 ending a message asks. Slips in their
slot (首件国了, 料也道了) are read, and a particle after a Latin word (ok咯) is blanked. The words of the two trades
(扣压, 坡口, 热装, 涨断; 软带, 磷化膜不均) are known. Rulings by count: a remedy beside a defect count is rework; a first
article sent over for the buyer to look at awaits its verdict; an order leading an undo is the order of the fact after
it; where writers split (都发完 over several orders, a day then 先可以) the reading is shown first.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 8, 10, 0, tzinfo=_TZ)  # a Tuesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize(("text", "node"), [("5521 钢板还冒到", "material_ready"), ("5522 首件还冒做", "first_process")])
def test_xiang_mao_before_a_verb_is_not_yet(text: str, node: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", node, False)


def test_goods_in_and_not_yet_counted_is_no_receipt_done() -> None:
    reading = _read("5523 货到哒 还冒点数", role="warehouse")
    assert (reading.node, reading.done) == ("received", None)


def test_mao_of_a_riser_stays_a_word_of_the_foundry() -> None:
    reading = _read("5524 去浇冒口完成")
    assert (reading.node, reading.done) == ("in_process", True)


def test_hao_da_leading_a_message_is_assent_and_after_an_order_is_done() -> None:
    assert _read("好哒 晓得哒").intent == "noted"
    assert _read("5530 好哒").done is True


def test_gang_after_its_speaker_is_what_another_party_says() -> None:
    reading = _read("5540 板材还冒到 厂家港下周三发")
    assert (reading.node, reading.done, reading.also) == ("material_ready", False, None)


def test_what_another_party_says_of_a_day_next_week_is_no_plan() -> None:
    reading = _read("5559 料还没到 钢厂说下周二发")
    assert (reading.node, reading.done, reading.also) == ("material_ready", False, None)


def test_cantonese_wei_gou_is_not_enough() -> None:
    assert _read("5541 钢丝未够 等料").intent == "shortage"


@pytest.mark.parametrize("text", ["5542 明天能到不", "5542 做好了不"])
def test_bu_ending_a_message_asks(text: str) -> None:
    assert _read(text, role="buyer").intent == "status_query"


def test_da_before_a_count_is_the_count_done() -> None:
    reading = _read("5543 发哒三百件")
    assert (reading.intent, reading.qty) == ("shipment", 300)


@pytest.mark.parametrize("text", ["还有么子单冇交", "我手上冇交货嘅单拉出来睇下"])
def test_hunan_what_and_cantonese_look_ask_for_the_orders(text: str) -> None:
    assert _read(text, role="buyer").intent == "orders_query"


def test_slips_in_their_slot_and_a_particle_after_ok() -> None:
    assert (_read("5544 首件国哒").node, _read("5544 首件国哒").done) == ("first_process", True)
    reading = _read("5546 终检ok咯 料也道了")
    assert (reading.node, reading.done) == ("final_inspection", True)
    assert [(item.node, item.done) for item in reading.also or ()] == [("material_ready", True)]


@pytest.mark.parametrize("text", ["5547 胶管扣压完哒", "5548 坡口好了", "5549 齿圈热装好咗", "5550 连杆涨断完了"])
def test_steps_of_the_two_trades_are_the_making(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done, reading.confirm) == ("in_process", True, None)


@pytest.mark.parametrize(("text", "category"), [("5551 曲轴软带 4件", "material"), ("5552 磷化膜不均 12件", "appearance")])
def test_defects_of_the_two_trades_have_their_category(text: str, category: str) -> None:
    reading = _read(text, role="qc")
    assert (reading.intent, reading.category) == ("defect", category)


@pytest.mark.parametrize("text", ["5553 毛刺 8件 在打磨", "5554 漏焊 2件 已补好", "5555 镀层起皮 5件 退回重镀"])
def test_a_remedy_beside_a_defect_count_is_rework(text: str) -> None:
    reading = _read(text)
    assert reading.intent == "defect" and reading.rework


def test_a_first_article_sent_over_for_a_look_awaits_its_verdict() -> None:
    reading = _read("5556 首件做好了 拿过去你们确认")
    assert (reading.node, reading.done, reading.confirm) == ("first_process", False, True)


def test_dou_over_several_orders_is_asked_and_quanbu_is_not() -> None:
    assert _read("5561 5562 都发完了").confirm is True
    whole = _read("5561 5562 全部发完了")
    assert (whole.all, whole.confirm) == (True, None)


def test_an_order_leading_an_undo_is_the_order_of_the_fact_after_it() -> None:
    reading = _read("5557 上条作废 料还没到")
    assert reading.intent == "undo"
    assert [(item.po, item.node, item.done) for item in reading.also or ()] == [("5557", "material_ready", False)]


def test_a_day_then_xian_before_can_is_shown_first() -> None:
    reading = _read("5558 周五先可以发")
    assert (reading.intent, reading.confirm) == ("plan", True)


@pytest.mark.parametrize("text", ["5563才对 刚才单号搞错哒", "5563才对 上面那个单号错了"])
def test_the_right_order_said_beside_its_number_said_wrong_is_a_correction(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.po) == ("correct", "5563")


def test_fasteners_counted_in_dozens_are_counted_out_and_driving_screws_is_work() -> None:
    assert _read("5564 4打螺母 发哒").qty == 48
    assert _read("5565 在打螺丝").node == "in_process"


def test_cantonese_small_talk_is_nothing_of_the_trade_and_wei_ending_a_question_asks() -> None:
    assert _read("食咗饭未呀").intent == "unknown"
    assert _read("5566 发咗未", role="buyer").intent == "status_query"
