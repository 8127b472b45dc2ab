"""Shortcuts the reader takes for speed read exactly what the long way reads: the order found in a text without a
pattern compiled for it (handlers/parsing.py)."""

from __future__ import annotations

import re

import pytest

from handlers.parsing import _order_in

TEXTS = ["8753 6061铝管昨儿到的", "18753 8753", "87531 8753", "x8753y", "8753", "", "no order", "PO8753发了",
         "８７５３ 到了", "8753.5", "A-8753 8753", "٨٧٥٣ 8753"]


@pytest.mark.parametrize("po", ["8753", "875", "A-8753", "8753.5", "٨٧٥٣", "８７５３"])
def test_an_order_is_found_where_the_pattern_made_for_it_finds_it(po: str) -> None:
    for text in TEXTS:
        found = _order_in(po, text)
        expected = re.search(rf"(?<!\d){re.escape(po)}(?!\d)", text)
        assert (found and found.span()) == (expected and expected.span()), (po, text)
