"""Round 41 (r41pq): EP (Xiaoshan and Zhuji bearing-ring and valve shops) and EQ (Jiaxing fastener and
warp-knitting-machine-part shops).

Families read here: the parts and stock of these trades are words of the reader (sinkers, guide bars, needle beds, bolts,
balls and cages, rings), and 去氢 a step; an incoming check's heading over measured values is the values alone; the buyer's
QC passing a sample bare is the receipt made; goods come in short by a count leave the receipt's done unsaid; the day an
order is moved to is ahead whatever came before; a share with the bare verb keeps its ask after a part's name; a fastener
shop's 在打 is the rest under way; and writers' splits are shown first (a day in another party's words alone, still
counting with 还, the rest still being ground beside a shipment). Dates: Monday 7 December 2026
(tests/handlers/monday_reading.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.handlers.monday_reading import read as _read


@pytest.mark.parametrize(("text", "node", "done"), [
    ("75101 沉降片冲好了", "in_process", True),
    ("75102 梳栉在机加", "in_process", False),
    ("75103 导纱针热处理好了", "in_process", True),
    ("75104 六角螺栓在搓丝", "in_process", False),
    ("75105 外圈在磨", "in_process", False),
    ("75106 去氢处理做好了", "in_process", True),
])
def test_the_parts_and_steps_of_these_trades_are_read_unasked(text: str, node: str, done: bool) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", node, done, None)


@pytest.mark.parametrize("text", ["75111 钢球到货了", "75112 盘元到了", "75113 冲压件到了", "75114 保持架到了 6万只"])
def test_balls_cages_wire_rod_and_stampings_come_in_are_stock(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", "material_ready", True, None)


@pytest.mark.parametrize("text", ["75121 来料检验 硬度HRC 30 31 29.5", "75122 到货检验 外径 25.01 25.00 24.99"])
def test_an_incoming_checks_heading_over_measured_values_is_the_values_alone(text: str) -> None:
    reading = _read(text, role="qc")
    assert reading.intent == "inspection_values" and reading.also is None


def test_an_incoming_check_passed_with_its_values_is_still_the_receipt_made() -> None:
    reading = _read("75123 来料检验合格 外径 25.01 25.00 24.99", role="qc")
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", True)


def test_the_buyers_qc_passing_a_sample_bare_is_the_receipt_made() -> None:
    reading = _read("75131 抽检合格 放行", role="qc")
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", True)
    assert _read("75132 抽检合格").node == "final_inspection"  # the supplier's own sampling: his final inspection
    assert _read("75133 出货前抽检合格", role="qc").node == "final_inspection"


def test_goods_come_in_short_by_a_count_leave_the_receipts_done_unsaid() -> None:
    reading = _read("75141 到了 少发了30只", role="warehouse")
    assert (reading.intent, reading.node, reading.done) == ("progress", "received", None)
    assert [(item.intent, item.defect_qty, item.category) for item in reading.also or ()] == [("defect", 30, "quantity")]


def test_the_day_an_order_is_moved_to_is_ahead_whatever_came_before() -> None:
    reading = _read("75151 料晚到了 交期推到18号")
    assert (reading.intent, reading.new_date, reading.confirm) == ("delay", date(2026, 12, 18), None)


def test_a_share_with_the_bare_verb_is_asked_after_a_parts_name_too() -> None:
    reading = _read("75161 针床还在做 大概一半")
    assert (reading.node, reading.percent, reading.confirm) == ("in_process", 50, True)


def test_the_rest_said_in_the_fastener_shops_zai_da_is_under_way() -> None:
    reading = _read("75171 冷镦完成2万 还有1万在打")
    assert (reading.node, reading.done, reading.qty_done, reading.qty_left) == ("in_process", False, 20000, 10000)


@pytest.mark.parametrize(("text", "role"), [
    ("75181 热处理厂说明天出炉", "supplier"),  # a day in another party's words alone: plan, plan asked, or asked back
    ("75182 到货 还在点数", "warehouse"),  # still counting with 还: not done (EP) or done unsaid (DZ)
    ("75183 今天发了300只 剩下300还在磨", "supplier"),  # the rest still ground beside the shipment: `all: false` or more
])
def test_what_writers_split_on_is_shown_first(text: str, role: str) -> None:
    assert _read(text, role=role).confirm is True


def test_a_hardness_scale_said_low_is_a_material_fault() -> None:
    reading = _read("75191 HRC偏低 要重新调质", role="qc")
    assert (reading.intent, reading.category, reading.rework) == ("defect", "material", True)


def test_stock_said_come_this_morning_with_de_is_in_not_planned() -> None:
    reading = _read("75201 盘元今天上午到的 可以开始冷镦了")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


def test_a_supplier_asked_why_it_is_always_late_is_named_without_the_asking_word() -> None:
    reading = _read("浦阳阀门怎么老拖", role="buyer")
    assert (reading.intent, reading.supplier) == ("supplier_query", "浦阳阀门")


def test_the_trucks_due_in_today_are_asked_as_the_days_arrivals() -> None:
    assert _read("今天有几车货要到", role="warehouse").intent == "today_query"
