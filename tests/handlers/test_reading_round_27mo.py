"""Round 27 (r27mo): several orders named at the head, then several facts of them.

Issue 14's rule: "Several facts, several orders: each fact is recorded (or confirmed) on its own order, in one reply",
with `po` at the top the first order. A series of orders split at its spaces never makes its second order the
clause's own (the first order was lost and the second repeated); each fact is told of every order of the series, fact
by fact in the order the message says them (BY's form); the spreading is shown first. An order named on its own after
the series keeps its facts to itself, and so does an order of the series named again.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 15, 10, 0, tzinfo=_TZ)  # a Tuesday


def _read(text: str) -> Reading:
    return read_message(text, role="supplier", now=_NOW)


def _facts(reading: Reading) -> list[tuple[str, str | None, str | None, bool | None, date | None]]:
    return [(r.intent, r.po, r.node, r.done, r.new_date) for r in (reading, *(reading.also or ()))]


@pytest.mark.parametrize(("text", "done", "planned", "day"), [
    ("5521 5522 焊接都做完了 礼拜四终检", "in_process", "final_inspection", date(2026, 12, 17)),
    ("5521、5522 首件过了 周五发", "first_process", "shipped", date(2026, 12, 18)),
    ("5521跟5522 料都到齐了 后天开始车", "material_ready", "in_process", date(2026, 12, 17)),
    ("PO 5521 & 5522 material arrived, start machining on Friday", "material_ready", "in_process", date(2026, 12, 18)),
    ("5521 and 5522 final QC passed, will ship on Thursday", "final_inspection", "shipped", date(2026, 12, 17)),
])
def test_each_fact_is_told_of_each_order_of_the_head_fact_by_fact(
        text: str, done: str, planned: str, day: date) -> None:
    reading = _read(text)
    assert _facts(reading) == [
        ("progress", "5521", done, True, None),
        ("progress", "5522", done, True, None),
        ("plan", "5521", planned, None, day),
        ("plan", "5522", planned, None, day),
    ]


def test_the_spreading_over_the_orders_is_shown_first() -> None:
    assert _read("5523 5524 终检都过了 明天发").confirm is True


def test_one_fact_of_several_orders_is_recorded_without_asking() -> None:
    reading = _read("5525 5526 终检都过了")
    assert _facts(reading) == [("progress", "5525", "final_inspection", True, None),
                               ("progress", "5526", "final_inspection", True, None)]
    assert reading.confirm is None


def test_an_order_named_after_the_head_keeps_its_fact_to_itself() -> None:
    reading = _read("5527 5528 喷涂完了 5529 明天发")
    assert _facts(reading) == [
        ("progress", "5527", "in_process", True, None),
        ("progress", "5528", "in_process", True, None),
        ("plan", "5529", "shipped", None, date(2026, 12, 16)),
    ]


def test_an_order_of_the_head_named_again_keeps_the_later_fact_to_itself() -> None:
    reading = _read("5527 5528 喷涂完了 5527 明天发")
    assert _facts(reading)[2:] == [("plan", "5527", "shipped", None, date(2026, 12, 16))]
