"""Round 30 (r30cs): the English of second-language writers, as Chinese export clerks write it (blind exam CS).

The goods' delivery promised for a day is the shipping, as 交 is; a delivery late is shown first, since writers split
(BQ CK CN CS read the shipping, BT and the house's held-out lines no node). The making by its general name late
(`production delay 2 days`) is the making. A wait with its `for` left out (`waiting your QC`) is no fact. Goods able
to go (`can ship`) have not gone; the inspection before shipment is the final one. A count with its unit after
`batch` is no lot code; `50pcs/ctn` is the count per package; `all` after two orders is the orders; a bare share after
another order's step and share is of that step."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message

_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday


@pytest.mark.parametrize(("text", "day"), [
    ("20411 delivery on Friday", "2026-11-20"), ("20412 we will deliver at 25th", "2026-11-25"),
    ("20413 20414 delivery both tomorrow", "2026-11-19"),
])
def test_a_delivery_promised_for_a_day_is_the_shipping_planned(text: str, day: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, str(reading.new_date)) == ("plan", "shipped", day)


@pytest.mark.parametrize("text", ["20421 delivery delay to 30th", "20422 sorry, delivery will be late to Nov 28 due to typhoon"])
def test_a_delivery_late_is_recorded_on_the_order_and_shown_first(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.confirm) == ("delay", None, True)


def test_a_delivery_date_moved_names_no_step_and_another_works_delivery_is_the_reason() -> None:
    assert read_message("20423 delivery date change to Nov 30", role="supplier", now=_NOW).node is None


@pytest.mark.parametrize("text", [
    "20431 production will delay 2 days because mould repair", "20432 power off, production delay 3 days",
    "20433 coating supplier too busy, our production need 4 more days",
])
def test_production_late_is_the_making_late(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node) == ("delay", "in_process")
    assert reading.delay_days is not None


@pytest.mark.parametrize("text", ["20441 all finish, waiting your QC", "20442 polishing done, waiting ur inspection"])
def test_a_wait_for_the_buyers_check_is_no_fact(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)
    assert not reading.also


def test_goods_able_to_go_have_not_gone() -> None:
    reading = read_message("20451 FQC passed, can ship", role="qc", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "final_inspection", True)
    assert not reading.also
    assert read_message("20452 can ship at Friday", role="supplier", now=_NOW).node == "shipped"


def test_the_inspection_before_shipment_is_the_final_one() -> None:
    reading = read_message("20453 pre-shipment inspection arranged on Nov 24", role="supplier", now=_NOW)
    assert (reading.intent, reading.node) == ("plan", "final_inspection")


@pytest.mark.parametrize(("text", "category"), [
    ("20461 OQC failed, color not match approved sample", "appearance"), ("20462 AQL fail, loose thread 12pcs", "appearance"),
    ("20463 drop test NG, 3pcs broken", "function"),
])
def test_what_english_writers_call_a_defect_has_its_category(text: str, category: str) -> None:
    reading = read_message(text, role="qc", now=_NOW)
    assert (reading.intent, reading.category) == ("defect", category)


def test_people_not_come_back_are_the_reason_as_said() -> None:
    reading = read_message("20471 shipment delay to Nov 26, workers not come back from holiday", role="supplier", now=_NOW)
    assert "not come back" in (reading.reason or "")


def test_a_count_after_batch_is_what_went_not_a_lot_code() -> None:
    reading = read_message("20481 last batch 600pcs shipped", role="supplier", now=_NOW)
    assert (reading.intent, reading.qty, reading.lot, reading.all) == ("shipment", 600, None, True)


def test_a_count_per_package_by_slash_multiplies() -> None:
    reading = read_message("20482 shipped 12ctns, 40pcs/ctn", role="supplier", now=_NOW)
    assert (reading.packages, reading.qty) == (12, 480)


def test_all_after_two_orders_is_the_orders() -> None:
    reading = read_message("20491/20492 all shipped today", role="supplier", now=_NOW)
    assert reading.intent == "shipment" and reading.all is None
    assert [a.po for a in reading.also or []] == ["20492"] and all(a.all is None for a in reading.also or [])
    assert read_message("20493 all shipped today", role="supplier", now=_NOW).all is True


def test_a_bare_share_after_another_orders_step_is_that_step() -> None:
    reading = read_message("20494 assembly 70%, 20495 40%", role="supplier", now=_NOW)
    assert (reading.node, reading.percent) == ("in_process", 70)
    assert [(a.po, a.node, a.percent) for a in reading.also or []] == [("20495", "in_process", 40)]
