"""Round 31 (r31d): stop 36's CP (Putian and Xianyou shoe and mahogany-furniture shops, Puxian speakers) and CL's
wrong readings (Taizhou valve shops, Taizhou Wu), each by a mechanism several corpora (or a register's own words on
several lines) share.

The shoe and furniture shops' steps (针车, 电绣, 雕花) and the goods they name before a report (鞋面, 大底, 扶手); 中底
is the midsole, never work under way; a bond come apart is function, a decoration off its mark appearance; the bulk run
with a day and 开 after it is planned; a weekday glued to the leading order leaves it the order; Wu's 发掉 is shipped;
the warehouse's packages come in are its receipt. The lines below are written in the corpora's style, not copied.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", ["6401 皮面在针车 做到40%了", "6402 靠背在雕花", "6403 鞋舌在电绣"])
def test_the_shoe_and_furniture_shops_steps_under_way_are_in_process(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)


@pytest.mark.parametrize("text", ["6404 网布鞋面在针车 完成30%", "6405 红木扶手在雕花", "6406 超纤鞋面针车好了"])
def test_the_goods_named_before_a_step_are_no_doubt(text: str) -> None:
    reading = _read(text)
    assert reading.node == "in_process" and not reading.confirm


def test_a_part_between_the_goods_word_and_the_step_is_no_doubt() -> None:
    reading = _read("6407 轮椅扶手注塑完成")
    assert (reading.node, reading.done, reading.confirm) == ("in_process", True, None)


@pytest.mark.parametrize("text", ["6408 PU中底料到了", "6409 中底料已到"])
def test_the_midsole_arriving_is_stock_come_not_work_under_way(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done) == ("material_ready", True)


@pytest.mark.parametrize(("text", "category"), [("6410 大底脱胶9双", "function"), ("6411 开胶 4双", "function"),
                                                ("6412 电绣走位6双", "appearance"), ("6413 丝印走位 20件", "appearance"),
                                                ("6414 大底溢料 5双", "appearance"), ("6415 面板有虫眼3件", "material"),
                                                ("6416 走位 6件", "dimension")])
def test_a_bond_come_apart_a_decoration_off_its_mark_flash_and_worm_holes(text: str, category: str) -> None:
    reading = _read(text, "qc")
    assert (reading.intent, reading.category) == ("defect", category)


def test_a_slip_of_the_sole_come_unglued_is_quoted_as_typed() -> None:
    reading = _read("6417 部良品 8双 开交", "qc")
    assert (reading.intent, reading.description, reading.category) == ("defect", "开交", "function")


@pytest.mark.parametrize(("text", "day"), [("6418 首件过了 大货明旦开", "2026-12-03"),
                                           ("6419 首件过了 大货下礼拜二开", "2026-12-08"),
                                           ("6420 首件过了 大货周五开整", "2026-12-04")])
def test_the_bulk_run_with_a_day_then_open_is_planned(text: str, day: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done) == ("first_process", True)
    assert reading.also and (reading.also[0].intent, reading.also[0].node) == ("plan", "in_process")
    assert str(reading.also[0].new_date) == day


def test_the_bulk_run_in_a_week_alone_still_plans_nothing() -> None:
    reading = _read("6421 首件ok 大货下周开")
    assert (reading.node, reading.done, reading.also) == ("first_process", True, None)


def test_puxian_not_come_yet_beside_a_step_done() -> None:
    reading = _read("6422 鞋面针车好了 中底还伓到")
    assert (reading.node, reading.done) == ("in_process", True)
    assert reading.also and (reading.also[0].node, reading.also[0].done) == ("material_ready", False)


@pytest.mark.parametrize("text", ["17301周四肯定不行 得下周二发", "17302周五发"])
def test_a_weekday_glued_to_the_leading_order_leaves_it_the_order(text: str) -> None:
    assert _read(text).po == text[:5]


def test_wu_shipped_away_is_a_shipment() -> None:
    reading = _read("17303最后一批600只发掉了")
    assert (reading.intent, reading.qty, reading.all) == ("shipment", 600, True)


@pytest.mark.parametrize("text", ["6423 来了5托 还没点", "6424 来了9箱 还没点数"])
def test_the_warehouses_packages_come_in_are_its_receipt(text: str) -> None:
    reading = _read(text, "warehouse")
    assert (reading.intent, reading.node) == ("progress", "received")
    assert reading.packages is not None
