"""Mechanisms of round 23, found on the exams of stop 32 after they were scored and committed (so they carry
no exam figure): each a rule of how people write, in words of its own, never an exam's phrase."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW).to_json_dict()


# --- a word in a Latin script with diacritics is one word: its end is no English word of ours ---------------------

@pytest.mark.parametrize("text", [
    "4501 hàng về rồi",         # Vietnamese: the goods are back (hàng ends in ng)
    "4501 ngày kia giao",       # the day after tomorrow, deliver (ngày begins with ng)
    "4501 đang làm, chưa xong",  # working on it, not done yet
    "4501 Straße gesperrt",     # a German driver's note: no NG, no defect
])
def test_a_word_with_a_diacritic_never_reads_as_ng(text: str) -> None:
    reading = _read(text)
    assert reading["intent"] != "defect"
    assert reading.get("confirm") is True or reading["intent"] in ("clarify", "unknown", "noted")


@pytest.mark.parametrize(("text", "count"), [("4501 NG 5个", 5), ("4501 ng 5pcs", 5), ("4501 5个NG", 5)])
def test_ng_on_its_own_is_still_a_defect(text: str, count: int) -> None:
    reading = _read(text)
    assert reading["intent"] == "defect"
    assert reading["defect_qty"] == count
