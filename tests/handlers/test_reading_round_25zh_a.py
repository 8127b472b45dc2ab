"""Round 25 (r25zh-a): silent misrecords of stop 33's Chinese exams (BN BO BP), by the mechanism behind each.

A defect word after its negation is a clean result; a vent hole is no pore; `一根不少` and a machine's count are no
count; clerks' 资材/出荷/纳品 and Minnan 无够/还欠/讲错/有+verb are read; a day the shop works, work going on tomorrow
and a day of words said are no day of the fact; the stock's maker at work is not the order's making; a heat number on
goods is their lot (not on stock come in: most writers give none); a defect word glued to its feature stays in its
words; an order after opening words leads the report.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=_TZ)  # a Monday
_SATURDAY = datetime(2026, 12, 12, 9, 0, tzinfo=_TZ)


def _read(text: str, now: datetime = _NOW, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=now)


@pytest.mark.parametrize("text", ["11556凸轮轴 淬火完了 都没开裂", "11906 水压试验做完了 无渗漏", "11556 探伤完了 没发现裂纹"])
def test_a_defect_word_after_its_negation_is_no_defect(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


def test_a_vent_hole_drilled_is_no_pore() -> None:
    assert (_read("11650 排气孔钻完了").intent, _read("11650 气孔 5件").intent) == ("progress", "defect")


@pytest.mark.parametrize("text", ["11685 料到了 一根不少", "11665 在磨 完成40%，磨床就一台"])
def test_none_short_and_a_machines_count_are_no_count(text: str) -> None:
    assert _read(text).qty_done is None


@pytest.mark.parametrize(("text", "intent", "node"), [
    ("11603 资材今天入库了", "progress", "material_ready"),
    ("PO11601 今日出荷 150EA", "shipment", "shipped"),
    ("11605 出荷检查 OK了", "progress", "final_inspection"),
    ("11822 出货前检验ok", "progress", "final_inspection"),
    ("11756 阀芯无够 等料", "shortage", None),
    ("11786 原料犹未到齐 还欠一半", "shortage", None),
    ("11834 出货检验有过", "progress", "final_inspection"),
])
def test_clerks_and_minnan_words(text: str, intent: str, node: str | None) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node) == (intent, node)


def test_the_same_shipping_said_finished_and_not_is_asked_back() -> None:
    assert _read("发了 犹未发完 啊 拢发了啦").intent == "clarify"


def test_a_day_the_shop_works_is_no_plan() -> None:
    reading = _read("11678 周六也干着 在焊", now=_SATURDAY)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)


def test_work_going_on_tomorrow_is_no_plan() -> None:
    assert _read("11761 机加工完成80%，明天继续").also is None


def test_a_past_day_of_words_said_dates_no_arrival() -> None:
    assert _read("11664 钢锭到了 夜来就说到结果今儿才到").happened_on is None


def test_the_stock_makers_work_is_not_the_orders_making() -> None:
    reading = _read("11620 原材料还没到 钢厂还在排产")
    assert (reading.node, reading.done, reading.also) == ("material_ready", False, None)


@pytest.mark.parametrize(("text", "lot"), [
    ("11993 炉号C26-0918的铜套 发了300件", "C26-0918"),
    ("11354 炉号A2617的那批调质完了", "A2617"),
    ("3975 钢锭到了 炉号A26-1187", None),
])
def test_a_heat_number_on_goods_is_their_lot(text: str, lot: str | None) -> None:
    assert _read(text).lot == lot


def test_a_defect_word_glued_to_its_feature_stays_in_its_words() -> None:
    reading = _read("11859 由壬螺纹牙不良 6只")
    assert (reading.defect_qty, reading.category) == (6, "dimension")
    assert "牙不良" in (reading.description or "")


@pytest.mark.parametrize(("text", "po"), [("俺们11553连杆首件OK了", "11553"), ("帮我阿伯回一下 11702料昨天到了", "11702")])
def test_an_order_after_opening_words_leads_the_report(text: str, po: str) -> None:
    reading = _read(text)
    assert (reading.po, reading.qty_done) == (po, None)


def test_a_one_character_step_after_a_day_to_come_is_planned() -> None:
    reading = _read("11876 阀座淬火好了 明个磨")
    assert [(item.intent, item.node, item.new_date) for item in reading.also or ()] == [
        ("plan", "in_process", date(2026, 12, 8))]
