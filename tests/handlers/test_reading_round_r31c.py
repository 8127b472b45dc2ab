"""Round 31 (r31c): three shapes of a misreading, whatever the register (handlers/reading_doubt.py).

A first article named in a report or a delay whose reading holds no fact of the first article: the step was taken from
the words beside it (CF CS CT, six silent lines, no right line asked). A small count of goods sent or work done whose
number stands beside no unit: a truck, a lot's number or an order's split digits read as pieces (BG CN CS, three silent
lines, no right line asked). Both are shown first; a reading that names the first article, a defect of it, a count with
its unit, stay as they were. A later fact read with no step while an earlier one has a step: the later clause named
its step by a word the reader lacks (BS BT CS, three silent lines, none right asked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from handlers.reading_doubt import doubted

_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday


@dataclass(frozen=True)
class _Item:
    intent: str
    node: str | None = None
    done: bool | None = None
    description: str | None = None
    reason: str | None = None
    qty_done: int | None = None
    qty_left: int | None = None
    percent: float | None = None
    begun: bool | None = None
    qty_total: int | None = None
    qty: int | None = None
    po: str | None = None


@pytest.mark.parametrize(("text", "item"), [
    ("20511 first article pass, so we begin bulk", _Item("progress", "in_process", True)),
    ("20512 首件做好了 拿给你们品质看了", _Item("progress", "final_inspection", True)),
    ("20513 FAI pass but bulk must delay to Nov 30", _Item("delay", "in_process")),
])
def test_a_first_article_named_where_the_reading_holds_none_of_it_is_doubted(text: str, item: _Item) -> None:
    assert doubted([item], text)
    assert not doubted([_Item(item.intent, "first_process", item.done)], text.replace("你们", ""))


def test_a_defect_of_the_first_article_and_a_lot_named_fa_are_no_doubt() -> None:
    assert not doubted([_Item("defect")], "20514 首件不合格 孔位偏了")
    assert not doubted([_Item("progress", "in_process", True)], "20516 批号FA2611-03 车好了")


@pytest.mark.parametrize("text", ["20514 首件合格了", "20515 first article approved"])
def test_a_first_article_read_as_itself_is_recorded(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == ("first_process", True, None)


@pytest.mark.parametrize("text", ["20521 shipped 2 truck today", "PO 2052 3 shipped"])
def test_a_small_count_beside_no_unit_is_shown_first(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.confirm) == ("shipment", True)


def test_a_small_count_beside_no_unit_is_doubted_of_work_done_too() -> None:
    assert doubted([_Item("progress", "in_process", qty_done=3)], "20528 做好 3 khuôn")
    assert not doubted([_Item("progress", "in_process", qty_done=3)], "20528 做好 3套")


@pytest.mark.parametrize("text", ["20523 发了5件", "20524 shipped 3 pallets", "20525 发了3箱", "20526 6 sets shipped"])
def test_a_small_count_with_its_unit_is_recorded(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).confirm is None


@pytest.mark.parametrize("later", [_Item("plan"), _Item("progress", percent=40)])
def test_a_later_fact_read_with_no_step_beside_an_earlier_step_is_doubted(later: _Item) -> None:
    # `抛丸完了 喷塑 周四 完成`, `drilling done, 20532 at 40%`: the later clause's step is a word the reader lacks
    assert doubted([_Item("progress", "in_process", True), later], "20531 抛丸完了 喷塑 周四 完成")
    assert not doubted([_Item("progress", "in_process", True), _Item("plan", "shipped")], "20531 抛丸完了 周四 发")


def test_a_fact_with_no_step_alone_or_first_is_no_later_fact() -> None:
    assert not doubted([_Item("progress", percent=40)], "20533 做了四成")
    assert not doubted([_Item("progress", percent=40), _Item("progress", "in_process", True)], "20534 四成 20535 车好了")
    # another order's count is a fact of its own (`20536 料到了 20537 完成1200`)
    assert not doubted([_Item("progress", "material_ready", True, po="20536"), _Item("progress", qty_done=1200, po="20537")],
                       "20536 料到了 20537 完成1200")

