"""Round 33 (r33dg): the silent misrecords of DG (the buyer's side of a Qingdao appliance maker: warehouse receivers,
IQC inspectors), by mechanism.

Goods in that are not yet unpacked or weighed, or still being counted, are no receipt made nor refused: the chat asks
the count. The buyer's QC passing goods in bare words (检验合格, 合格 放行, 检完了 合格) passes the receipt; the final
inspection by its own names stays the supplier's. What a verdict allows (可以上线了) is no plan. Qingdao's 杠好 is 很好,
and the look of the goods (外观) is no step made."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _read(text: str, role: str) -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", [
    "40101 到了3托 还没拆",
    "40102 到货 20箱 还没有拆箱",
    "40103 到了6卷 还没称",
    "40104 铝锭到了 2吨 还没过磅",
    "40105 货到了 正在清点",
    "40106 到了 800件 数量不对 在复点",
])
def test_goods_in_not_yet_unpacked_weighed_or_counted_leave_the_receipt_open(text: str) -> None:
    reading = _read(text, "warehouse")
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", None)


def test_goods_booked_in_stay_the_receipt_made() -> None:
    reading = _read("40107 到了5托 已入库", "warehouse")
    assert (reading.node, reading.done) == ("received", True)


@pytest.mark.parametrize("text", [
    "40111 检验合格",
    "40112 检测合格 没问题",
    "40113 合格 放行",
    "40114 检完了 合格",
    "40115 外观很好 尺寸也没问题 合格",
])
def test_the_buyers_qc_passing_goods_in_bare_words_is_the_receipt_made(text: str) -> None:
    reading = _read(text, "qc")
    assert (reading.intent, reading.node, reading.done, reading.also) == ("progress", "received", True, None)


@pytest.mark.parametrize(("text", "node"), [
    ("40121 终检合格", "final_inspection"),
    ("40122 出货检验合格", "final_inspection"),
    ("40123 质检合格", "final_inspection"),
    ("40124 首件检验通过", "first_process"),
    ("40125 首件检验做完了 合格", "first_process"),
])
def test_a_qc_naming_the_check_keeps_its_node(text: str, node: str) -> None:
    reading = _read(text, "qc")
    assert (reading.node, reading.done) == (node, True)


def test_a_supplier_saying_the_check_passed_is_not_the_buyers_receipt() -> None:
    assert _read("40131 检验合格", "supplier").node != "received"


def test_what_a_verdict_allows_is_no_plan() -> None:
    reading = _read("40141 验收合格 可以上线了", "qc")
    assert (reading.node, reading.done, reading.new_date) == ("received", True, None)


def test_qingdaos_ganghao_is_very_good_and_the_look_of_goods_no_step() -> None:
    reading = _read("40151 外观杠好 尺寸木有问题 合格", "qc")
    assert (reading.node, reading.done) == ("received", True)
    assert _read("40152 入库了 杠好", "warehouse").done is True


def test_a_lead_screw_done_is_still_a_part_made() -> None:
    reading = _read("40153 丝杠好了 200根", "supplier")
    assert reading.node != "received"
