"""Round 33 (r33df): stop 37's DF (Hainanese speakers at rubber and glass-fibre boat-part shops) and DC (Beijing
speech), by mechanism.

Hainan's Min, like Minnan, Teochew and Leizhou, says 无 for Mandarin's 没 after what has not come or not passed and for
不 between a verb and what it cannot reach (喷无了), 汝 for "you", 早起 for the morning and 暗暝 for the night; its
shops send goods 发去 a town and have stock 拉来. A resin or gelcoat shop names its stock and its steps by words of its
trade (树脂, 胶衣, 手糊, 脱模), which are no unexplained words. A town the goods are sent to is no fact of the order,
nor is the ferry they ride. Stock that came long ago or just now is stock all the same; 都缺 and 还缺 a compound are a
shortage as a bare 缺 is; another works not shipping is the reason of a delay, not its step; Beijing's courtesy beside
收到 is an acknowledgement."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.parsing import Reading, read_message
from handlers.regional_words import fold_regional

_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday


def _read(text: str) -> Reading:
    return read_message(text, role="supplier", now=_NOW)


def test_min_wu_before_a_verb_of_coming_says_not_yet() -> None:
    reading = _read("31001 胶衣无到 等船")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", False)


def test_min_wu_before_a_verdict_says_it_failed() -> None:
    reading = _read("31002 首件无过 31003 首件过了")
    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", False)
    assert reading.also is not None and reading.also[0].done is True


def test_a_verb_that_cannot_reach_its_work_makes_the_plan_a_delay() -> None:
    reading = _read("31004 落大雨 喷无了漆 后日再喷")
    assert reading.intent == "delay"
    assert reading.new_date == date(2026, 11, 20)


def test_youwu_before_a_verb_asks() -> None:
    assert _read("31005 有无发货").intent == "status_query"


def test_ru_is_you_and_a_courtesy_to_the_buyer_is_noted() -> None:
    assert _read("明日再回汝").intent == "noted"


def test_goods_sent_off_with_faqu_are_shipped() -> None:
    reading = _read("31006 发去了")
    assert (reading.intent, reading.node, not reading.confirm) == ("shipment", "shipped", True)


def test_stock_brought_in_with_lalai_has_come() -> None:
    reading = _read("31007 玻纤毡拉来了")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


def test_the_stock_of_a_resin_shop_is_no_unexplained_word() -> None:
    reading = _read("31008 合成胶到厂了")
    assert (reading.intent, reading.node, reading.done, not reading.confirm) == ("progress", "material_ready", True, True)


def test_laying_up_a_hull_by_hand_is_work_under_way() -> None:
    reading = _read("31009 糊制做了一半")
    assert (reading.intent, reading.node, reading.percent) == ("progress", "in_process", 50)


def test_a_town_sent_to_is_no_fact_of_the_order() -> None:
    reading = _read("31010 货发往文昌了")
    assert (reading.intent, reading.node, not reading.confirm) == ("shipment", "shipped", True)


def test_the_ferry_the_goods_ride_is_no_fact_of_the_order() -> None:
    reading = _read("31011 礼拜五发 赶头班轮渡")
    assert (reading.intent, reading.node, reading.new_date, not reading.confirm) == ("plan", "shipped", date(2026, 11, 20), True)


def test_goods_gone_this_morning_said_with_de_are_gone() -> None:
    reading = _read("31012 发了 今日早起走的")
    assert (reading.intent, not reading.confirm) == ("shipment", True)


def test_stock_come_long_ago_is_stock_come() -> None:
    reading = _read("31013 料早就到了 已入库")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


def test_all_short_of_a_compound_is_a_shortage_of_both_orders() -> None:
    reading = _read("31014和31015都缺胶料")
    assert reading.intent == "shortage"
    assert reading.also is not None and reading.also[0].intent == "shortage"


def test_another_works_not_shipping_is_the_reason_not_the_step() -> None:
    reading = _read("31016 延到周五 轴承厂没出货")
    assert reading.intent == "delay"
    assert reading.node is None
    assert reading.new_date == date(2026, 11, 20)


def test_the_senders_own_works_not_shipping_is_the_step() -> None:
    reading = _read("31017 延到周五 我们厂没出货")
    assert (reading.intent, reading.node) == ("delay", "shipped")


def test_beijing_courtesy_beside_shoudao_is_an_acknowledgement() -> None:
    assert _read("收到 您受累了").intent == "noted"
    assert _read("好嘞您呐 收到").intent == "noted"


def test_a_name_beginning_with_yi_stays_a_name() -> None:
    reading = read_message("伊川锻造这个月咋样", role="manager", now=_NOW)
    assert reading.intent == "supplier_query"


def test_min_you_is_never_a_place_named_with_the_same_character() -> None:
    assert "你" in fold_regional("等汝确认")
    assert "汝州" in fold_regional("汝州铸造厂的毛坯到了")
    assert "汝阳" in fold_regional("汝阳那边发过来的")
