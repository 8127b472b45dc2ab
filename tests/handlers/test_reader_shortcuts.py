"""Shortcuts the reader takes for speed read exactly what the long way reads: the order found in a text without a
pattern compiled for it, and the dates of a text no date pattern can match (handlers/parsing.py, handlers/dates.py)."""

from __future__ import annotations

import inspect
import re
from datetime import date

import pytest

from handlers import dates
from handlers.parsing import _order_in

TEXTS = ["8753 6061铝管昨儿到的", "18753 8753", "87531 8753", "x8753y", "8753", "", "no order", "PO8753发了",
         "８７５３ 到了", "8753.5", "A-8753 8753", "٨٧٥٣ 8753"]


@pytest.mark.parametrize("po", ["8753", "875", "A-8753", "8753.5", "٨٧٥٣", "８７５３"])
def test_an_order_is_found_where_the_pattern_made_for_it_finds_it(po: str) -> None:
    for text in TEXTS:
        found = _order_in(po, text)
        expected = re.search(rf"(?<!\d){re.escape(po)}(?!\d)", text)
        assert (found and found.span()) == (expected and expected.span()), (po, text)


def test_the_gate_of_the_dates_holds_every_pattern_find_dates_tries() -> None:
    tried = set(re.findall(r"(_[A-Z_]+)\.finditer", inspect.getsource(dates._find_dates.__wrapped__)))
    assert {getattr(dates, name).pattern for name in tried} == {pattern.pattern for pattern in dates._DATE_PATTERNS}


@pytest.mark.parametrize("text", ["明天发", "12月10号发不了 要到14号", "next Monday", "3 days later", "in 2 weeks", "2026-12-08",
                                  "31/7", "下个月5号", "月底", "end of this month", "周末", "再过三天", "5号", "45号钢",
                                  "好的", "4471 热处理完成了", "shipped 500 pcs", "Dec 5", "5th of December"])
def test_a_text_the_gate_lets_through_or_not_has_the_dates_the_patterns_find(text: str) -> None:
    today = date(2026, 12, 6)
    maybe = dates._MAYBE_DATE.search(text) is not None or dates._MAYBE_DATE_ENGLISH.search(text) is not None
    every = any(pattern.search(text) for pattern in dates._DATE_PATTERNS)
    assert maybe == every
    if not maybe:
        assert dates.find_dates(text, today) == []
