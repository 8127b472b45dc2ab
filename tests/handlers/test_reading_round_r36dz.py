"""Round 36 (r36dz): stop 39's DZ (Hakka speakers of Meizhou, Heyuan and southern Ganzhou typing Hakka in characters).

Hakka's 哩 after a verb or its result is 了, whatever the verb (烧好哩, 回来哩, 出窑哩), and before the count done
(发哩三百套); the Northwest's 哩 of a state still so (还没到哩, 正做着哩) keeps its sense. 做淨 is 做完. 正 between a
day to come and the shipping verb ending its clause is "only then" (才), a delay."""

from __future__ import annotations

from tests.handlers.monday_reading import read as _read


def test_li_after_a_step_made_good_is_the_step_done() -> None:
    reading = _read("61001 电泳做好哩 2400个")
    assert (reading.intent, reading.node, reading.done, reading.qty_done) == ("progress", "in_process", True, 2400)


def test_li_after_goods_come_back_from_a_step_is_the_step_done() -> None:
    reading = _read("61002 氧化件回来哩")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


def test_zuo_jing_is_done() -> None:
    reading = _read("61003 攻牙做淨哩 3000只")
    assert (reading.node, reading.done, reading.qty_done) == ("in_process", True, 3000)


def test_zuo_jing_said_in_traditional_characters_and_the_next_step_under_way() -> None:
    reading = _read("61004 抛光做淨哩，在包裝")
    assert (reading.node, reading.done) == ("in_process", True)


def test_li_before_the_count_shipped_is_the_shipment() -> None:
    reading = _read("61005 发哩三百套")
    assert (reading.intent, reading.qty) == ("shipment", 300)


def test_li_before_an_approximate_count_shipped() -> None:
    reading = _read("61006 发哩大约800个")
    assert (reading.intent, reading.qty) == ("shipment", 800)


def test_the_northwest_li_of_not_yet_keeps_the_material_not_ready() -> None:
    reading = _read("61007 钢带还没到哩")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", False)


def test_the_northwest_li_of_work_under_way_is_not_done() -> None:
    reading = _read("61008 正焊着哩")
    assert reading.done is not True


def test_zheng_between_tomorrow_and_the_shipping_is_only_then() -> None:
    reading = _read("61009 天光日正发")
    assert (reading.intent, reading.node, reading.new_date.isoformat() if reading.new_date else None) == (
        "delay", "shipped", "2026-12-08")


def test_xian_fa_de_stays_a_plan_shown_first_as_the_house_reads_cantonese() -> None:
    reading = _read("61010 礼拜四先发得")
    assert (reading.intent, reading.node, reading.confirm) == ("plan", "shipped", True)


def test_today_ship_out_said_bare_after_the_making_done_is_a_plan_for_today() -> None:
    reading = _read("61011 做淨哩 今晡日发走")
    assert (reading.intent, reading.done) == ("progress", True)
    assert reading.also is not None and (reading.also[0].intent, reading.also[0].node) == ("plan", "shipped")


def test_the_hakka_i_with_a_step_to_arrange_soon_records_nothing_more() -> None:
    reading = _read("61012 原料啱啱到 𠊎等下安排切片")
    assert (reading.node, reading.done, reading.also) == ("material_ready", True, None)


def test_the_rest_said_with_hakka_ge_all_shipped() -> None:
    reading = _read("61013 剩下个都发走哩")
    assert (reading.intent, reading.all) == ("shipment", True)


def test_no_stock_with_its_mark_of_change_is_a_shortage() -> None:
    reading = _read("61014 冇料哩 磁钢还冇来")
    assert reading.intent == "shortage"


def test_no_stock_said_as_a_delay_reason_stays_the_reason() -> None:
    reading = _read("61015 要晚两天 冇料")
    assert reading.intent == "delay"


def test_slicing_is_a_step_of_the_making() -> None:
    reading = _read("61016 切片还冇做")
    assert (reading.node, reading.done) == ("in_process", False)


def test_yan_before_days_is_late_by_them() -> None:
    reading = _read("61017 要晏三日 氧化厂排唔到")
    assert (reading.intent, reading.delay_days, reading.reason) == ("delay", 3, "氧化厂排唔到")


def test_cannot_ship_out_on_a_day_then_a_later_day_is_a_delay() -> None:
    reading = _read("61018 礼拜三发唔走 要礼拜五")
    assert (reading.intent, reading.node) == ("delay", "shipped")


def test_the_final_check_typed_guo_as_guo_with_hakka_li() -> None:
    reading = _read("61019 终检 国哩")
    assert (reading.node, reading.done) == ("final_inspection", True)


def test_a_numbered_batch_late_keeps_its_ordinal() -> None:
    reading = _read("61020 第二批 要晏一日")
    assert (reading.intent, reading.delay_days, reading.lot_seq) == ("delay", 1, 2)


def test_decals_put_on_are_a_step_done() -> None:
    reading = _read("61021 贴花做好哩")
    assert (reading.node, reading.done) == ("in_process", True)


def test_the_flying_probe_test_is_a_step_done() -> None:
    reading = _read("61022 飞针测试做淨哩")
    assert (reading.node, reading.done) == ("in_process", True)
