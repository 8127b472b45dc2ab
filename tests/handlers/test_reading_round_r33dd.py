"""Round 33 (r33dd): stop 37's DD (Shanghai sheet-metal and elevator shops, Shanghainese as typed) and DH (Tangshan
steel structures, sanitary ceramics and castings, Tangshan speech), by mechanism.

Shanghainese ends its work with 光 (做光了 done, 发光了 all shipped, 做勿光 can't get done), says 不 as 勿 wherever it
stands, ships with 脱 (发脱了) and asks the time as 啥辰光; a bare 做光 after a day is still the plan it was. The
north's cry of "what now" (咋整) beside a fact asks nothing the fact does not say; 贼 is "very"; 在整 is 在做. A ceramics
works casts, trims, glazes and fires its ware in a kiln, which is the furnace the reader knows; ware put back into it
(回炉重烧) is rework."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.parsing import Reading, read_message

_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday


def _read(text: str) -> Reading:
    return read_message(text, role="supplier", now=_NOW)


def _facts(reading: Reading) -> list[tuple[str, str | None, bool | None, date | None]]:
    return [(item.intent, item.node, item.done, item.new_date) for item in (reading, *(reading.also or ()))]


def test_work_done_to_the_end_with_guang_is_done() -> None:
    reading = _read("40101 冲孔做光了 800只")
    assert (reading.intent, reading.node, reading.done, reading.qty_done) == ("progress", "in_process", True, 800)


def test_goods_shipped_to_the_end_with_guang_are_all_shipped() -> None:
    reading = _read("40102 货统统发光了")
    assert (reading.intent, reading.node) == ("shipment", "shipped")


def test_work_that_cannot_be_done_with_wu_guang_is_a_delay() -> None:
    reading = _read("40103 喷塑做勿光了 要到礼拜四")
    assert (reading.intent, reading.new_date) == ("delay", date(2026, 12, 10))


def test_polishing_and_the_laser_keep_their_guang() -> None:
    assert _read("40104 抛光做好了").node == "in_process"
    assert _read("40105 激光切割在做").done is False


def test_wu_is_not_wherever_it_stands() -> None:
    assert _read("40106 铝板勿够 等料").intent == "shortage"
    assert _facts(_read("40107 铝板还勿曾到")) == [("progress", "material_ready", False, None)]


def test_shipped_with_tuo_is_shipped() -> None:
    reading = _read("40108 昨日发脱了 250套")
    assert (reading.intent, reading.qty, reading.happened_on) == ("shipment", 250, date(2026, 12, 6))


def test_a_step_to_be_done_on_a_libai_day_is_a_plan() -> None:
    assert _facts(_read("40109 折弯礼拜三做光")) == [("plan", "in_process", None, date(2026, 12, 9))]


def test_what_now_beside_a_shortage_is_the_shortage() -> None:
    assert _read("40110 板材不够了 咋整").intent == "shortage"
    assert _read("40111 咋整 圆钢不够了").intent == "shortage"


def test_what_now_of_the_goods_pointed_at_still_asks() -> None:
    assert _read("那批法兰咋整啊").intent == "clarify"


def test_zei_is_very_and_asks_nothing() -> None:
    reading = _read("40112 终检过了 贼快")
    assert _facts(reading) == [("progress", "final_inspection", True, None)] and not reading.confirm


def test_the_bulk_zai_zheng_is_under_way() -> None:
    assert _facts(_read("40113 首件过了 大货在整")) == [("progress", "first_process", True, None),
                                                      ("progress", "in_process", False, None)]


def test_ware_into_the_kiln_is_firing_and_out_of_it_fired() -> None:
    assert _facts(_read("40114 洗面盆进窑了")) == [("progress", "in_process", False, None)]
    assert _facts(_read("40115 40116 都出窑了")) == [("progress", "in_process", True, None),
                                                   ("progress", "in_process", True, None)]


def test_the_steps_of_a_ceramics_works_are_steps_asked_nothing() -> None:
    for text in ("40117 坐便器注浆完了", "40118 在施釉", "40119 修坯做完了"):
        reading = _read(text)
        assert (reading.intent, reading.node, bool(reading.confirm)) == ("progress", "in_process", False), text


def test_the_flaws_of_fired_ware_have_their_categories() -> None:
    assert _read("40120 坯裂 9件").category == "material"
    assert _read("40121 棕眼 12个").category == "appearance"


def test_ware_fired_again_is_rework() -> None:
    reading = _read("40122 釉泡 20个 回炉重烧")
    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 20, True)


def test_a_lamp_lit_is_no_shipment_though_wu_says_all_shipped_as_fa_guang() -> None:
    assert _read("22301 LED发光了 没问题").intent != "shipment"
    assert _read("22302 灯珠发光了").intent != "shipment"
    shipped = _read("22303 发光了 400套")
    assert (shipped.intent, shipped.all) == ("shipment", True)
