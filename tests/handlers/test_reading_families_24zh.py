"""Round 24's Chinese-register mechanisms, found on the exams of stop 32's second set (BL, BM: Shanxi and Inner
Mongolian speech) after they were scored; tuned on them, so they carry no exam figure."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW).to_json_dict()


def test_jin_what_asks_what_is_due_today() -> None:
    assert _read("今儿有甚要发货的", "buyer") == {"intent": "today_query"}


def test_jin_doing_that_cannot_finish_is_the_making_late() -> None:
    reading = _read("4501 镀锌周五闹不完 得下礼拜二")
    assert (reading["intent"], reading["node"], reading["new_date"]) == ("delay", "in_process", "2026-12-01")


def test_a_roof_supports_advancing_ram_is_a_part_not_a_delay() -> None:
    reading = _read("4501 推移千斤顶发了 40根")
    assert (reading["intent"], reading["qty"]) == ("shipment", 40)


def test_the_parts_of_a_step_just_named_are_no_slip_of_a_check() -> None:
    assert _read("4501 调质件回来了") == {"intent": "progress", "po": "4501", "node": "in_process", "done": True}


@pytest.mark.parametrize("text", ["4501 Br偏低 12片", "4501 磁通偏低 8片"])
def test_a_magnets_short_performance_is_a_material_defect(text: str) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["category"]) == ("defect", "material")


@pytest.mark.parametrize(("text", "values"), [("4501 Br 1.41 1.43 1.42", [1.41, 1.43, 1.42]),
                                              ("4501 Hcj 16.2 16.4", [16.2, 16.4])])
def test_a_magnets_measured_performance_is_its_inspection_values(text: str, values: list[float]) -> None:
    assert _read(text, "qc") == {"intent": "inspection_values", "po": "4501", "values": values}


def test_jin_at_work_is_the_making_under_way() -> None:
    assert _read("4501 机加在闹嘞") == {"intent": "progress", "po": "4501", "node": "in_process", "done": False}


def test_a_magnet_shops_stock_short_is_a_shortage() -> None:
    assert _read("4501 镍板不够了")["intent"] == "shortage"
